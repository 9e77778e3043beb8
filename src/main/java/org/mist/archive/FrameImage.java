package org.mist.archive;

import org.mist.codec.Samples;

/**
 * One decoded frame at some level, interleaved (component fastest), as the container words' values:
 * what goes into native Pixel Data, PNG or NIfTI. Values are longs so 32-bit unsigned words fit.
 */
public record FrameImage(int width, int height, int components, long[] values) {

    public static FrameImage of(Samples s) {
        int w = s.spec().width();
        int h = s.spec().height();
        int c = s.spec().components();
        long[] v = new long[w * h * c];
        if (!s.planar() && s.bytes() != null) {
            byte[] b = s.bytes();
            boolean signed = s.spec().signed();
            for (int i = 0; i < v.length; i++) {
                v[i] = signed ? b[i] : b[i] & 0xFF;
            }
        } else if (!s.planar()) {
            short[] b = s.shorts();
            boolean signed = s.spec().signed();
            for (int i = 0; i < v.length; i++) {
                v[i] = signed ? b[i] : b[i] & 0xFFFF;
            }
        } else {
            int i = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        v[i++] = s.get(x, y, k);
                    }
                }
            }
        }
        return new FrameImage(w, h, c, v);
    }

    /** Grey+alpha as grey, RGBA as RGB (a rendered image shows no alpha); others as they are. */
    public FrameImage withoutAlpha() {
        if (components != 2 && components != 4) {
            return this;
        }
        int kept = components - 1;
        long[] v = new long[width * height * kept];
        for (int i = 0, j = 0; i < values.length; i += components) {
            for (int c = 0; c < kept; c++) {
                v[j++] = values[i + c];
            }
        }
        return new FrameImage(width, height, kept, v);
    }

    public long get(int x, int y, int c) {
        return values[(y * width + x) * components + c];
    }
}
