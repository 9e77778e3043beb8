package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mist.ingest.FileIngest;
import org.mist.testing.Http;
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
            assertEquals(7, notReadAgain(beside), "and does not read the files again: " + beside);
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

    /**
     * Killed with SIGKILL a third of the way through, the same command started again carries on: it reads only
     * what it had not recorded, and the store ends with every file exactly once (none missing, none twice).
     */
    @Test
    void ingestKilledHalfwayCarriesOnWhenStartedAgain() throws Exception {
        Path ct = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        Path dir = Files.createTempDirectory("mist-resume");
        Path data = dir.resolve("mist-data");
        Path in = Files.createDirectories(dir.resolve("in"));
        int pngs = 400;
        for (int i = 0; i < pngs; i++) {
            Files.createDirectories(in.resolve("png/" + i / 100));
            writePng(in.resolve("png/" + i / 100 + "/" + i + ".png"), i);
        }
        int slices = 0;
        try (Stream<Path> files = Files.list(ct)) {
            for (Path f : files.toList()) {
                Files.copy(f, Files.createDirectories(in.resolve("ct")).resolve(f.getFileName()));
                slices++;
            }
        }
        int total = pngs + slices;

        int doneWhenKilled = ingestUntilKilled(data, in, total / 3);
        String resumed = ingest(data, in, 0);
        int[] counts = summary(resumed);
        int skipped = notReadAgain(resumed);
        assertEquals(total, counts[0], resumed);
        assertEquals(0, counts[3], resumed);
        assertTrue(skipped > 0 && skipped <= total, "the second run skips what the first recorded: " + resumed);
        // A file is counted done only after it is recorded: all the bar showed before the kill is skipped.
        assertTrue(skipped >= doneWhenKilled, doneWhenKilled + " done when killed, " + skipped + " skipped");
        assertEquals(total, counts[1] + counts[2], resumed);

        String third = ingest(data, in, 0);
        assertEquals(total, notReadAgain(third), "every file is recorded after the second run: " + third);
        assertTrue(third.contains("bytes read: 0,"), third);

        try (ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx512m"), Map.of())) {
            String stores = Http.get(service.base() + "api/stores").text();
            assertTrue(stores.contains("\"instances\":" + total + ","), "each file once, none missing: " + stores);
        }
    }

    /** A 256 x 256 8-bit grey PNG whose content depends on {@code seed}, so that every file is another image. */
    private static void writePng(Path file, int seed) throws Exception {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(seed);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                image.getRaster().setSample(x, y, 0, (x + y + seed) % 256 / 2 + random.nextInt(64));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** Starts {@code mist ingest} and kills it (SIGKILL) once its bar shows {@code atLeast} files done; returns that count. */
    private static int ingestUntilKilled(Path data, Path in, int atLeast) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of("scripts/mist").toAbsolutePath().toString(), "ingest", in.toString())
                .redirectErrorStream(true).directory(data.getParent().toFile());
        pb.environment().put("MIST_DATA", data.toString());
        Process p = pb.start();
        Pattern bar = Pattern.compile("\\] (\\d+)/(\\d+) ");
        StringBuilder out = new StringBuilder();
        try (InputStream s = p.getInputStream()) {
            int c;
            while ((c = s.read()) >= 0) {
                out.append((char) c);
                if (c != ' ') {
                    continue;
                }
                Matcher m = bar.matcher(out.substring(Math.max(0, out.length() - 64)));
                if (m.find() && Integer.parseInt(m.group(1)) >= atLeast) {
                    p.destroyForcibly();  // SIGKILL: the launcher execs java, so this is the ingest itself
                    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        throw new AssertionError("the ingest ended before " + atLeast + " files were done: " + out);
    }

    private static int notReadAgain(String out) {
        Matcher m = Pattern.compile("not read again, unchanged since stored: (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
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
