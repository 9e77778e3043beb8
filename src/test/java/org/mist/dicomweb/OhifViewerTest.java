package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * The OHIF viewer MIST serves at {@code /viewer} (npm {@code @ohif/app} 3.13, as built and published) in Debian's
 * Chromium, driven by playwright-core: the study list shows the CT study, MIST's deep link draws its slices, the
 * frames come as stored (HTJ2K) and the thumbnail from MIST's /thumbnail. The screenshot is left in
 * {@code target/ohif-viewer.png}.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class OhifViewerTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void ohifListsTheStudyAndDrawsItsImages() throws Exception {
        Path series = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        Path node = Path.of("src/test/node");
        assertTrue(Files.exists(Path.of("viewer/ohif/dist/index.html")) && Files.isDirectory(node.resolve("node_modules/playwright-core")),
                "the OHIF viewer or playwright-core is missing: scripts/test.sh installs them (scripts/viewer.sh, npm ci)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium is missing: scripts/test.sh installs it");
        List<Path> files;
        try (Stream<Path> s = Files.list(series)) {
            files = s.sorted().toList();
        }
        String study = DicomFiles.newUid();
        String seriesUid = DicomFiles.newUid();
        List<Stow.Part> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(Stow.Part.file(DicomFiles.fresh(f, study, seriesUid)));
        }
        Stow.Response r = Stow.post(base + "dicomweb/studies", parts);
        assertEquals(200, r.status(), r.body());
        Path screenshot = Path.of("target/ohif-viewer.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        String args = new ObjectMapper().writeValueAsString(Map.of("viewer", base + "viewer", "mist", base + "dicomweb", "study", study,
                "patientName", "Pancreas-CT-CB_001", "screenshot", screenshot.toString()));
        Process p = new ProcessBuilder("node", "ohif-viewer.mjs", args).directory(node.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the OHIF check did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), "OHIF check failed:\n" + out);
        assertTrue(out.contains("all checks passed"), out);
        assertTrue(Files.size(screenshot) > 10_000, "no screenshot");
    }
}
