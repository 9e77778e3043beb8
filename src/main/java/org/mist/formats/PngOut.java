package org.mist.formats;

import java.util.Arrays;
import org.mist.archive.FrameImage;
import org.mist.archive.Palette;
import org.mist.archive.Rendering;

/**
 * A frame's samples as a lossless PNG (for research pipelines, not display): grey up to 8 bits as 8-bit PNG
 * (1, 2 or 4 bits when the samples came so from a PNG), over 8 bits as 16-bit, colour and alpha as they are,
 * palette images as a palette PNG of their indices. Signed samples are offset by 2^(Bits Stored - 1) so that
 * they fit PNG's unsigned samples (subtract it to read the stored values); no rescale, no window.
 */
public final class PngOut {
    private PngOut() {
    }

    public static byte[] samples(FrameImage im, Rendering info) {
        int bits = info.format().bitsStored();
        long offset = info.format().signed() ? 1L << (bits - 1) : 0;
        int depth = bits > 8 ? 16 : info.format().bitsAllocated() == 8 && (bits == 1 || bits == 2 || bits == 4) ? bits : 8;
        Palette p = info.palette();
        boolean palette = p != null && !p.supplemental() && im.components() == 1 && bits <= 8 && p.first() == 0 && p.red().length <= 256;
        int colourType = switch (im.components()) {
            case 2 -> PngEncoder.GREY_ALPHA;
            case 3 -> PngEncoder.RGB;
            case 4 -> PngEncoder.RGBA;
            default -> palette ? PngEncoder.PALETTE : PngEncoder.GREY;
        };
        long[] v = im.values();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = info.sample(v[i]) + offset;
        }
        int[] entries = null;
        if (palette) {
            // A DICOM palette may be shorter than the indices used; PNG wants every index in PLTE (opaque black).
            long max = 0;
            for (long x : out) {
                max = Math.max(max, x);
            }
            entries = p.rgba();
            int size = entries.length;
            if (max >= size) {
                entries = Arrays.copyOf(entries, (int) max + 1);
                Arrays.fill(entries, size, entries.length, 0xFF);
            }
        }
        return PngEncoder.encode(im.width(), im.height(), colourType, depth, out, entries);
    }
}
