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
import org.mist.archive.FeedPosition;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Meters;
import org.mist.archive.Scope;
import org.mist.formats.DatasetExport;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * {@code GET /api/[stores/{store}/]export?format=dicom|nifti|png|jpeg[&study=][&series=][&level=|&resolution=][&since=]}:
 * a store, study or series as one streamed tar with a manifest; with {@code since}, only what was created after
 * that entry of the change feed ({@code GET /api/changes}).
 */
@Path("/api")
public class ExportResource {
    @Inject
    DatasetExport export;

    @GET
    @Path("export")
    public Response defaultStore(@QueryParam("format") String format, @QueryParam("study") String study,
                                 @QueryParam("series") String series, @QueryParam("level") String level,
                                 @QueryParam("resolution") String resolution, @QueryParam("since") String since) {
        return tar("default", format, study, series, level, resolution, since);
    }

    @GET
    @Path("stores/{store}/export")
    public Response namedStore(@PathParam("store") String store, @QueryParam("format") String format,
                               @QueryParam("study") String study, @QueryParam("series") String series,
                               @QueryParam("level") String level, @QueryParam("resolution") String resolution,
                               @QueryParam("since") String since) {
        return tar(store, format, study, series, level, resolution, since);
    }

    private Response tar(String store, String format, String study, String series, String level, String resolution,
                         String since) {
        DatasetExport.Selection selection = new DatasetExport.Selection(new Scope(store, study, series, null),
                Format.parse(format), LevelRequest.parse(level, resolution), FeedPosition.parse(since, null).since());
        List<List<InstanceRow>> plan = export.plan(selection);
        String name = (series != null ? series : study != null ? study : store) + "-" + selection.format().lowerCase() + ".tar";
        StreamingOutput body = out -> {
            DatasetExport.Summary s;
            try (Meters.InFlight exporting = Meters.inFlight("export")) {
                s = export.write(selection, plan, out, file -> { });
            }
            // What the export cost, for operators and bench/export.sh (the tar has already left).
            Log.infof("export %s: %d files, %d bytes written, %d bytes read from the object store, %d skipped", name, s.files(),
                    s.bytesWritten(), s.bytesRead(), s.skipped().size());
        };
        return Response.ok(body, "application/x-tar").header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
