package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.archive.FrameSource;
import org.mist.testing.Http;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * Rendered and thumbnail resources: a windowed CT frame equals PS3.3's linear VOI applied here to the native
 * samples; colour frames keep their samples; a viewport picks the smallest level that covers it and only
 * that level's prefix is read from the object store.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class RenderedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCTETS = "multipart/related; type=\"application/octet-stream\"";

    @TestHTTPResource("/")
    URL base;
    @Inject
    FrameSource frames;

    private String web;

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
        web = base + "stores/" + SharedDataArchive.STORE + "/dicomweb";
    }

    private String instance(String query) throws Exception {
        JsonNode i = JSON.readTree(Http.get(web + "/instances?limit=1&" + query).body()).get(0);
        return web + "/studies/" + text(i, "0020000D") + "/series/" + text(i, "0020000E") + "/instances/" + text(i, "00080018");
    }

    private static BufferedImage image(Http.Answer a) throws Exception {
        assertEquals(200, a.status(), a.text());
        return ImageIO.read(new ByteArrayInputStream(a.body()));
    }

    @Test
    void windowedCtFrameFollowsTheLinearVoiFunction() throws Exception {
        String url = instance("Modality=CT&Rows=512");
        JsonNode meta = JSON.readTree(Http.get(url + "/metadata").body()).get(0);
        double slope = meta.has("00281053") ? meta.get("00281053").get("Value").get(0).asDouble() : 1;
        double intercept = meta.has("00281052") ? meta.get("00281052").get("Value").get(0).asDouble() : 0;
        boolean signed = meta.get("00280103").get("Value").get(0).asInt() == 1;
        ByteBuffer words = ByteBuffer.wrap(Http.get(url + "/frames/1", "Accept", OCTETS).parts().get(0).body())
                .order(ByteOrder.LITTLE_ENDIAN);
        BufferedImage png = image(Http.get(url + "/rendered?window=40,400", "Accept", "image/png"));
        assertEquals(512, png.getWidth());
        double c = 40;
        double w = 400;
        int differences = 0;
        for (int i = 0; i < 512 * 512; i++) {
            int word = signed ? words.getShort(2 * i) : words.getShort(2 * i) & 0xFFFF;
            double x = word * slope + intercept;
            double y = x <= c - 0.5 - (w - 1) / 2 ? 0 : x > c - 0.5 + (w - 1) / 2 ? 255 : ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
            int got = png.getRaster().getSample(i % 512, i / 512, 0);
            if (Math.abs(got - Math.round(y)) > 0) {
                differences++;
            }
        }
        assertEquals(0, differences, "pixels off the VOI function");
        // JPEG by default, and the instance's own window when the request gives none.
        Http.Answer jpeg = Http.get(url + "/rendered");
        assertEquals("image/jpeg", jpeg.header("content-type"));
        assertEquals(512, image(jpeg).getHeight());
    }

    @Test
    void viewportReadsOnlyTheLevelItNeeds() throws Exception {
        String url = instance("Modality=CT&Rows=512");
        String levels = url.replace("/stores/", "/api/stores/").replace("/dicomweb/", "/") + "/frames/1/levels";
        JsonNode table = JSON.readTree(Http.get(levels).body()).get("levels");
        long before = frames.bytesRead();
        BufferedImage thumb = image(Http.get(url + "/thumbnail", "Accept", "image/png"));
        assertEquals(128, thumb.getWidth());
        assertEquals(128, thumb.getHeight());
        assertEquals(table.get(2).get("bytes").asLong(), frames.bytesRead() - before, "a 128 px thumbnail reads level 2's prefix");
        before = frames.bytesRead();
        BufferedImage small = image(Http.get(url + "/rendered?viewport=100,50", "Accept", "image/png"));
        assertEquals(50, small.getWidth());
        assertEquals(50, small.getHeight());
        assertEquals(table.get(3).get("bytes").asLong(), frames.bytesRead() - before, "50 px need level 3 (64 px)");
        assertTrue(table.get(3).get("bytes").asLong() * 10 < table.get(0).get("bytes").asLong());
        BufferedImage level1 = image(Http.get(url + "/rendered?level=1", "Accept", "image/png"));
        assertEquals(256, level1.getWidth());
        assertEquals(200, Http.get(url.substring(0, url.indexOf("/instances/")) + "/thumbnail").status());
    }

    @Test
    void colourFramesKeepTheirSamples() throws Exception {
        String url = instance("Rows=480&Columns=640");
        JsonNode meta = JSON.readTree(Http.get(url + "/metadata").body()).get(0);
        assertEquals(3, meta.get("00280002").get("Value").get(0).asInt());
        assertEquals("RGB", meta.get("00280004").get("Value").get(0).asText());
        boolean planar = meta.has("00280006") && meta.get("00280006").get("Value").get(0).asInt() == 1;
        byte[] words = Http.get(url + "/frames/1", "Accept", OCTETS).parts().get(0).body();
        BufferedImage png = image(Http.get(url + "/rendered", "Accept", "image/png"));
        int n = 640 * 480;
        for (int i = 0; i < n; i += 97) {
            int rgb = png.getRGB(i % 640, i / 640);
            for (int k = 0; k < 3; k++) {
                int expected = words[planar ? k * n + i : 3 * i + k] & 0xFF;
                assertEquals(expected, (rgb >> (16 - 8 * k)) & 0xFF, "pixel " + i + " component " + k);
            }
        }
    }

    @Test
    void paletteColourGoesThroughItsLookupTable() throws Exception {
        String url = instance("Modality=US&Rows=600&Columns=800");
        JsonNode meta = JSON.readTree(Http.get(url + "/metadata").body()).get(0);
        assertEquals("PALETTE COLOR", meta.get("00280004").get("Value").get(0).asText());
        JsonNode descriptor = meta.get("00281101").get("Value");
        int first = descriptor.get(1).asInt();
        byte[][] lut = new byte[3][];
        String[] tags = {"00281201", "00281202", "00281203"};
        for (int c = 0; c < 3; c++) {
            lut[c] = java.util.Base64.getDecoder().decode(meta.get(tags[c]).get("InlineBinary").asText());
        }
        byte[] indices = Http.get(url + "/frames/1", "Accept", OCTETS).parts().get(0).body();
        BufferedImage png = image(Http.get(url + "/rendered", "Accept", "image/png"));
        int checked = 0;
        for (int i = 0; i < 800 * 600; i += 101) {
            int entry = Math.max(0, (indices[i] & 0xFF) - first);
            int rgb = png.getRGB(i % 800, i / 800);
            for (int c = 0; c < 3; c++) {
                assertEquals(lut[c][2 * entry + 1] & 0xFF, (rgb >> (16 - 8 * c)) & 0xFF, "pixel " + i + " channel " + c);
            }
            checked++;
        }
        assertTrue(checked > 4000);
    }

    static String text(JsonNode item, String tag) {
        return item.get(tag).get("Value").get(0).asText();
    }
}
