package org.mist.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * The samples of one frame, interleaved (component fastest) or planar (one plane after another).
 * Values are read as the spec says: unsigned bytes/shorts are zero-extended, signed ones sign-extended.
 */
public final class Samples {
    private final ImageSpec spec;
    private final boolean planar;
    private final byte[] bytes;
    private final short[] shorts;

    private Samples(ImageSpec spec, boolean planar, byte[] bytes, short[] shorts) {
        this.spec = Objects.requireNonNull(spec);
        this.planar = planar;
        this.bytes = bytes;
        this.shorts = shorts;
        int length = bytes != null ? bytes.length : shorts.length;
        if (length < spec.sampleCount()) {
            throw new IllegalArgumentException("array holds " + length + " samples, " + spec + " needs " + spec.sampleCount());
        }
    }

    public static Samples ofBytes(ImageSpec spec, byte[] samples, boolean planar) {
        if (spec.bytesPerSample() != 1) {
            throw new IllegalArgumentException(spec.bitDepth() + "-bit samples belong in a short[]");
        }
        return new Samples(spec, planar, samples, null);
    }

    public static Samples ofShorts(ImageSpec spec, short[] samples, boolean planar) {
        if (spec.bytesPerSample() != 2) {
            throw new IllegalArgumentException(spec.bitDepth() + "-bit samples belong in a byte[]");
        }
        return new Samples(spec, planar, null, samples);
    }

    /** Wraps what the native decoder returned: byte[] or short[]. */
    static Samples ofArray(ImageSpec spec, Object array, boolean planar) {
        return array instanceof byte[] b ? ofBytes(spec, b, planar) : ofShorts(spec, (short[]) array, planar);
    }

    public ImageSpec spec() {
        return spec;
    }

    public boolean planar() {
        return planar;
    }

    /** The backing array, {@code byte[]} or {@code short[]}. */
    public Object array() {
        return bytes != null ? bytes : shorts;
    }

    public byte[] bytes() {
        return bytes;
    }

    public short[] shorts() {
        return shorts;
    }

    public int get(int x, int y, int c) {
        int i = planar ? (c * spec.height() + y) * spec.width() + x : (y * spec.width() + x) * spec.components() + c;
        if (bytes != null) {
            return spec.signed() ? bytes[i] : bytes[i] & 0xFF;
        }
        return spec.signed() ? shorts[i] : shorts[i] & 0xFFFF;
    }

    /** The first position where two frames differ, or null when every sample is equal. */
    public String firstDifference(Samples other) {
        if (!spec.equals(other.spec)) {
            return "format " + spec + " vs " + other.spec;
        }
        if (planar == other.planar && (bytes != null
                ? Arrays.equals(bytes, 0, spec.sampleCount(), other.bytes, 0, spec.sampleCount())
                : Arrays.equals(shorts, 0, spec.sampleCount(), other.shorts, 0, spec.sampleCount()))) {
            return null;
        }
        for (int y = 0; y < spec.height(); y++) {
            for (int x = 0; x < spec.width(); x++) {
                for (int c = 0; c < spec.components(); c++) {
                    if (get(x, y, c) != other.get(x, y, c)) {
                        return "(" + x + "," + y + "," + c + "): " + get(x, y, c) + " vs " + other.get(x, y, c);
                    }
                }
            }
        }
        return null;
    }
}
