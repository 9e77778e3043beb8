package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectStore;
import org.mist.testing.Http;
import org.mist.testing.TestServers;

/**
 * A page of another origin, in Chromium, can neither read through MIST nor write into it (no origin is allowed
 * unless configured, and writes refuse what a browser sends without a preflight); a configured origin reads.
 * The tests name http://127.0.0.1:* (the OHIF viewer's page runs there); the hostile page runs on 127.0.0.2.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class CrossOriginTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectStore objects;

    @Test
    void aForeignPageCannotReadOrWrite() throws Exception {
        Path node = Path.of("src/test/node");
        assertTrue(Files.isDirectory(node.resolve("node_modules/playwright-core")), "playwright-core is missing: scripts/test.sh installs it");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        String args = new ObjectMapper().writeValueAsString(Map.of("mist", base.toString(),
                "png", Base64.getEncoder().encodeToString(png.toByteArray())));
        Process p = new ProcessBuilder("node", "cross-origin.mjs", args).directory(node.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser check did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("all checks passed"), out);
        // What the page sent blind changed nothing: the store it named holds no object, and a direct answer shows why.
        List<String> keys = new ArrayList<>();
        objects.list("cors/", o -> keys.add(o.key()));
        assertTrue(keys.isEmpty(), "a foreign page stored " + keys);
        Http.Answer plain = Http.post(base + "api/stores/cors/ingest?name=plain.png", png.toByteArray(),
                "Content-Type", "text/plain", "Origin", "http://127.0.0.2:8000");
        System.out.println("text/plain POST with a foreign Origin: " + plain.status() + " " + plain.text());
        assertTrue(plain.status() == 403 || plain.status() == 415, plain.status() + " " + plain.text());
    }
}
