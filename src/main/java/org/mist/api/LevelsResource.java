package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.mist.archive.FrameList;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.codec.Levels;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * The level table of a frame: for each level its size and the bytes a client must read for it (the
 * prefix length of the stored codestream, usable as {@code Range: bytes=0-(bytes-1)} on the frame).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LevelsResource {
    private static final String FRAME = "studies/{study}/series/{series}/instances/{instance}/frames/{frame}/levels";

    public record Level(int level, int width, int height, long bytes) {
    }

    public record Table(String codec, int frame, int components, int bitDepth, boolean signed, long objectBytes,
                        List<Level> levels) {
    }

    @Inject
    Retrieve retrieve;

    @GET
    @Path(FRAME)
    public Table defaultStore(@PathParam("study") String study, @PathParam("series") String series,
                              @PathParam("instance") String instance, @PathParam("frame") String frame) {
        return table("default", study, series, instance, frame);
    }

    @GET
    @Path("stores/{store}/" + FRAME)
    public Table namedStore(@PathParam("store") String store, @PathParam("study") String study,
                            @PathParam("series") String series, @PathParam("instance") String instance,
                            @PathParam("frame") String frame) {
        return table(store, study, series, instance, frame);
    }

    private Table table(String store, String study, String series, String instance, String frame) {
        int number = FrameList.single(frame);
        InstanceRow row = retrieve.instance(Scope.instance(store, study, series, instance));
        FrameRow f = FrameList.of(number).select(row).get(0);
        List<Level> levels = new ArrayList<>();
        for (int k = 0; k <= f.maxLevel(); k++) {
            levels.add(new Level(k, Levels.size(f.width(), k), Levels.size(f.height(), k), f.prefixLength(k)));
        }
        return new Table(f.codec().name(), f.number(), f.components(), f.bitDepth(), f.signed(), f.byteSize(), levels);
    }
}
