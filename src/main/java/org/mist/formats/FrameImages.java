package org.mist.formats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mist.codec.Levels;
import org.mist.nifti.NiftiHeader;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Series;

/** One stored frame at a level as PNG or JPEG (every origin can leave as PNG/JPEG: the bottom of the hierarchy). */
@ApplicationScoped
public class FrameImages {
    @Inject
    ArchiveIndex index;
    @Inject
    InstanceWriter writer;
    @Inject
    FrameSource frames;
    @Inject
    ObjectStore objects;

    /**
     * The frame as {@code png} or {@code jpeg}. IllegalStateException: nothing there; IllegalArgumentException:
     * a parameter the frame cannot meet.
     */
    public byte[] frame(String store, String study, String series, String instance, int number, String format,
                        Integer level, Integer resolution, String window) {
        InstanceRow row = index.instance(store, study, series, instance)
                .orElseThrow(() -> new IllegalStateException("no instance " + instance + " in series " + series));
        if (number < 1 || number > row.frames().size()) {
            throw new IllegalStateException("instance " + instance + " has frames 1.." + row.frames().size());
        }
        FrameRow f = row.frames().get(number - 1);
        checkSamples(row, f);
        return image(f, Rendering.of(writer.header(row)), level(f, level, resolution), format, window);
    }

    /**
     * UnsupportedOperationException for a frame with no PNG/JPEG form: NIfTI float voxels that are not all
     * integers (kept as their float bits in the lossless fallback).
     */
    public void checkSamples(InstanceRow row, FrameRow f) {
        if (row.originFormat() != Series.OriginFormat.NIFTI || f.codec() != Frame.Codec.DEFLATE) {
            return;
        }
        String prefix = row.headerKey().substring(0, row.headerKey().lastIndexOf('/') + 1);
        if (NiftiHeader.parse(objects.get(ObjectKeys.niftiHeader(prefix))).type().floating()) {
            throw new UnsupportedOperationException("frame " + f.number() + " holds float voxels that are not all integers: "
                    + "they have no lossless PNG/JPEG form; ask for NIfTI");
        }
    }

    /** A frame whose instance is already at hand (an export reads its header once for all its frames). */
    public byte[] image(FrameRow f, Rendering info, int k, String format, String window) {
        FrameImage image = frames.decode(f, k, info.format());
        if ("png".equals(format) && window == null) {
            return PngOut.samples(image, info);
        }
        Double centre = null;
        Double width = null;
        if (window != null) {
            String[] w = window.split(",");
            try {
                centre = Double.parseDouble(w[0].trim());
                width = Double.parseDouble(w[1].trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("window must be center,width, not \"" + window + "\"");
            }
            if (!(width > 0)) {
                throw new IllegalArgumentException("window width must be positive, not " + w[1]);
            }
        }
        String type = "png".equals(format) ? "image/png" : "image/jpeg";
        return Renderer.render(image, info, new Renderer.Request(type, centre, width, null, 0, 0, 95), f.width(), f.height());
    }

    /** The level {@code level} or {@code resolution} names (both null: full resolution). */
    public static int level(FrameRow f, Integer level, Integer resolution) {
        int levels = FrameSource.levels(f);
        if (level != null && resolution != null) {
            throw new IllegalArgumentException("give level or resolution, not both");
        }
        if (level != null && (level < 0 || level > levels)) {
            throw new IllegalArgumentException("level " + level + " does not exist: the frame has levels 0.." + levels);
        }
        if (resolution != null && resolution < 1) {
            throw new IllegalArgumentException("resolution must be positive, not " + resolution);
        }
        return level != null ? level : resolution != null ? Levels.forResolution(f.width(), f.height(), levels, resolution) : 0;
    }
}
