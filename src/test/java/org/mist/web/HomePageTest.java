package org.mist.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mist.archive.FrameSource;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * The home page in Chromium ({@code src/test/node/home-page.mjs}): a folder of DICOM, NIfTI, PNG and a text file
 * uploaded through the page gives each file's result, the store appears with its series and a frame's levels,
 * and the export builder's estimate equals what the download then reads from the object store (the server's
 * counter) and the tar opens. Fails on console errors. The screenshot is left in {@code target/home-page.png}.
 * Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class HomePageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    FrameSource frames;

    @Test
    void uploadBrowseAndExportFromThePage() throws Exception {
        Path folder = Files.createTempDirectory("mist-upload").resolve("dataset");
        Path ct = Files.createDirectories(folder.resolve("ct"));
        for (int n = 70; n < 73; n++) {
            String name = String.format("1-%03d.dcm", n);
            Files.copy(SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/" + name), ct.resolve(name));
        }
        Files.copy(SharedData.require("nifti/volumes/ch2.nii.gz"), folder.resolve("ch2.nii.gz"));
        Files.copy(SharedData.require("png/cxr14/00000001_000.png"), folder.resolve("cxr.png"));
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Path screenshot = Path.of("target/home-page.png").toAbsolutePath();
        String args = JSON.writeValueAsString(Map.of("base", base.toString(), "folder", folder.toString(), "store", "web",
                "screenshot", screenshot.toString()));
        Process p = new ProcessBuilder("node", "home-page.mjs", args).directory(Path.of("src/test/node").toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the page check did not finish");
        assertEquals(0, p.exitValue(), output);
        List<String> lines = output.lines().toList();
        JsonNode page = JSON.readTree(lines.get(lines.size() - 1));

        assertFalse(page.get("storesBefore").toString().contains("\"web\""), page.toString());
        assertTrue(page.get("storesAfter").toString().contains("\"web\""), page.toString());
        List<String> results = new ArrayList<>();
        page.get("uploads").forEach(u -> results.add(u.get(0).asText() + " " + u.get(1).asText()));
        assertEquals(6, results.size(), results.toString());
        for (String stored : List.of("ct/1-070.dcm", "ct/1-071.dcm", "ct/1-072.dcm", "ch2.nii.gz", "cxr.png")) {
            assertTrue(results.contains("dataset/" + stored + " stored"), stored + ": " + results);
        }
        assertTrue(results.stream().anyMatch(r -> r.startsWith("dataset/notes.txt refused: ")), results.toString());
        assertEquals(3, page.get("series").asInt(), "the CT series, the NIfTI volume and the PNG collection");
        assertTrue(page.get("levels").size() >= 2, page.get("levels").toString());

        // The estimate the page showed is what the download reads from the object store.
        long estimate = page.get("bytesToRead").asLong();
        JsonNode api = JSON.readTree(Http.get(base + "api/stores/web/export/estimate?format=png&resolution=64").body());
        assertEquals(api.get("bytesToRead").asLong(), estimate);
        long before = frames.bytesRead();
        Http.Answer tar = Http.get(base.toString().replaceAll("/$", "") + page.get("download").asText());
        assertEquals(200, tar.status());
        assertEquals(estimate, frames.bytesRead() - before, "bytes read by the download");
        long pngs = Tar.entries(tar.body()).keySet().stream().filter(k -> k.endsWith(".png")).count();
        assertEquals(api.get("files").asInt(), pngs);
        System.out.println("home page: " + results + "; estimate " + page.get("estimate").asText());
    }
}
