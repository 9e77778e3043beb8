package org.mist.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * What MIST adds to the published OHIF build at /viewer: the configuration names every store, the deep link
 * goes to OHIF's viewer route, the page and the scripts that load chunks look for them under /viewer/, hashed
 * bundles are cached for good, and nothing outside the build's folder is served. (OhifViewerTest drives it in
 * Chromium.) Needs scripts/viewer.sh to have fetched OHIF.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ViewerRoutesTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void theViewerIsOhifConfiguredForMist() throws Exception {
        Path dist = Path.of("viewer/ohif/dist");
        assertTrue(Files.isRegularFile(dist.resolve("index.html")), "OHIF is missing: scripts/test.sh runs scripts/viewer.sh");
        Stow.Response r = Stow.post(base + "stores/viewer-test/dicomweb/studies",
                List.of(Stow.Part.file(SharedData.require("dicom/pydicom/MR_small.dcm"))));
        assertEquals(1, r.storedCount(), r.body());

        String config = Http.get(base + "viewer/app-config.js").text();
        assertTrue(config.contains("sourceName: 'default'") && config.contains("sourceName: 'viewer-test'"), config);
        assertTrue(config.contains("origin + '/stores/viewer-test/dicomweb'") && config.contains("requestTransferSyntaxUID: '*'"),
                config);
        // The shown image first from a level MIST cuts, then whole (OhifViewerTest sees both requests).
        assertTrue(config.contains("stackRetrieveOptions: { stages: [{ id: 'firstLook', retrieveType: 'singleFast' }")
                && config.contains("urlArguments: 'resolution=128'"), config);

        Http.Answer link = Http.get(base + "viewer?StudyInstanceUIDs=1.2.3");
        assertEquals(302, link.status());
        assertEquals("/viewer/viewer?StudyInstanceUIDs=1.2.3", link.header("Location"));
        assertEquals("/viewer/", Http.get(base + "viewer").header("Location"));

        String page = Http.get(base + "viewer/viewer?StudyInstanceUIDs=1.2.3").text();
        assertTrue(page.contains("window.PUBLIC_URL=\"/viewer/\"") && page.contains("src=\"/viewer/app-config.js\""), page);
        assertFalse(page.contains("src=\"/app"), "no script left at the root");

        String bundle;
        try (Stream<Path> s = Files.list(dist)) {
            bundle = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app.bundle.") && n.endsWith(".js"))
                    .findFirst().orElseThrow();
        }
        Http.Answer script = Http.get(base + "viewer/" + bundle);
        assertEquals(200, script.status());
        assertTrue(script.text().contains("__webpack_require__.p = \"/viewer/\";"), "chunks load from /viewer/");
        assertTrue(script.header("Cache-Control").contains("immutable"), script.header("Cache-Control"));
        Http.Answer css = Http.get(base + "viewer/app.bundle.css");
        assertTrue(css.text().contains("url(/viewer/") && !css.text().contains("url(/a"), "fonts load from /viewer/");

        // Outside the build's folder: OHIF's page for an unknown route, never the file.
        for (String escape : List.of("viewer/../pom.xml", "viewer/%2e%2e/pom.xml", "viewer/..%2fpom.xml")) {
            Http.Answer a = Http.get(base + escape);
            assertFalse(a.text().contains("<artifactId>"), escape + " served the file");
        }
    }
}
