package org.mist.codec;

/** The JNI entry points of {@code libmist_ojph} (src/main/native), loaded once from the class path. */
final class OpenJph {
    static {
        load();
    }

    private OpenJph() {
    }

    static native String version();

    static native boolean canWriteTileParts();

    /** Lossless RPCL codestream of the samples ({@code byte[]} or {@code short[]}). */
    static native byte[] encode(Object samples, int bytesPerSample, int width, int height, int components,
                                int bitDepth, boolean signed, boolean planar, int levels, boolean colorTransform,
                                boolean tilePartsByResolution);

    /** Samples ({@code byte[]} or {@code short[]}) of codestream[0, length); fills info with w, h, c, bits, signed. */
    static native Object decode(byte[] codestream, int length, boolean appendEoc, int skip, boolean planar, int[] info);

    private static void load() {
        System.load(NativeFiles.libraryCopy("libmist_ojph.so").toString());
    }
}
