package org.mist.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's real test images in {@code ../shared/data} (read-only, never copied into the repository).
 * Tests that need them skip only when the folder is absent, and say so loudly.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        return Path.of(System.getProperty("mist.shared.data", "../shared/data")).toAbsolutePath().normalize();
    }

    /** A path under the shared data folder; skips the calling test, loudly, when the folder is absent. */
    public static Path require(String relative) {
        Path root = root();
        if (!Files.isDirectory(root)) {
            System.err.println("*** SKIPPED: " + root + " is absent; tests on real images did not run ***");
        }
        assumeTrue(Files.isDirectory(root), "shared test data absent at " + root);
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("shared data present but " + relative + " is missing: check MANIFEST.tsv");
        }
        return p;
    }
}
