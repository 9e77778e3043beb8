package org.mist.formats;

import java.util.List;
import org.mist.archive.FrameImage;
import org.mist.archive.Refusal;
import org.mist.dicom.PixelFormat;

/**
 * Decoded frames back to native Pixel Data (Explicit VR Little Endian): words of Bits Allocated in the
 * instance's Planar Configuration; 1-bit frames packed least significant bit first, one frame after
 * another with no padding between them (PS3.5 8.1.1).
 */
public final class NativePixels {
    private NativePixels() {
    }

    public static byte[] of(List<FrameImage> frames, PixelFormat f) {
        long samples = 0;
        for (FrameImage im : frames) {
            samples += im.values().length;
        }
        long bytes = f.bitsAllocated() == 1 ? (samples + 7) / 8 : samples * (f.bitsAllocated() / 8);
        if (bytes > Integer.MAX_VALUE - 16) {
            throw Refusal.NOT_ACCEPTABLE.because("native pixel data of " + bytes + " bytes does not fit one response part: "
                    + "ask for the frames one by one, or as HTJ2K");
        }
        byte[] out = new byte[(int) bytes];
        long i = 0;
        for (FrameImage im : frames) {
            long[] v = f.planar() && im.components() > 1 ? planar(im) : im.values();
            for (long s : v) {
                switch (f.bitsAllocated()) {
                    case 1 -> {
                        if ((s & 1) != 0) {
                            out[(int) (i >> 3)] |= (byte) (1 << (i & 7));
                        }
                    }
                    case 8 -> out[(int) i] = (byte) s;
                    case 16 -> {
                        out[(int) (2 * i)] = (byte) s;
                        out[(int) (2 * i + 1)] = (byte) (s >> 8);
                    }
                    default -> {
                        for (int b = 0; b < 4; b++) {
                            out[(int) (4 * i + b)] = (byte) (s >> (8 * b));
                        }
                    }
                }
                i++;
            }
        }
        return out;
    }

    private static long[] planar(FrameImage im) {
        int c = im.components();
        int n = im.width() * im.height();
        long[] out = new long[n * c];
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < c; k++) {
                out[k * n + p] = im.values()[p * c + k];
            }
        }
        return out;
    }
}
