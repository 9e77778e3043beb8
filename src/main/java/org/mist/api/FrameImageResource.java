package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.mist.dicom.Uids;
import org.mist.formats.FrameImages;
import org.mist.store.ObjectKeys;

/**
 * {@code GET /api/[stores/{store}/]studies/.../instances/{uid}/frames/{n}/png|jpeg?level=k|resolution=R}: one
 * frame at a level as a file. PNG holds the samples losslessly (16-bit for data over 8 bits) unless a
 * {@code window=center,width} asks for an 8-bit display image; JPEG is always a windowed 8-bit image.
 */
@Path("/api")
public class FrameImageResource {
    private static final String FRAME = "studies/{study}/series/{series}/instances/{instance}/frames/{frame}/{format: png|jpeg}";

    @Inject
    FrameImages images;

    @GET
    @Path(FRAME)
    public Response defaultStore(@PathParam("study") String study, @PathParam("series") String series,
                                 @PathParam("instance") String instance, @PathParam("frame") int frame,
                                 @PathParam("format") String format, @QueryParam("level") Integer level,
                                 @QueryParam("resolution") Integer resolution, @QueryParam("window") String window) {
        return image("default", study, series, instance, frame, format, level, resolution, window);
    }

    @GET
    @Path("stores/{store}/" + FRAME)
    public Response namedStore(@PathParam("store") String store, @PathParam("study") String study,
                               @PathParam("series") String series, @PathParam("instance") String instance,
                               @PathParam("frame") int frame, @PathParam("format") String format,
                               @QueryParam("level") Integer level, @QueryParam("resolution") Integer resolution,
                               @QueryParam("window") String window) {
        return image(store, study, series, instance, frame, format, level, resolution, window);
    }

    private Response image(String store, String study, String series, String instance, int frame, String format,
                           Integer level, Integer resolution, String window) {
        if (!ObjectKeys.validStoreName(store) || !Uids.valid(study) || !Uids.valid(series) || !Uids.valid(instance)) {
            return text(404, "no such store or UID");
        }
        try {
            byte[] bytes = images.frame(store, study, series, instance, frame, format, level, resolution, window);
            return Response.ok(bytes, "png".equals(format) ? "image/png" : "image/jpeg").build();
        } catch (IllegalStateException e) {
            return text(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return text(400, e.getMessage());
        } catch (UnsupportedOperationException e) {
            return text(406, e.getMessage());
        }
    }

    static Response text(int status, String reason) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(reason + "\n").build();
    }
}
