package org.mist.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts every DICOM file of ../shared/data into one store over STOW-RS, once per test JVM, for the read-side
 * tests. Files that share a SOP Instance UID with one stored before them (pydicom's encodings of one
 * image) are refused as duplicates (0x0111); the first of each is the one served.
 */
public final class SharedDataArchive {
    public static final String STORE = "shared";
    private static boolean loaded;

    private SharedDataArchive() {
    }

    public static synchronized void load(String base) throws Exception {
        if (loaded) {
            return;
        }
        Path root = SharedData.require("dicom");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(SharedDataArchive::isDicom).sorted().toList();
        }
        long stored = 0;
        for (int i = 0; i < files.size(); i += 30) {
            List<Stow.Part> parts = new ArrayList<>();
            for (Path f : files.subList(i, Math.min(files.size(), i + 30))) {
                parts.add(Stow.Part.file(f));
            }
            Stow.Response r = Stow.post(base + "stores/" + STORE + "/dicomweb/studies", parts);
            assertTrue(r.status() == 200 || r.status() == 202 || r.status() == 409, "STOW " + r.status() + ": " + r.body());
            stored += r.storedCount();
        }
        assertTrue(stored > 200, "only " + stored + " shared files stored");
        loaded = true;
    }

    private static boolean isDicom(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
