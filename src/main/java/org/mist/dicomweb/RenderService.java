package org.mist.dicomweb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.mist.archive.FrameImage;
import org.mist.archive.FrameList;
import org.mist.archive.FrameSource;
import org.mist.archive.LevelRequest;
import org.mist.archive.Refusal;
import org.mist.archive.Rendering;
import org.mist.archive.Retrieve;
import org.mist.codec.Levels;
import org.mist.formats.Renderer;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/**
 * Rendered and thumbnail resources (PS3.18 10.4.1.1.3, 10.4.1.1.4): one frame as PNG or JPEG, decoded from
 * the lowest level that still covers the viewport, so a thumbnail reads a small prefix of the frame.
 */
@ApplicationScoped
public class RenderService {
    static final int THUMBNAIL_SIZE = 128;

    @Inject
    Retrieve retrieve;
    @Inject
    FrameSource frames;

    /** The parameters of a rendered request, parsed and checked (400 with the reason otherwise). */
    record Params(String window, String viewport, String quality, LevelRequest level) {
    }

    Reply render(InstanceRow row, int frameNumber, Accept accept, Params p, boolean thumbnail) {
        String mediaType = mediaType(accept);
        FrameRow f = FrameList.of(frameNumber).select(row).get(0);
        Double centre = null;
        Double width = null;
        String function = null;
        if (p.window() != null) {
            String[] w = p.window().split(",");
            if (w.length < 2 || w.length > 3) {
                throw Refusal.BAD_REQUEST.because("window must be center,width[,function], not \"" + p.window() + "\"");
            }
            centre = decimal("window center", w[0]);
            width = decimal("window width", w[1]);
            if (width <= 0) {
                throw Refusal.BAD_REQUEST.because("window width must be positive, not " + w[1]);
            }
            if (w.length == 3) {
                function = w[2].trim().toUpperCase();
                if (!List.of("LINEAR", "LINEAR_EXACT", "SIGMOID").contains(function)) {
                    throw Refusal.BAD_REQUEST.because("window function must be linear, linear_exact or sigmoid, not " + w[2]);
                }
            }
        }
        int vw = thumbnail ? THUMBNAIL_SIZE : 0;
        int vh = thumbnail ? THUMBNAIL_SIZE : 0;
        if (p.viewport() != null) {
            String[] v = p.viewport().split(",");
            if (v.length != 2 && v.length != 6) {
                throw Refusal.BAD_REQUEST.because("viewport must be vw,vh (or vw,vh,sx,sy,sw,sh), not \"" + p.viewport() + "\"");
            }
            vw = (int) positive("viewport width", v[0]);
            vh = (int) positive("viewport height", v[1]);
        }
        int quality = p.quality() == null ? 90 : (int) Math.round(decimal("quality", p.quality()));
        if (quality < 1 || quality > 100) {
            throw Refusal.BAD_REQUEST.because("quality must be 1..100, not " + p.quality());
        }
        Rendering info = retrieve.rendering(row, frameNumber);
        int level = p.level().levelFor(f, vw, vh);
        Renderer.Request request = new Renderer.Request(mediaType, centre, width, function, vw, vh, quality);
        if (f.codec() == Frame.Codec.FLOAT) {  // Float or Double Float Pixel Data
            return Reply.of(mediaType, Renderer.renderFloats(frames.floats(f, level), Levels.size(f.width(), level),
                    Levels.size(f.height(), level), info, request, f.width(), f.height()));
        }
        FrameImage image = frames.decode(f, level, info.format());
        return Reply.of(mediaType, Renderer.render(image, info, request, f.width(), f.height()));
    }

    private static String mediaType(Accept accept) {
        for (MediaTypes m : accept.ranges()) {
            switch (m.type()) {
                case "image/jpeg", "*/*", "image/*" -> {
                    return "image/jpeg";
                }
                case "image/png" -> {
                    return "image/png";
                }
                default -> {
                    // not offered: try the next range
                }
            }
        }
        throw Refusal.NOT_ACCEPTABLE.because("rendered images are offered as image/jpeg (default) or image/png");
    }

    private static double decimal(String name, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.BAD_REQUEST.because(name + " must be a number, not \"" + v + "\"");
    }

    private static double positive(String name, String v) {
        double d = decimal(name, v);
        if (d < 1 || d > 16384) {
            throw Refusal.BAD_REQUEST.because(name + " must be 1..16384, not " + v);
        }
        return d;
    }
}
