package org.mist.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;

/**
 * Maps a frame's DICOM container words to the samples HTJ2K codes, and says when it cannot. Samples are
 * coded at Bits Stored with the sign of Pixel Representation when every word holds just such a value
 * (two's complement, sign-extended, for signed data); when any word carries other bits above them
 * (overlays, unmasked garbage, odd High Bit), the whole word is coded as an unsigned value of Bits
 * Allocated, so nothing is lost either way. 32-bit words do not fit HTJ2K: empty, the caller stores the
 * frame in the lossless fallback.
 */
public final class FrameSamples {
    private FrameSamples() {
    }

    public static Optional<Samples> toSamples(DecodedFrame frame) {
        PixelFormat f = frame.format();
        int components = f.samplesPerPixel();
        if (frame.words() instanceof int[]) {
            return Optional.empty();
        }
        if (frame.words() instanceof byte[] b) {
            int bits = f.bitsAllocated() == 1 ? 1 : f.bitsStored();
            boolean signed = f.signed() && f.bitsAllocated() != 1;
            if (!fits(b, bits, signed, f)) {
                bits = 8;
                signed = false;
            }
            return Optional.of(Samples.ofBytes(new ImageSpec(f.columns(), f.rows(), components, bits, signed), b, frame.planar()));
        }
        short[] s = (short[]) frame.words();
        int bits = f.bitsStored();
        boolean signed = f.signed();
        if (!fits(s, bits, signed, f)) {
            return Optional.of(Samples.ofShorts(new ImageSpec(f.columns(), f.rows(), components, 16, false), s, frame.planar()));
        }
        if (bits <= 8) {
            byte[] b = new byte[s.length];
            for (int i = 0; i < s.length; i++) {
                b[i] = (byte) s[i];
            }
            return Optional.of(Samples.ofBytes(new ImageSpec(f.columns(), f.rows(), components, bits, signed), b, frame.planar()));
        }
        return Optional.of(Samples.ofShorts(new ImageSpec(f.columns(), f.rows(), components, bits, signed), s, frame.planar()));
    }

    // Whether every word lies in the range of `bits` bits: shifted by half the range when signed, all of them are
    // in [0, 2^bits) exactly when their OR is. An OR over the array is one pass the JIT vectorizes.

    private static boolean fits(byte[] words, int bits, boolean signed, PixelFormat f) {
        if (f.highBit() != f.bitsStored() - 1 && f.bitsAllocated() != 1) {
            return false;
        }
        int any = 0;
        if (signed) {
            int offset = 1 << (bits - 1);
            for (byte w : words) {
                any |= w + offset;
            }
        } else {
            for (byte w : words) {
                any |= w & 0xFF;
            }
        }
        return any >>> bits == 0;
    }

    private static boolean fits(short[] words, int bits, boolean signed, PixelFormat f) {
        if (f.highBit() != f.bitsStored() - 1) {
            return false;
        }
        int any = 0;
        if (signed) {
            int offset = 1 << (bits - 1);
            for (short w : words) {
                any |= w + offset;
            }
        } else {
            for (short w : words) {
                any |= w & 0xFFFF;
            }
        }
        return any >>> bits == 0;
    }

    /** The container words as little-endian bytes, for the lossless fallback. */
    public static byte[] littleEndianBytes(DecodedFrame frame) {
        Object w = frame.words();
        if (w instanceof byte[] b) {
            return b;
        }
        if (w instanceof short[] s) {
            ByteBuffer out = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            out.asShortBuffer().put(s);
            return out.array();
        }
        int[] i = (int[]) w;
        ByteBuffer out = ByteBuffer.allocate(i.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.asIntBuffer().put(i);
        return out.array();
    }
}
