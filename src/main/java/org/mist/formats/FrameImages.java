package org.mist.formats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mist.archive.FrameImage;
import org.mist.archive.FrameList;
import org.mist.archive.FrameSource;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Refusal;
import org.mist.archive.Rendering;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.codec.Levels;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/** One stored frame at a level as PNG or JPEG (every origin can leave as PNG/JPEG: the bottom of the hierarchy). */
@ApplicationScoped
public class FrameImages {
    @Inject
    Retrieve retrieve;
    @Inject
    FrameSource frames;

    /** Frame {@code number} of the instance {@code scope} names, as PNG or JPEG at the level asked for. */
    public byte[] frame(Scope scope, int number, Format format, LevelRequest level, String window) {
        if (format != Format.PNG && format != Format.JPEG) {
            throw Refusal.NOT_ACCEPTABLE.because("a frame leaves as png or jpeg, not " + format.lowerCase());
        }
        InstanceRow row = retrieve.instance(scope, format);
        FrameRow f = FrameList.of(number).select(row).get(0);
        return image(f, retrieve.rendering(row, f.number()), level.levelFor(f), format.lowerCase(), window);
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
                throw Refusal.BAD_REQUEST.because("window must be center,width, not \"" + window + "\"");
            }
            if (!(width > 0)) {
                throw Refusal.BAD_REQUEST.because("window width must be positive, not " + w[1]);
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

    private byte[] floatImage(FrameRow f, Rendering info, int k, Renderer.Request request) {
        return Renderer.renderFloats(frames.floats(f, k), Levels.size(f.width(), k), Levels.size(f.height(), k), info, request,
                f.width(), f.height());
    }
}
