package org.mist.formats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mist.codec.Levels;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/** One stored frame at a level as PNG or JPEG (every origin can leave as PNG/JPEG: the bottom of the hierarchy). */
@ApplicationScoped
public class FrameImages {
    @Inject
    ArchiveIndex index;
    @Inject
    InstanceWriter writer;
    @Inject
    FrameSource frames;

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
        return image(f, Rendering.of(writer.header(row)), level(f, level, resolution), format, window);
    }

    /** A frame whose instance is already at hand (an export reads its header once for all its frames). */
    public byte[] image(FrameRow f, Rendering info, int k, String format, String window) {
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
        Renderer.Request request = new Renderer.Request(type, centre, width, null, 0, 0, 95);
        if (f.codec() == Frame.Codec.FLOAT) {
            return floatImage(f, info, k, request);
        }
        FrameImage image = frames.decode(f, k, info.format());
        if ("png".equals(format) && window == null) {
            return PngOut.samples(image, info);
        }
        return Renderer.render(image, info, request, f.width(), f.height());
    }

    /**
     * Float samples have no lossless PNG: they are rendered, 8-bit, through the window asked for or, without
     * one, their own range. They are quantised to 16 bits over that range first, the rescale carrying the
     * real values, so a window in real units still applies.
     */
    private byte[] floatImage(FrameRow f, Rendering info, int k, Renderer.Request request) {
        double[] v = frames.floats(f, k);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        if (min > max) {
            min = 0;
            max = 0;
        }
        double step = max > min ? (max - min) / 65535 : 1;
        long[] q = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = Double.isFinite(v[i]) ? Math.round((v[i] - min) / step) : 0;
        }
        int w = Levels.size(f.width(), k);
        int h = Levels.size(f.height(), k);
        Rendering quantised = new Rendering(new PixelFormat(h, w, 1, 16, 16, 15, false, false, "MONOCHROME2", 1),
                info.slope() * step, info.slope() * min + info.intercept(), null, null, "LINEAR", null);
        return Renderer.render(new FrameImage(w, h, 1, q), quantised, request, f.width(), f.height());
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
