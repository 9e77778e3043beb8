package org.mist.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.InflaterInputStream;
import org.mist.codec.HtCodec;
import org.mist.codec.Levels;
import org.mist.codec.LowPass53;
import org.mist.codec.Samples;
import org.mist.codestream.LevelCutter;
import org.mist.codestream.ResolutionSplitter;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.store.ObjectStoreException;
import org.mist.store.entity.Frame;

/**
 * Reads stored frames at a level, fetching only the bytes the level needs: the prefix
 * {@code levelEnds[k]} of an HTJ2K frame. The lossless fallback (deflated words) is read whole and
 * reduced by the same 5/3 low-pass the wavelet would have applied. A frame still waiting for its compression
 * (RAW) is read whole too: its pixels come from the low-pass, and its HTJ2K is encoded (and verified) when asked
 * for, so a client sees the same pixels and the same codestream before the swap and after it.
 */
@ApplicationScoped
public class FrameSource {
    @Inject
    ObjectStore objects;

    private final AtomicLong bytesRead = new AtomicLong();

    /** Bytes fetched from the object store so far (benchmarks and tests count them). */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** {@code length} bytes of the stored object from {@code offset}. */
    public byte[] range(FrameRow f, long offset, long length) {
        byte[] b = objects.getRange(f.objectKey(), offset, length);
        bytesRead.addAndGet(b.length);
        return b;
    }

    /** The HTJ2K codestream of level k: the stored stream at level 0, else the standalone reduced stream. */
    public byte[] htj2k(FrameRow f, int level) {
        if (f.codec() == Frame.Codec.RAW) {
            byte[] s = compressNow(f);
            return level == 0 ? s : LevelCutter.standalone(s, level);
        }
        requireHtj2k(f);
        byte[] prefix = range(f, 0, level == 0 ? f.byteSize() : f.prefixLength(level));
        Meters.frameBytes(Integer.toString(level), prefix.length);
        return level == 0 ? prefix : LevelCutter.standalone(withEoc(prefix), level);
    }

    /**
     * The whole HTJ2K codestream, in the stored layout, of a frame waiting for compression: encoded (and verified)
     * now, so a client asking for HTJ2K, or a byte range of it, gets before the swap what it will get after.
     */
    public byte[] compressNow(FrameRow f) {
        byte[] raw = received(f);
        if (raw == null) {
            return whole(ObjectKeys.compressedFrame(f.objectKey()));
        }
        Samples s = RawFrame.samples(f, raw);
        return ResolutionSplitter.split(Meters.codec("encode", () -> HtCodec.encodeVerified(s))).bytes();
    }

    /**
     * A waiting frame's samples as received; null when the transcoder has swapped its compressed copy in (and deleted
     * this object) since the row was read: that copy, under the key the old one gives, then holds the same samples.
     */
    private byte[] received(FrameRow f) {
        try {
            return range(f, 0, f.byteSize());
        } catch (ObjectStoreException e) {
            if (objects.exists(f.objectKey()) || !objects.exists(ObjectKeys.compressedFrame(f.objectKey()))) {
                throw e;
            }
            return null;
        }
    }

    private byte[] whole(String key) {
        byte[] b = objects.get(key);
        bytesRead.addAndGet(b.length);
        return b;
    }

    /** The frame decoded at {@code level}, as its container words' values. */
    public FrameImage decode(FrameRow f, int level, PixelFormat format) {
        if (f.codec() == Frame.Codec.HTJ2K) {
            byte[] prefix = range(f, 0, f.prefixLength(level));
            Meters.frameBytes(Integer.toString(level), prefix.length);
            return FrameImage.of(Meters.codec("decode", () -> HtCodec.decodePrefix(prefix, prefix.length, level)));
        }
        if (f.codec() == Frame.Codec.RAW) {
            byte[] raw = received(f);
            if (raw == null) {
                byte[] swapped = whole(ObjectKeys.compressedFrame(f.objectKey()));
                return FrameImage.of(Meters.codec("decode", () -> HtCodec.decode(swapped, level)));
            }
            Samples s = RawFrame.samples(f, raw);
            return new FrameImage(Levels.size(f.width(), level), Levels.size(f.height(), level), f.components(),
                    LowPass53.reduce(FrameImage.of(s).values(), f.width(), f.height(), f.components(), level,
                            s.spec().minValue(), s.spec().maxValue()));
        }
        if (f.codec() == Frame.Codec.FLOAT) {
            // Float or Double Float Pixel Data: where a form has no float path, the frame cannot leave in it.
            throw Refusal.NOT_ACCEPTABLE.because("frame " + f.number() + " holds float samples (Float or Double Float Pixel"
                    + " Data): it leaves as application/dicom, as frames and bulk data, and as rendered or PNG/JPEG images");
        }
        long[] words = words(inflate(range(f, 0, f.byteSize())), format);
        long min = format.signed() ? -(1L << (format.bitsAllocated() - 1)) : 0;
        long max = format.signed() ? (1L << (format.bitsAllocated() - 1)) - 1 : (1L << format.bitsAllocated()) - 1;
        long[] interleaved = format.planar() && f.components() > 1 ? interleave(words, f.components()) : words;
        long[] reduced = LowPass53.reduce(interleaved, f.width(), f.height(), f.components(), level, min, max);
        return new FrameImage(Levels.size(f.width(), level), Levels.size(f.height(), level), f.components(), reduced);
    }

