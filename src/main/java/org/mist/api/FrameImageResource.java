package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.mist.archive.FrameList;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Scope;
import org.mist.formats.FrameImages;

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
                                 @PathParam("instance") String instance, @PathParam("frame") String frame,
                                 @PathParam("format") String format, @QueryParam("level") String level,
                                 @QueryParam("resolution") String resolution, @QueryParam("window") String window) {
        return image("default", study, series, instance, frame, format, level, resolution, window);
    }

    @GET
    @Path("stores/{store}/" + FRAME)
    public Response namedStore(@PathParam("store") String store, @PathParam("study") String study,
                               @PathParam("series") String series, @PathParam("instance") String instance,
                               @PathParam("frame") String frame, @PathParam("format") String format,
                               @QueryParam("level") String level, @QueryParam("resolution") String resolution,
                               @QueryParam("window") String window) {
        return image(store, study, series, instance, frame, format, level, resolution, window);
    }

    private Response image(String store, String study, String series, String instance, String frame, String format,
                           String level, String resolution, String window) {
        Format f = Format.parse(format);
        byte[] bytes = images.frame(Scope.instance(store, study, series, instance), FrameList.single(frame), f,
                LevelRequest.parse(level, resolution), window);
        return Response.ok(bytes, f == Format.PNG ? "image/png" : "image/jpeg").build();
    }
}
