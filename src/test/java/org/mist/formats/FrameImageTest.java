package org.mist.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * A frame at a level as a file: the PNG holds exactly the decoded level-k samples (16-bit for 12-bit CT,
 * 8-bit RGB for colour); with a window, or as JPEG, it is the rendered 8-bit image.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class FrameImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCTETS = "multipart/related; type=\"application/octet-stream\"";

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
    }

    private String[] instance(String query) throws Exception {
        JsonNode i = JSON.readTree(Http.get(base + "stores/shared/dicomweb/instances?limit=1&" + query).body()).get(0);
        String path = "studies/" + i.get("0020000D").get("Value").get(0).asText() + "/series/" + i.get("0020000E").get("Value").get(0).asText()
                + "/instances/" + i.get("00080018").get("Value").get(0).asText();
        return new String[] {base + "api/stores/shared/" + path, base + "stores/shared/dicomweb/" + path};
    }

    private static BufferedImage read(Http.Answer a) throws Exception {
        assertEquals(200, a.status(), a.text());
        return ImageIO.read(new ByteArrayInputStream(a.body()));
    }

    @Test
    void pngHoldsTheLevelSamples() throws Exception {
        String[] ct = instance("Modality=CT&Rows=512");
        BufferedImage png = read(Http.get(ct[0] + "/frames/1/png?level=1"));
        assertEquals(256, png.getWidth());
        assertEquals(16, png.getColorModel().getComponentSize(0), "12-bit CT leaves as 16-bit PNG");
        ByteBuffer words = ByteBuffer.wrap(Http.get(ct[1] + "/frames/1?level=1", "Accept", OCTETS).parts().get(0).body())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < 256 * 256; p++) {
            assertEquals(words.getShort(2 * p) & 0xFFFF, png.getRaster().getSample(p % 256, p / 256, 0), "pixel " + p);
        }
        BufferedImage windowed = read(Http.get(ct[0] + "/frames/1/png?level=1&window=40,400"));
        BufferedImage rendered = read(Http.get(ct[1] + "/rendered?level=1&window=40,400", "Accept", "image/png"));
        for (int p = 0; p < 256 * 256; p += 7) {
            assertEquals(rendered.getRaster().getSample(p % 256, p / 256, 0), windowed.getRaster().getSample(p % 256, p / 256, 0));
        }
        Http.Answer jpeg = Http.get(ct[0] + "/frames/1/jpeg?resolution=128");
        assertEquals("image/jpeg", jpeg.header("content-type"));
        assertEquals(128, read(jpeg).getWidth());
        assertEquals(400, Http.get(ct[0] + "/frames/1/png?level=9").status());
        assertEquals(404, Http.get(ct[0] + "/frames/2/png").status());
    }

    @Test
    void colourPngKeepsItsSamples() throws Exception {
        String[] us = instance("Rows=480&Columns=640");
        BufferedImage png = read(Http.get(us[0] + "/frames/1/png"));
        byte[] words = Http.get(us[1] + "/frames/1", "Accept", OCTETS).parts().get(0).body();
        JsonNode meta = JSON.readTree(Http.get(us[1] + "/metadata").body()).get(0);
        boolean planar = meta.has("00280006") && meta.get("00280006").get("Value").get(0).asInt() == 1;
        int n = 640 * 480;
        for (int p = 0; p < n; p += 13) {
            for (int c = 0; c < 3; c++) {
                assertEquals(words[planar ? c * n + p : 3 * p + c] & 0xFF, png.getRaster().getSample(p % 640, p / 640, c));
            }
        }
        assertTrue(png.getColorModel().getNumComponents() == 3);
    }

    /** PALETTE COLOR leaves as a palette PNG: the stored indices, and the instance's table as its PLTE. */
    @Test
    void palettePngKeepsIndicesAndTable() throws Exception {
        String sop = org.mist.testing.DicomFiles.sopInstanceUid(SharedData.require("dicom/pydicom/OBXXXX1A.dcm"));
        String[] us = instance("SOPInstanceUID=" + sop);
        BufferedImage png = read(Http.get(us[0] + "/frames/1/png"));
        assertTrue(png.getColorModel() instanceof java.awt.image.IndexColorModel, png.getColorModel().toString());
        java.awt.image.IndexColorModel lut = (java.awt.image.IndexColorModel) png.getColorModel();
        byte[] words = Http.get(us[1] + "/frames/1", "Accept", OCTETS).parts().get(0).body();
        JsonNode meta = JSON.readTree(Http.get(us[1] + "/metadata").body()).get(0);
        int columns = meta.get("00280011").get("Value").get(0).asInt();
        BufferedImage rendered = read(Http.get(us[1] + "/rendered", "Accept", "image/png"));
        for (int p = 0; p < words.length; p += 11) {
            int index = png.getRaster().getSample(p % columns, p / columns, 0);
            assertEquals(words[p] & 0xFF, index, "pixel " + p);
            assertEquals(rendered.getRGB(p % columns, p / columns) & 0xFFFFFF, lut.getRGB(index) & 0xFFFFFF, "colour of pixel " + p);
        }
    }
}
