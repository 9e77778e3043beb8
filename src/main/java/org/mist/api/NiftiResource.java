package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.mist.dicom.Uids;
import org.mist.formats.VolumeExport;
import org.mist.store.ObjectKeys;

/**
 * {@code GET /api/[stores/{store}/]studies/{study}/series/{series}/nifti?level=k|resolution=R&gzip=true}: the
 * series as one NIfTI-1 volume (DESIGN section 8 geometry), streamed.
 */
@Path("/api")
public class NiftiResource {
    private static final String SERIES = "studies/{study}/series/{series}/nifti";

    @Inject
    VolumeExport export;

    @GET
    @Path(SERIES)
    public Response defaultStore(@PathParam("study") String study, @PathParam("series") String series,
                                 @QueryParam("level") Integer level, @QueryParam("resolution") Integer resolution,
                                 @QueryParam("gzip") @DefaultValue("true") boolean gzip) {
        return nifti("default", study, series, level, resolution, gzip);
    }

    @GET
    @Path("stores/{store}/" + SERIES)
    public Response namedStore(@PathParam("store") String store, @PathParam("study") String study,
                               @PathParam("series") String series, @QueryParam("level") Integer level,
                               @QueryParam("resolution") Integer resolution,
                               @QueryParam("gzip") @DefaultValue("true") boolean gzip) {
        return nifti(store, study, series, level, resolution, gzip);
    }

    private Response nifti(String store, String study, String series, Integer level, Integer resolution, boolean gzip) {
        if (!ObjectKeys.validStoreName(store) || !Uids.valid(study) || !Uids.valid(series)) {
            return FrameImageResource.text(404, "no such store or UID");
        }
        if (level != null && resolution != null || level != null && level < 0 || resolution != null && resolution < 1) {
            return FrameImageResource.text(400, "give level (>= 0) or resolution (>= 1), not both");
        }
        VolumeExport.Nifti nifti;
        try {
            nifti = export.nifti(store, study, series, level, resolution, gzip);
        } catch (IllegalStateException e) {
            return FrameImageResource.text(404, e.getMessage());
        } catch (UnsupportedOperationException e) {
            return FrameImageResource.text(406, e.getMessage());
        } catch (IllegalArgumentException e) {
            return FrameImageResource.text(400, e.getMessage());
        }
        StreamingOutput body = nifti::writeTo;
        return Response.ok(body, gzip ? "application/gzip" : "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + nifti.fileName() + "\"").build();
    }
}
