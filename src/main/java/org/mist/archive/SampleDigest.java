package org.mist.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.mist.codec.Samples;

/**
 * SHA-256 of a frame's decoded samples, recorded at ingest from the source and recomputed from the stored frame
 * by {@code mist eval}: the lossless check then needs no source file. The samples are hashed interleaved
 * (component fastest), each as its low 1, 2 or 4 bytes, little endian, by bit depth (up to 8, 16, 32 bits).
 * Frames kept in the lossless fallback hash the little-endian words they were given, which is what they keep.
 */
public final class SampleDigest {
    private SampleDigest() {
    }

    /** The samples as interleaved little-endian words of their width: the bytes a frame kept as received holds. */
    public static String of(Samples s) {
        return ofWords(RawFrame.bytes(s));
    }

    public static String of(FrameImage image, int bitDepth) {
        int width = bitDepth <= 8 ? 1 : bitDepth <= 16 ? 2 : 4;
        long[] v = image.values();
        byte[] b = new byte[width * v.length];
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < width; k++) {
                b[width * i + k] = (byte) (v[i] >> 8 * k);
            }
        }
        return hex(sha256().digest(b));
    }

    /** The lossless fallback's little-endian words (or IEEE floats) as given. */
    public static String ofWords(byte[] littleEndianWords) {
        return hex(sha256().digest(littleEndianWords));
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
