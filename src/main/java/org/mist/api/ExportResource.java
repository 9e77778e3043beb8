package org.mist.api;

import io.quarkus.logging.Log;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Locale;
import org.mist.dicom.Uids;
import org.mist.formats.DatasetExport;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ObjectKeys;

/**
 * {@code GET /api/[stores/{store}/]export?format=dicom|nifti|png|jpeg[&study=][&series=][&level=|&resolution=]}:
 * a store, study or series as one streamed tar with a manifest.
 */
@Path("/api")
public class ExportResource {
    @Inject
    DatasetExport export;

    @GET
    @Path("export")
    public Response defaultStore(@QueryParam("format") String format, @QueryParam("study") String study,
                                 @QueryParam("series") String series, @QueryParam("level") Integer level,
                                 @QueryParam("resolution") Integer resolution) {
        return tar("default", format, study, series, level, resolution);
    }

    @GET
    @Path("stores/{store}/export")
    public Response namedStore(@PathParam("store") String store, @QueryParam("format") String format,
                               @QueryParam("study") String study, @QueryParam("series") String series,
                               @QueryParam("level") Integer level, @QueryParam("resolution") Integer resolution) {
        return tar(store, format, study, series, level, resolution);
    }

    private Response tar(String store, String format, String study, String series, Integer level, Integer resolution) {
        if (!ObjectKeys.validStoreName(store)) {
            return FrameImageResource.text(404, "no store named \"" + store + "\"");
        }
        DatasetExport.Format f;
        try {
            f = DatasetExport.Format.valueOf(String.valueOf(format).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return FrameImageResource.text(400, "format must be dicom, nifti, png or jpeg, not \"" + format + "\"");
        }
        if (study != null && !Uids.valid(study) || series != null && !Uids.valid(series)) {
            return FrameImageResource.text(400, "study and series must be UIDs");
        }
        if (level != null && resolution != null || level != null && level < 0 || resolution != null && resolution < 1) {
            return FrameImageResource.text(400, "give level (>= 0) or resolution (>= 1), not both");
        }
        DatasetExport.Selection selection = new DatasetExport.Selection(store, study, series, f, level, resolution);
        List<List<InstanceRow>> plan;
        try {
            plan = export.plan(selection);
        } catch (IllegalStateException e) {
            return FrameImageResource.text(404, e.getMessage());
        } catch (UnsupportedOperationException e) {
            return FrameImageResource.text(406, e.getMessage());
        }
        String name = (series != null ? series : study != null ? study : store) + "-" + f.name().toLowerCase(Locale.ROOT) + ".tar";
        StreamingOutput body = out -> {
            DatasetExport.Summary s = export.write(selection, plan, out, file -> { });
            // What the export cost, for operators and bench/export.sh (the tar has already left).
            Log.infof("export %s: %d files, %d bytes written, %d bytes read from the object store, %d skipped", name, s.files(),
                    s.bytesWritten(), s.bytesRead(), s.skipped().size());
        };
        return Response.ok(body, "application/x-tar").header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
