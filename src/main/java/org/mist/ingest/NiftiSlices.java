package org.mist.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mist.dicom.DecodedFrame;
import org.mist.dicom.PixelFormat;
import org.mist.nifti.NiftiHeader;
import org.mist.nifti.NiftiType;
import org.mist.store.ObjectSink;
import org.mist.store.StoredFrame;
import org.mist.store.entity.Frame;

/**
 * One NIfTI slice to one stored frame. 8- and 16-bit integers and RGB24 go to HTJ2K as they are; 32-bit
 * integers and floats go to HTJ2K as 16-bit samples when every value of the slice is an integer that fits
 * (labels and CT stored as int32 or float usually are), otherwise to the lossless fallback as their
 * little-endian bytes (codec FLOAT for floats: their bits untouched, -0.0 and NaN included).
 */
final class NiftiSlices {
    private NiftiSlices() {
    }

    static StoredFrame store(byte[] raw, NiftiHeader h, int number, String prefix, ObjectSink sink) {
        int w = (int) h.nx();
        int height = (int) h.ny();
        NiftiType t = h.type();
        ByteBuffer b = ByteBuffer.wrap(raw).order(h.order());
        int n = w * height;
        switch (t) {
            case UINT8, INT8, RGB24 -> {
                PixelFormat f = format(height, w, t.components(), 8, t.signed(), t == NiftiType.RGB24 ? "RGB" : "MONOCHROME2");
                return FrameEncoder.store(new DecodedFrame(f, raw, false, f.photometric()), number, prefix, sink, true);
            }
            case INT16, UINT16 -> {
                short[] s = new short[n];
                b.asShortBuffer().get(s);
                return shorts(s, t.signed(), height, w, number, prefix, sink);
            }
            default -> {
                double[] v = new double[n];
                boolean integral = true;
                double min = 0;
                double max = 0;
                for (int i = 0; i < n; i++) {
                    double x = switch (t) {
                        case INT32 -> b.getInt(4 * i);
                        case UINT32 -> b.getInt(4 * i) & 0xFFFFFFFFL;
                        case FLOAT32 -> b.getFloat(4 * i);
                        default -> b.getDouble(8 * i);
                    };
                    // -0.0 and NaN would not come back from an integer sample.
                    integral &= x == Math.rint(x) && !(x == 0 && 1 / x < 0);
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                    v[i] = x;
                }
                boolean signed = min < 0;
                if (integral && (signed ? min >= Short.MIN_VALUE && max <= Short.MAX_VALUE : max <= 0xFFFF)) {
                    short[] s = new short[n];
                    for (int i = 0; i < n; i++) {
                        s[i] = (short) (long) v[i];
                    }
                    return shorts(s, signed, height, w, number, prefix, sink);
                }
                byte[] le = raw;
                if (h.order() != ByteOrder.LITTLE_ENDIAN) {
                    le = NiftiHeader.swapBytes(raw, t.sampleBytes());
                }
                return FrameEncoder.fallback(le, t.floating() ? Frame.Codec.FLOAT : Frame.Codec.DEFLATE, w, height, 1,
                        t.sampleBytes() * 8, t.signed(), number, prefix, sink);
            }
        }
    }

    private static StoredFrame shorts(short[] s, boolean signed, int height, int w, int number, String prefix, ObjectSink sink) {
        PixelFormat f = format(height, w, 1, 16, signed, "MONOCHROME2");
        return FrameEncoder.store(new DecodedFrame(f, s, false, f.photometric()), number, prefix, sink, true);
    }

    private static PixelFormat format(int rows, int columns, int components, int bits, boolean signed, String photometric) {
        return new PixelFormat(rows, columns, components, bits, bits, bits - 1, signed, false, photometric, 1);
    }
}
