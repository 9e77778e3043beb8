package org.mist.codec;

/**
 * Lossless HTJ2K through OpenJPH: reversible 5/3, 64x64 code-blocks, RPCL, one tile, HT block coder,
 * the reversible colour transform for 3 components. The codestream is OpenJPH's own (0.9 writes one
 * tile-part); the codestream package gives it the stored layout.
 */
public final class HtCodec {
    private HtCodec() {
    }

    /** The OpenJPH version the JNI library was built against. */
    public static String openJphVersion() {
        return OpenJph.version();
    }

    /** Whether this OpenJPH can itself divide tile-parts by resolution and write TLM (0.18 and later). */
    public static boolean openJphWritesTileParts() {
        return OpenJph.canWriteTileParts();
    }

    /** Encodes with the level count of {@link Levels#count}. */
    public static byte[] encode(Samples samples) {
        ImageSpec s = samples.spec();
        return encode(samples, Levels.count(s.width(), s.height()), false);
    }

    /**
     * Encodes with {@code levels} decompositions. {@code tilePartsByResolution} asks OpenJPH itself for
     * one tile-part per resolution plus TLM (only 0.18+; used to check our splitter against it).
     */
    public static byte[] encode(Samples samples, int levels, boolean tilePartsByResolution) {
        ImageSpec s = samples.spec();
        if (levels < 0 || levels > 32) {
            throw new IllegalArgumentException("decomposition levels must be 0..32, not " + levels);
        }
        return OpenJph.encode(samples.array(), s.bytesPerSample(), s.width(), s.height(), s.components(),
                s.bitDepth(), s.signed(), samples.planar(), levels, s.components() == 3, tilePartsByResolution);
    }

    /**
     * Encodes, decodes the result and compares it with the source sample by sample. A library fault
     * must never become silent loss, so ingest stores only what this returns.
     */
    public static byte[] encodeVerified(Samples samples) {
        byte[] codestream = encode(samples);
        Samples back = decode(codestream, codestream.length, false, 0, samples.planar());
        String difference = samples.firstDifference(back);
        if (difference != null) {
            throw new LosslessnessException("OpenJPH " + openJphVersion() + " round trip is not lossless for "
                    + samples.spec() + " at " + difference);
        }
        return codestream;
    }

    /** Full-resolution, interleaved decode of a whole codestream. */
    public static Samples decode(byte[] codestream) {
        return decode(codestream, codestream.length, false, 0, false);
    }

    /** Interleaved decode of a whole codestream at level {@code skip}. */
    public static Samples decode(byte[] codestream, int skip) {
        return decode(codestream, codestream.length, false, skip, false);
    }

    /** Decodes the prefix codestream[0, length) followed by an EOC marker (not copied) at level {@code skip}. */
    public static Samples decodePrefix(byte[] codestream, int length, int skip) {
        return decode(codestream, length, true, skip, false);
    }

    /**
     * Decodes codestream[0, length) at level {@code skip}; samples reduced by the wavelet that fall
     * outside the stored range are clamped into it.
     */
    public static Samples decode(byte[] codestream, int length, boolean appendEoc, int skip, boolean planar) {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, not " + skip);
        }
        int[] info = new int[5];
        Object array = OpenJph.decode(codestream, length, appendEoc, skip, planar, info);
        ImageSpec spec;
        try {
            spec = new ImageSpec(info[0], info[1], info[2], info[3], info[4] != 0);
        } catch (IllegalArgumentException e) {
            throw new CodecException("decoded image has an unsupported format: " + e.getMessage());
        }
        return Samples.ofArray(spec, array, planar);
    }
}
