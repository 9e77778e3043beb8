package org.mist.testing;

import java.io.ByteArrayOutputStream;
import java.util.zip.InflaterInputStream;
import org.mist.codec.HtCodec;
import org.mist.codec.Samples;
import org.mist.store.entity.Frame;

/** A stored frame decoded back to DICOM container words, seen as unsigned ints like {@link SourcePixels}. */
public final class StoredPixels {
    private final Samples samples;
    private final byte[] raw;
    private final int bitsAllocated;
    private final int components;

    private StoredPixels(Samples samples, byte[] raw, int bitsAllocated, int components) {
        this.samples = samples;
        this.raw = raw;
        this.bitsAllocated = bitsAllocated;
        this.components = components;
    }

    public static StoredPixels decode(Frame frame, byte[] object, int bitsAllocated) throws Exception {
        if (frame.codec == Frame.Codec.DEFLATE) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new InflaterInputStream(new java.io.ByteArrayInputStream(object)).transferTo(out);
            return new StoredPixels(null, out.toByteArray(), bitsAllocated, frame.components);
        }
        return new StoredPixels(HtCodec.decode(object), null, bitsAllocated, frame.components);
    }

    public Samples samples() {
        return samples;
    }

    /** Sample {@code c} of pixel {@code i}, as the unsigned value of its container word. */
    public int sample(int i, int c) {
        if (raw != null) {
            int at = i * components + c;
            return bitsAllocated == 16 ? (raw[2 * at] & 0xFF) | (raw[2 * at + 1] & 0xFF) << 8 : raw[at] & 0xFF;
        }
        int width = samples.spec().width();
        int v = samples.get(i % width, i / width, c);
        int mask = bitsAllocated == 16 ? 0xFFFF : 0xFF;
        return v & mask;
    }
}
