package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.ServiceProcess;
import org.mist.testing.SharedData;
import org.mist.testing.Tar;

/**
 * Every command line of the README (its indented code lines), run exactly as written: {@code scripts/run.sh}
 * from the repository, then each {@code mist ...} line beside the running service, from a folder other than
 * the repository, with {@code mist} on PATH as the README tells. What each left behind is checked.
 * {@code scripts/test.sh} is the command running this test, so it is only listed. The data folder is a
 * temporary one (MIST_DATA), not the repository's. Uses ../shared/data.
 */
class ReadmeCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The README's command lines: indented by four spaces or more, starting with a command MIST ships. */
    static List<String> commands() throws Exception {
        return Files.readAllLines(Path.of("README.md")).stream()
                .filter(l -> l.matches(" {4,}(scripts/|mist ).*"))
                .map(String::trim)
                .toList();
    }

    @Test
    void everyCommandLineAsWritten() throws Exception {
        List<String> commands = commands();
        assertEquals(List.of("scripts/run.sh", "scripts/test.sh", "mist ingest ../shared/data/dicom/ct-series --store ct",
                "mist export --format nifti --store ct -o ct-nifti.tar",
                "mist export --format png --store ct --resolution 224 -o ct-224.tar"), commands);
        SharedData.require("dicom/ct-series");
        // A user's folder beside ../shared (a link to the real one), and mist linked onto PATH.
        Path home = Files.createTempDirectory("mist-readme");
        Files.createSymbolicLink(home.resolve("shared"), SharedData.root().toAbsolutePath().getParent());
        Path work = Files.createDirectories(home.resolve("work"));
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("mist"), Path.of("scripts/mist").toAbsolutePath());
        Path data = home.resolve("mist-data");

        try (ServiceProcess service = ServiceProcess.start(home, List.of("bash", "-c", commands.get(0)),
                Path.of("").toAbsolutePath(), Map.of("MIST_DATA", data.toString()))) {
            List<String> outputs = new ArrayList<>();
            for (String line : commands.subList(2, commands.size())) {
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", line).directory(work.toFile()).redirectErrorStream(true);
                pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
                pb.environment().put("MIST_DATA", data.toString());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(10, TimeUnit.MINUTES), line);
                assertEquals(0, p.exitValue(), line + ":\n" + out);
                outputs.add(out);
            }
            assertTrue(outputs.get(0).contains("stored: 134"), outputs.get(0));
            // The service sees what the command line stored: one series of 134 instances in store ct.
            JsonNode series = JSON.readTree(Http.get(service.base() + "stores/ct/dicomweb/series").body());
            assertEquals(1, series.size(), series.toString());
            assertEquals(134, series.get(0).get("00201209").get("Value").get(0).asInt(), series.toString());

            Map<String, byte[]> nifti = Tar.entries(Files.readAllBytes(work.resolve("ct-nifti.tar")));
            assertEquals(1, nifti.keySet().stream().filter(k -> k.endsWith(".nii.gz")).count(), nifti.keySet().toString());
            Map<String, byte[]> png = Tar.entries(Files.readAllBytes(work.resolve("ct-224.tar")));
            assertEquals(134, png.keySet().stream().filter(k -> k.endsWith(".png")).count(), png.keySet().toString());
            System.out.println("README: " + commands.size() + " command lines, " + (commands.size() - 1)
                    + " run as written (scripts/test.sh is this run)");
        }
    }
}
