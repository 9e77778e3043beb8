package org.mist.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.mist.archive.Scope;
import org.mist.eval.Evaluation.Image;
import org.mist.eval.Evaluation.Level;
import org.mist.ingest.ImageIngest;
import org.mist.ingest.NiftiIngestTest;
import org.mist.testing.Http;
import org.mist.testing.PythonScripts;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * The evaluation over a store of every kind of frame: CT slices (12-bit), a signed MR, an RGB ultrasound (HTJ2K),
 * a chest X-ray PNG, and NIfTI volumes whose slices go to the lossless fallback (uint32) and the float path. Every
 * image is lossless at level 0 by the digest recorded at ingest; the bytes per level are the stored prefixes;
 * and one CT slice's SSIM and PSNR at every level agree with scikit-image run on MIST's own lossless PNGs of
 * that level and of the original ({@code src/test/python/skimage_pair.py}). Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class EvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = "eval";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Evaluation evaluation;

    @Test
    void everyKindOfFrameAndOneImageAgainstScikitImage() throws Exception {
        List<Path> dicom = List.of(SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-050.dcm"),
                SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-051.dcm"),
                SharedData.require("dicom/pydicom/MR_small.dcm"), SharedData.require("dicom/wg04/US1/US1_UNC.dcm"));
        Stow.Response r = Stow.post(base + "stores/" + STORE + "/dicomweb/studies", dicom.stream().map(Stow.Part::file).toList());
        assertEquals(4, r.storedCount(), r.body());
        NiftiIngestTest.ingest(base.toString(), STORE, "cxr.png", Files.readAllBytes(SharedData.require("png/cxr14/00000001_000.png")));
        Path nifti = Files.createTempDirectory("mist-eval-nifti");
        PythonScripts.run("nifti_types.py", nifti.toString());
        for (String name : List.of("uint32.nii.gz", "float32_real.nii.gz")) {
            NiftiIngestTest.ingest(base.toString(), STORE, name, Files.readAllBytes(nifti.resolve(name)));
        }

        List<Image> images = evaluation.run(new Evaluation.Request(new Scope(STORE, null, null, null), null, 1), done -> { });
        assertEquals(2 + 1 + 1 + 1 + 5 + 5, images.size(), "frames: 2 CT, MR, US, PNG, 5 + 5 NIfTI slices");
        for (Image i : images) {
            assertEquals(Boolean.TRUE, i.lossless(), i.sop() + " frame " + i.frame() + " (" + i.origin() + ")");
            Level full = i.levels().get(0);
            assertEquals(1.0, full.ssim(), 1e-12, i.sop());
            assertTrue(Double.isInfinite(full.psnr()), i.sop());
            assertEquals(i.storedBytes(), full.bytes(), i.sop());
            for (int k = 1; k < i.levels().size(); k++) {
                assertTrue(i.levels().get(k).bytes() <= i.levels().get(k - 1).bytes(), i.sop() + " level " + k);
            }
            assertTrue(i.receivedBytes() > 0, i.sop());
        }
        assertTrue(images.stream().anyMatch(i -> i.components() == 3), "the RGB ultrasound");
        assertTrue(images.stream().anyMatch(i -> i.origin().equals("NIFTI") && i.bitDepth() == 32), "float and uint32 slices");
        List<Image> collection = evaluation.run(new Evaluation.Request(new Scope(STORE, ImageIngest.studyOf("images"), null, null),
                null, 1), done -> { });
        assertEquals(1, collection.size(), "the collection 'images' holds the chest X-ray");
        assertEquals("cxr.png", collection.get(0).sourceName());

        // One CT slice, end to end: MIST's lossless PNG of each level and of the original through scikit-image.
        Image ct = images.stream().filter(i -> "CT".equals(i.modality())).findFirst().orElseThrow();
        String frame = base + "api/stores/" + STORE + "/studies/" + ct.study() + "/series/" + ct.series() + "/instances/" + ct.sop()
                + "/frames/1/png?level=";
        Path original = Files.write(Files.createTempFile("mist-eval", ".png"), Http.get(frame + 0).body());
        List<String> compared = new ArrayList<>();
        for (Level l : ct.levels().subList(1, ct.levels().size())) {
            Path level = Files.write(Files.createTempFile("mist-eval", ".png"), Http.get(frame + l.k()).body());
            JsonNode theirs = JSON.readTree(PythonScripts.run("skimage_pair.py", original.toString(), level.toString()));
            assertEquals(theirs.get("ssim").asDouble(), l.ssim(), 1e-4, "level " + l.k() + " SSIM");
            assertEquals(theirs.get("psnr").asDouble(), l.psnr(), 1e-4, "level " + l.k() + " PSNR");
            compared.add(String.format("k=%d SSIM %.6f/%.6f PSNR %.4f/%.4f", l.k(), l.ssim(), theirs.get("ssim").asDouble(),
                    l.psnr(), theirs.get("psnr").asDouble()));
        }
        assertTrue(compared.size() >= 3, compared.toString());
        System.out.println("eval: " + images.size() + " images lossless; CT slice vs skimage: " + compared);
    }

    /**
     * The same evaluation as a job over HTTP: 202 with its URL, progress until done, then the report, tables and
     * plots; a seeded sample takes that many images; refusals for a bad sample, nothing to evaluate, an unknown job.
     */
    @Test
    void anEvaluationJobOverHttp() throws Exception {
        List<Stow.Part> parts = new ArrayList<>();
        for (int n = 60; n < 66; n++) {
            parts.add(Stow.Part.file(SharedData.require(String.format("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-%03d.dcm", n))));
        }
        assertEquals(6, Stow.post(base + "stores/eval-api/dicomweb/studies", parts).storedCount());
        Http.Answer started = Http.post(base + "api/stores/eval-api/eval?sample=3&seed=7", new byte[0]);
        assertEquals(202, started.status(), started.text());
        JsonNode job = JSON.readTree(started.body());
        assertEquals(3, job.get("total").asInt(), job.toString());
        String url = base + "api/eval/" + job.get("id").asText();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!"done".equals(job.get("state").asText()) && System.nanoTime() < deadline) {
            assertTrue(!"failed".equals(job.get("state").asText()), job.toString());
            Thread.sleep(100);
            job = JSON.readTree(Http.get(url).body());
        }
        assertEquals("done", job.get("state").asText(), job.toString());
        assertEquals(3, job.get("done").asInt());
        Http.Answer html = Http.get(url + "/report.html");
        assertEquals(200, html.status());
        assertTrue(html.text().contains("Lossless at full resolution: 3 of 3"), html.text());
        JsonNode summary = JSON.readTree(Http.get(url + "/summary.json").body());
        assertEquals(3, summary.get("all").get("images").asInt());
        long lines = Http.get(url + "/images.csv").text().lines().count();
        assertEquals(1 + 3 * summary.get("all").get("levels").size(), lines, "a line per image per level");
        Http.Answer plot = Http.get(url + "/ssim-per-level.png");
        assertEquals(200, plot.status());
        assertEquals(0x89, plot.body()[0] & 0xFF, "a PNG");

        assertEquals(400, Http.post(base + "api/stores/eval-api/eval?sample=three", new byte[0]).status());
        assertEquals(404, Http.post(base + "api/stores/eval-api/eval?study=1.2.3.4.5.6.7", new byte[0]).status());
        assertEquals(404, Http.get(base + "api/eval/00000000-0000-0000-0000-000000000000").status());
        assertEquals(404, Http.get(url + "/../../postgres.password").status());
    }
}
