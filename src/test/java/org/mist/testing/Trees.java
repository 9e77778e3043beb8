package org.mist.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder trees tests make and must not leave behind (an archive of a gigabyte, a Keycloak distribution's data). */
public final class Trees {
    private Trees() {
    }

    /** Deletes {@code dir} and everything under it; nothing when it is not there. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