    /**
     * A FLOAT frame at {@code level}: its IEEE samples (32 or 64 bits), reduced by the 5/3 low-pass without
     * roundings ({@link LowPass53#reduce(double[], int, int, int)}).
     */
    public double[] floats(FrameRow f, int level) {
        if (f.codec() != Frame.Codec.FLOAT) {
            throw new IllegalStateException("frame " + f.number() + " does not hold float samples");
        }
        ByteBuffer b = ByteBuffer.wrap(fallbackWords(f)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[f.width() * f.height() * f.components()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.bitDepth() == 64 ? b.getDouble(8 * i) : b.getFloat(4 * i);
        }
        return LowPass53.reduce(v, f.width(), f.height(), level);
    }

    /**
     * A FLOAT frame's samples at {@code level} as little-endian IEEE words of its bit depth: at level 0 the stored
     * bytes themselves (every bit, NaN payloads included), below it the low-pass values rounded to that precision.
     */
    public byte[] floatBytes(FrameRow f, int level) {
        if (level == 0) {
            return fallbackWords(f);
        }
        double[] v = floats(f, level);
        int bytes = f.bitDepth() / 8;
        ByteBuffer b = ByteBuffer.allocate(v.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            if (bytes == 8) {
                b.putDouble(x);
            } else {
                b.putFloat((float) x);
            }
        }
        return b.array();
    }

    /** A lossless-fallback frame's stored words, little-endian, as they were given to it. */
    public byte[] fallbackWords(FrameRow f) {
        if (f.codec() != Frame.Codec.DEFLATE && f.codec() != Frame.Codec.FLOAT) {
            throw new IllegalStateException("frame " + f.number() + " is " + f.codec() + ", not in the lossless fallback");
        }
        return inflate(range(f, 0, f.byteSize()));
    }

    private static void requireHtj2k(FrameRow f) {
        if (f.codec() != Frame.Codec.HTJ2K) {
            throw new IllegalStateException("frame " + f.number() + " is kept in the lossless fallback, not HTJ2K");
        }
    }

    private static byte[] withEoc(byte[] prefix) {
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + 2);
        out[prefix.length] = (byte) 0xFF;
        out[prefix.length + 1] = (byte) 0xD9;
        return out;
    }

    private static byte[] inflate(byte[] deflated) {
        try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(deflated))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 3);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("stored fallback frame does not inflate: " + e.getMessage(), e);
        }
    }

    /** Little-endian container words of Bits Allocated (8, 16 or 32) with the sign of Pixel Representation. */
    private static long[] words(byte[] raw, PixelFormat f) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int n = raw.length / Math.max(1, f.bitsAllocated() / 8);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (f.bitsAllocated()) {
                case 8 -> f.signed() ? raw[i] : raw[i] & 0xFF;
                case 16 -> f.signed() ? b.getShort(2 * i) : b.getShort(2 * i) & 0xFFFF;
                default -> f.signed() ? b.getInt(4 * i) : b.getInt(4 * i) & 0xFFFFFFFFL;
            };
        }
        return v;
    }

    private static long[] interleave(long[] planar, int components) {
        int n = planar.length / components;
        long[] out = new long[planar.length];
        for (int c = 0; c < components; c++) {
            for (int i = 0; i < n; i++) {
                out[i * components + c] = planar[c * n + i];
            }
        }
        return out;
    }
}
