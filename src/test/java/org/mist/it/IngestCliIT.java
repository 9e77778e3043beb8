package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mist.ingest.FileIngest;
import org.mist.testing.ServiceProcess;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;

/**
 * {@code mist ingest DIR}: on its own (it starts the embedded database itself), then beside the running
 * service on the same data directory (it uses the service's database), with the summary it prints.
 */
class IngestCliIT {
    private static final Pattern SUMMARY = Pattern.compile("files: (\\d+), stored: (\\d+), already stored: (\\d+), failed: (\\d+)");

    @Test
    void ingestAloneThenBesideTheService() throws Exception {
        Path ct1 = SharedData.require("dicom/wg04/CT1");
        Path dir = Files.createTempDirectory("mist-cli");
        Path data = dir.resolve("mist-data");

        String alone = ingest(data, ct1, 0);
        int[] counts = summary(alone);
        assertEquals(7, counts[0], alone);
        assertEquals(7, counts[1], alone);
        assertTrue(alone.contains("bytes read: ") && alone.contains("stored/read: "), alone);

        try (ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx512m"), Map.of())) {
            String beside = ingest(data, ct1, 0);
            counts = summary(beside);
            assertEquals(7, counts[2], "the second run finds everything stored: " + beside);
            // The service sees what the command stored: the same instance again is "already stored".
            Path unc = ct1.resolve("CT1_UNC.dcm");
            Stow.Response r = Stow.post(service.base() + "dicomweb/studies", List.of(Stow.Part.file(unc)));
            assertEquals(200, r.status(), r.body());
            Path other = Files.createDirectories(dir.resolve("mixed"));
            Files.writeString(other.resolve("notes.txt"), "not an image");
            Files.copy(SharedData.require("dicom/pydicom/MR_small.dcm"), other.resolve("MR_small.dcm"));
            Files.copy(SharedData.require("png/cxr14/00000001_000.png"), other.resolve("cxr.png"));
            String failing = ingest(data, other, 1);
            assertEquals(2, summary(failing)[1], "the DICOM file and the PNG: " + failing);
            assertTrue(failing.contains("failed: notes.txt: " + FileIngest.NONE_OF_THEM), failing);

            // Export beside the service: the CT instances at level 1 as PNG, one tar that GNU tar reads.
            Path tar = dir.resolve("ct1.tar");
            String exported = run(data, 0, "export", "--format", "png", "--level", "1", "-o", tar.toString());
            assertTrue(exported.contains("bytes read from the object store: "), exported);
            Process list = new ProcessBuilder("tar", "tf", tar.toString()).redirectErrorStream(true).start();
            List<String> entries = new String(list.getInputStream().readAllBytes()).lines().toList();
            assertEquals(0, list.waitFor());
            // CT1 (7), MR_small (1), the PNG under the name it came in with, manifest.csv
            assertEquals(7 + 1 + 1 + 1, entries.size(), entries.toString());
            assertTrue(entries.stream().anyMatch(e -> e.endsWith("/cxr.png")), entries.toString());
            assertTrue(entries.contains("manifest.csv"), entries.toString());
        }
    }

    private static String ingest(Path data, Path dir, int expectedExit) throws Exception {
        return run(data, expectedExit, "ingest", dir.toString());
    }

    private static String run(Path data, int expectedExit, String... command) throws Exception {
        // The README's launcher, started from a folder other than the repository, as a user would.
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of("scripts/mist").toAbsolutePath().toString()));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(data.getParent().toFile());
        pb.environment().put("MIST_DATA", data.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    private static int[] summary(String out) {
        Matcher m = SUMMARY.matcher(out);
        assertTrue(m.find(), out);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4))};
    }
}
