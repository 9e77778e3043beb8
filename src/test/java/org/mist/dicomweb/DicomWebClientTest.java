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
 * A real DICOMweb client drives MIST: {@code src/test/node/ohif-queries.mjs} uses the npm
 * {@code dicomweb-client} library with OHIF 3's study-list query, then series search, series metadata,
 * frames as HTJ2K and as stored, and a rendered image, and checks the answers.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DicomWebClientTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void ohifQueriesThroughDicomwebClient() throws Exception {
        Path series = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        Path node = Path.of("src/test/node");
        assertTrue(Files.isDirectory(node.resolve("node_modules/dicomweb-client")),
                "npm packages missing: scripts/setup.sh runs npm ci in src/test/node");
        List<Path> files;
        try (Stream<Path> s = Files.list(series)) {
            files = s.sorted().toList();
        }
        // A study of its own (fresh UIDs), so the check does not depend on what other tests stored.
        String study = DicomFiles.newUid();
        String seriesUid = DicomFiles.newUid();
        List<Stow.Part> parts = new java.util.ArrayList<>();
        for (Path f : files) {
            parts.add(Stow.Part.file(DicomFiles.fresh(f, study, seriesUid)));
        }
        Stow.Response r = Stow.post(base + "dicomweb/studies", parts);
        assertEquals(200, r.status(), r.body());
        String expectations = new ObjectMapper().writeValueAsString(Map.of(
                "url", base + "dicomweb", "patientNameFragment", "CT-CB", "studyDateFrom", "20120101",
                "studyDateTo", "20121231", "study", study, "series", seriesUid,
                "instance", r.outcomes().keySet().iterator().next(), "instances", files.size()));
        Process p = new ProcessBuilder("node", "ohif-queries.mjs", expectations).directory(node.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), "dicomweb-client checks failed:\n" + out);
        assertTrue(out.contains("all checks passed"), out);
    }
}
