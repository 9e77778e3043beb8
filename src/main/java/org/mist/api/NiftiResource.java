package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.mist.archive.LevelRequest;
import org.mist.archive.Scope;
import org.mist.formats.VolumeExport;

/**
 * {@code GET /api/[stores/{store}/]studies/{study}/series/{series}/nifti?level=k|resolution=R&gzip=true&suffix=S}:
 * the series as one NIfTI-1 volume (DESIGN section 8 geometry), streamed. An enhanced series holding several
 * echoes or image components has one volume each, chosen by dcm2niix's file-name suffix ({@code _ph},
 * {@code _e2}); without one, the volume dcm2niix names without a suffix.
 */
@Path("/api")
public class NiftiResource {
    private static final String SERIES = "studies/{study}/series/{series}/nifti";

    @Inject
    VolumeExport export;

    @GET
    @Path(SERIES)
    public Response defaultStore(@PathParam("study") String study, @PathParam("series") String series,
                                 @QueryParam("level") String level, @QueryParam("resolution") String resolution,
                                 @QueryParam("gzip") @DefaultValue("true") boolean gzip,
                                 @QueryParam("suffix") String suffix) {
        return nifti("default", study, series, level, resolution, gzip, suffix);
    }

    @GET
    @Path("stores/{store}/" + SERIES)
    public Response namedStore(@PathParam("store") String store, @PathParam("study") String study,
                               @PathParam("series") String series, @QueryParam("level") String level,
                               @QueryParam("resolution") String resolution,
                               @QueryParam("gzip") @DefaultValue("true") boolean gzip,
                               @QueryParam("suffix") String suffix) {
        return nifti(store, study, series, level, resolution, gzip, suffix);
    }

    private Response nifti(String store, String study, String series, String level, String resolution, boolean gzip,
                           String suffix) {
        VolumeExport.Nifti nifti = export.nifti(Scope.series(store, study, series), LevelRequest.parse(level, resolution),
                gzip, suffix);
        StreamingOutput body = nifti::writeTo;
        return Response.ok(body, gzip ? "application/gzip" : "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + nifti.fileName() + "\"").build();
    }
}
