package org.mist.codec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Finds the native files CMake put on the class path, copying them out of the jar when needed. */
final class NativeFiles {
    private static final String DIR = "/native/linux-x86_64/";

    private NativeFiles() {
    }

    /** The executable {@code name}, in place when the class path is a directory, else copied out of the jar. */
    static Path executable(String name) {
        return locate(name, true, false);
    }

    /**
     * A private copy of the shared library {@code name}: the JVM binds a library path to one class
     * loader, and Quarkus tests and dev-mode reloads load these classes again in new ones.
     */
    static Path libraryCopy(String name) {
        return locate(name, false, true);
    }

    private static Path locate(String name, boolean executable, boolean alwaysCopy) {
        URL url = NativeFiles.class.getResource(DIR + name);
        if (url == null) {
            throw new UnsatisfiedLinkError(DIR + name + " is not on the class path: build with Maven (it runs CMake)");
        }
        try {
            if ("file".equals(url.getProtocol()) && !alwaysCopy) {
                return Path.of(url.toURI());
            }
            Path copy = Files.createTempFile("mist-", "-" + name);
            copy.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            if (executable) {
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
            }
            return copy;
        } catch (IOException | URISyntaxException e) {
            throw new UnsatisfiedLinkError("cannot extract " + url + ": " + e);
        }
    }
}
