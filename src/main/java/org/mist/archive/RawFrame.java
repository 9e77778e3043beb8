package org.mist.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;
import org.mist.store.ArchiveIndex.FrameRow;

/**
 * The form of a frame received and not yet compressed (codec RAW): the samples HTJ2K will code, interleaved,
 * little-endian words of one byte (bit depth up to 8) or two. That is exactly what {@link SampleDigest#of(Samples)}
 * hashes, so the object's digest is the samples' digest, and the transcoder checks what it reads against the row.
 */
public final class RawFrame {
    private RawFrame() {
    }

    /** The object's bytes for {@code s} (its own array when that is already them: nothing writes into it later). */
    public static byte[] bytes(Samples s) {
        ImageSpec spec = s.spec();
        if (!s.planar() && s.bytes() != null) {
            return s.bytes();
        }
        int n = spec.sampleCount();
        if (spec.bytesPerSample() == 1) {
            byte[] out = new byte[n];
            int i = 0;
            for (int y = 0; y < spec.height(); y++) {
                for (int x = 0; x < spec.width(); x++) {
                    for (int c = 0; c < spec.components(); c++) {
                        out[i++] = (byte) s.get(x, y, c);
                    }
                }
            }
            return out;
        }
        if (!s.planar()) {
            byte[] out = new byte[2 * s.shorts().length];
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(s.shorts());
            return out;
        }
        byte[] out = new byte[2 * n];
        int i = 0;
        for (int y = 0; y < spec.height(); y++) {
            for (int x = 0; x < spec.width(); x++) {
                for (int c = 0; c < spec.components(); c++) {
                    int v = s.get(x, y, c);
                    out[i++] = (byte) v;
                    out[i++] = (byte) (v >> 8);
                }
            }
        }
        return out;
    }

    /** The samples a RAW frame's object holds; refuses an object whose digest is not the row's. */
    public static Samples samples(FrameRow f, byte[] raw) {
        if (f.samplesSha256() != null && !SampleDigest.ofWords(raw).equals(f.samplesSha256())) {
            throw new IllegalStateException("the received object of frame " + f.number() + " does not match its digest");
        }
        ImageSpec spec = new ImageSpec(f.width(), f.height(), f.components(), f.bitDepth(), f.signed());
        if (spec.bytesPerSample() == 1) {
            return Samples.ofBytes(spec, raw, false);
        }
        short[] v = new short[raw.length / 2];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(v);
        return Samples.ofShorts(spec, v, false);
    }
}
