package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.mist.codec.Levels;
import org.mist.dicom.Uids;
import org.mist.formats.FrameSource;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ObjectKeys;

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
    ArchiveIndex index;

    @GET
    @Path(FRAME)
    public Table defaultStore(@PathParam("study") String study, @PathParam("series") String series,
                              @PathParam("instance") String instance, @PathParam("frame") int frame) {
        return table("default", study, series, instance, frame);
    }

    @GET
    @Path("stores/{store}/" + FRAME)
    public Table namedStore(@PathParam("store") String store, @PathParam("study") String study,
                            @PathParam("series") String series, @PathParam("instance") String instance,
                            @PathParam("frame") int frame) {
        return table(store, study, series, instance, frame);
    }

    private Table table(String store, String study, String series, String instance, int number) {
        if (!ObjectKeys.validStoreName(store) || !Uids.valid(study) || !Uids.valid(series) || !Uids.valid(instance)) {
            throw new NotFoundException("no such store or UID");
        }
        ArchiveIndex.InstanceRow row = index.instance(store, study, series, instance)
                .orElseThrow(() -> new NotFoundException("no instance " + instance + " in series " + series));
        if (number < 1 || number > row.frames().size()) {
            throw new NotFoundException("instance " + instance + " has frames 1.." + row.frames().size());
        }
        FrameRow f = row.frames().get(number - 1);
        List<Level> levels = new ArrayList<>();
        for (int k = 0; k <= FrameSource.levels(f); k++) {
            levels.add(new Level(k, Levels.size(f.width(), k), Levels.size(f.height(), k), f.prefixLength(k)));
        }
        return new Table(f.codec().name(), number, f.components(), f.bitDepth(), f.signed(), f.byteSize(), levels);
    }
}
