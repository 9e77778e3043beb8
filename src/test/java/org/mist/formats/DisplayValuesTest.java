package org.mist.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * What leaves as a picture is what came in: a PNG-origin image's JPEG holds its values (an 8-bit image of
 * 0-241 is not stretched to 0-255), within JPEG's error. And an export that cannot give a series in the format
 * asked for says so inside the tar ({@code skipped.csv}). Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DisplayValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void aPngComesBackAsJpegWithoutAStretch() throws Exception {
        int w = 256;
        int h = 64;
        BufferedImage source = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                source.getRaster().setSample(x, y, 0, x * 241 / (w - 1));  // 0..241, as a real radiograph's export
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(source, "png", png);
        Http.Answer stored = Http.post(base + "api/stores/display/ingest?name=gradient.png", png.toByteArray(),
                "Content-Type", "image/png");
        assertTrue(stored.status() == 201 || stored.status() == 200, stored.text());
        JsonNode r = JSON.readTree(stored.body());
        String frame = base + "api/stores/display/studies/" + r.get("studyInstanceUid").asText() + "/series/"
                + r.get("seriesInstanceUid").asText() + "/instances/" + r.get("sopInstanceUid").asText() + "/frames/1/";
        BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(Http.get(frame + "jpeg").body()));
        int worst = 0;
        int max = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = jpeg.getRaster().getSample(x, y, 0);
                max = Math.max(max, v);
                worst = Math.max(worst, Math.abs(v - source.getRaster().getSample(x, y, 0)));
            }
        }
        System.out.printf("PNG-origin JPEG: largest value %d (source 241), worst error %d%n", max, worst);
        assertTrue(max <= 245, "stretched: the JPEG reaches " + max);
        assertTrue(worst <= 4, "JPEG error " + worst);
    }

    @Test
    void anExportSaysWhatItLeftOut() throws Exception {
        // Two CT slices moved to one position, a third elsewhere: neither one volume nor equal volumes, so no NIfTI.
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        Path ct = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        List<Stow.Part> parts = new java.util.ArrayList<>();
        for (String f : List.of("1-001.dcm", "1-002.dcm")) {
            parts.add(Stow.Part.file(DicomFiles.withValues(DicomFiles.fresh(ct.resolve(f), study, series),
                    Map.of(TagFromName.ImagePositionPatient, "0\\0\\0"))));
        }
        parts.add(Stow.Part.file(DicomFiles.fresh(ct.resolve("1-003.dcm"), study, series)));
        assertEquals(200, Stow.post(base + "stores/display/dicomweb/studies", parts).status());
        Http.Answer tar = Http.get(base + "api/stores/display/export?format=nifti&study=" + study);
        assertEquals(200, tar.status(), tar.text());
        Map<String, byte[]> entries = Tar.entries(tar.body());
        String skipped = new String(entries.get("skipped.csv"), java.nio.charset.StandardCharsets.UTF_8);
        System.out.print("skipped.csv: " + skipped);
        assertTrue(skipped.startsWith("study_instance_uid,series_instance_uid,reason\n"), skipped);
        assertTrue(skipped.contains(study + "," + series + ","), skipped);
        assertTrue(skipped.contains("different numbers of slices"), skipped);
        assertTrue(entries.containsKey("manifest.csv"), entries.keySet().toString());
    }
}
