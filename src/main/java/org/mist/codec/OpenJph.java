package org.mist.codec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The JNI entry points of {@code libmist_ojph} (src/main/native), loaded once from the class path. */
final class OpenJph {
    private static final String RESOURCE = "/native/linux-x86_64/libmist_ojph.so";

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
        URL url = OpenJph.class.getResource(RESOURCE);
        if (url == null) {
            throw new UnsatisfiedLinkError(RESOURCE + " is not on the class path: build with Maven (it runs CMake)");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                System.load(Path.of(url.toURI()).toString());
                return;
            }
            // Inside a jar: the loader needs a real file.
            Path copy = Files.createTempFile("libmist_ojph", ".so");
            copy.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(copy.toString());
        } catch (IOException | URISyntaxException e) {
            throw new UnsatisfiedLinkError("cannot load " + url + ": " + e);
        }
    }
}
