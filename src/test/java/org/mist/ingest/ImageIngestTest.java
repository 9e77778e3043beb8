package org.mist.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mist.archive.FrameSource;
import org.mist.codec.LowPass53;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * PNG and JPEG in and out: every PNG layout (grey 1-16 bits, grey+alpha, RGB and RGBA of 8 and 16 bits,
 * palettes of 1-8 bits with alpha) and the ChestX-ray14 images come back bit-exactly, with their colour type,
 * bit depth and palette; at level k the PNG holds the 5/3 low-pass of the original samples; JPEGs are kept as
 * their decoded pixels; the export gives the file names back through its manifest.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ImageIngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    FrameSource frames;

    /** One PNG per layout, written by ImageIO (an encoder independent of MIST's). */
    static Map<String, byte[]> pngs() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Random r = new Random(11);
        int w = 67;
        int h = 45;
        for (int bits : new int[] {1, 2, 4, 8}) {
            int n = 1 << bits;
            byte[] red = new byte[n];
            byte[] green = new byte[n];
            byte[] blue = new byte[n];
            byte[] alpha = new byte[n];
            r.nextBytes(red);
            r.nextBytes(green);
            r.nextBytes(blue);
            r.nextBytes(alpha);
            IndexColorModel palette = new IndexColorModel(bits, n, red, green, blue, alpha);
            out.put("palette" + bits + ".png", png(new BufferedImage(palette, noise(palette.createCompatibleWritableRaster(w, h), r, bits),
                    false, null)));
            byte[] ramp = new byte[n];
            for (int i = 0; i < n; i++) {
                ramp[i] = (byte) (i * 255 / (n - 1));
            }
            IndexColorModel grey = new IndexColorModel(bits, n, ramp, ramp, ramp);
            out.put("grey" + bits + ".png", png(new BufferedImage(grey, noise(grey.createCompatibleWritableRaster(w, h), r, bits),
                    false, null)));
        }
        out.put("grey16.png", png(component(ColorSpace.CS_GRAY, false, DataBuffer.TYPE_USHORT, w, h, r)));
        out.put("grey_alpha8.png", png(component(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE, w, h, r)));
        out.put("grey_alpha16.png", png(component(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_USHORT, w, h, r)));
        out.put("rgb8.png", png(component(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_BYTE, w, h, r)));
        out.put("rgb16.png", png(component(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT, w, h, r)));
        out.put("rgba8.png", png(component(ColorSpace.CS_sRGB, true, DataBuffer.TYPE_BYTE, w, h, r)));
        out.put("rgba16.png", png(component(ColorSpace.CS_sRGB, true, DataBuffer.TYPE_USHORT, w, h, r)));
        return out;
    }

    private static BufferedImage component(int space, boolean alpha, int type, int w, int h, Random r) {
        ComponentColorModel m = new ComponentColorModel(ColorSpace.getInstance(space), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
        // Smooth ramps plus noise: images a codec meets, not white noise only.
        WritableRaster raster = m.createCompatibleWritableRaster(w, h);
        int max = type == DataBuffer.TYPE_USHORT ? 65535 : 255;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < raster.getNumBands(); b++) {
                    raster.setSample(x, y, b, Math.min(max, (x * 37 + y * 11 + b * 1000) % (max + 1) + r.nextInt(16)));
                }
            }
        }
        return new BufferedImage(m, raster, false, null);
    }

    private static WritableRaster noise(WritableRaster raster, Random r, int bits) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setSample(x, y, 0, r.nextInt(1 << bits));
            }
        }
        return raster;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out), "ImageIO cannot write " + image);
        return out.toByteArray();
    }

    /** IHDR bit depth and colour type. */
    static int[] ihdr(byte[] png) {
        return new int[] {png[24], png[25]};
    }

    static int[] samples(BufferedImage im) {
        return im.getRaster().getPixels(0, 0, im.getWidth(), im.getHeight(), (int[]) null);
    }

    static JsonNode ingest(String base, String name, byte[] body) throws IOException {
        return NiftiIngestTest.ingest(base, "images", name, body);
    }

    String frameUrl(JsonNode stored, String format) {
        return base + "api/stores/images/studies/" + stored.get("studyInstanceUid").asText() + "/series/"
                + stored.get("seriesInstanceUid").asText() + "/instances/" + stored.get("sopInstanceUid").asText()
                + "/frames/1/" + format;
    }

    @Test
    void everyPngLayoutRoundTripsBitExactly() throws Exception {
        Map<String, byte[]> files = pngs();
        files.put("cxr14/00000001_000.png", Files.readAllBytes(SharedData.require("png/cxr14/00000001_000.png")));
        files.put("cxr14/00000002_000.png", Files.readAllBytes(SharedData.require("png/cxr14/00000002_000.png")));
        java.util.Set<String> layouts = new java.util.TreeSet<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String name = e.getKey();
            layouts.add("type " + ihdr(e.getValue())[1] + " depth " + ihdr(e.getValue())[0]);
            JsonNode stored = ingest(base.toString(), name, e.getValue());
            assertEquals("PNG", stored.get("origin").asText());
            Http.Answer a = Http.get(frameUrl(stored, "png"));
            assertEquals(200, a.status(), name + ": " + a.text());
            assertArrayEquals(ihdr(e.getValue()), ihdr(a.body()), name + ": bit depth and colour type");
            BufferedImage in = ImageIO.read(new ByteArrayInputStream(e.getValue()));
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(a.body()));
            assertArrayEquals(samples(in), samples(back), name + ": samples");
            if (in.getColorModel() instanceof IndexColorModel p) {
                IndexColorModel q = (IndexColorModel) back.getColorModel();
                for (int i = 0; i < p.getMapSize(); i++) {
                    assertEquals(p.getRGB(i), q.getRGB(i), name + ": palette entry " + i);
                }
            }
            int bits = in.getRaster().getSampleModel().getSampleSize(0);
            int bands = in.getRaster().getNumBands();
            // Level 1: the 5/3 low-pass of the original samples (colour through the RCT, as HTJ2K codes it).
            Http.Answer l1 = Http.get(frameUrl(stored, "png") + "?level=1");
            assertEquals(200, l1.status(), l1.text());
            BufferedImage half = ImageIO.read(new ByteArrayInputStream(l1.body()));
            long[] original = java.util.Arrays.stream(samples(in)).asLongStream().toArray();
            long[] expected = LowPass53.reduce(original, in.getWidth(), in.getHeight(), bands, 1, 0, (1L << bits) - 1);
            assertEquals((in.getWidth() + 1) / 2, half.getWidth(), name);
            assertArrayEquals(expected, java.util.Arrays.stream(samples(half)).asLongStream().toArray(), name + ": level 1");
        }
        System.out.println("PNG layouts round-tripped: " + layouts);
        // Colour types 0 (1, 2, 4, 8, 16 bits), 2 (8, 16), 3 (1, 2, 4, 8), 4 (8, 16), 6 (8, 16).
        assertEquals(15, layouts.size(), layouts.toString());
    }

    /**
     * ChestX-ray14 at 224 px: the export reads only the prefix of the level that covers 224 (256 px of 1024),
     * counted by the frame source, and says how much less that is than the PNGs that came in.
     */
    @Test
    void chestXraysAt224ReadOnlyTheirLevelPrefixes() throws Exception {
        long sent = 0;
        long prefixes = 0;
        long stored = 0;
        JsonNode last = null;
        for (String n : List.of("00000001_000.png", "00000002_000.png")) {
            byte[] png = Files.readAllBytes(SharedData.require("png/cxr14/" + n));
            sent += png.length;
            last = NiftiIngestTest.ingest(base.toString(), "cxr", "images_001/" + n, png);
            JsonNode levels = JSON.readTree(Http.get(base + "api/stores/cxr/studies/" + last.get("studyInstanceUid").asText()
                    + "/series/" + last.get("seriesInstanceUid").asText() + "/instances/" + last.get("sopInstanceUid").asText()
                    + "/frames/1/levels").body());
            stored += levels.get("objectBytes").asLong();
            prefixes += levels.get("levels").get(2).get("bytes").asLong();
            assertEquals(256, levels.get("levels").get(2).get("width").asInt());
        }
        long before = frames.bytesRead();
        Http.Answer tar = Http.get(base + "api/stores/cxr/export?format=png&resolution=224&series=" + last.get("seriesInstanceUid").asText()
                + "&study=" + last.get("studyInstanceUid").asText());
        assertEquals(200, tar.status(), tar.text());
        long read = frames.bytesRead() - before;
        assertEquals(prefixes, read, "the export reads exactly the level-2 prefixes");
        Map<String, byte[]> entries = Tar.entries(tar.body());
        for (String n : List.of("00000001_000", "00000002_000")) {
            byte[] png = entries.get(last.get("studyInstanceUid").asText() + "/" + last.get("seriesInstanceUid").asText()
                    + "/images_001/" + n + ".png");
            assertEquals(256, ImageIO.read(new ByteArrayInputStream(png)).getWidth(), n);
        }
        System.out.printf("ChestX-ray14 at 224 px: read %d bytes of %d stored (%.1f%%) for %d bytes of PNG sent (%.1f%% less)%n",
                read, stored, 100.0 * read / stored, sent, 100 - 100.0 * read / sent);
    }

    @Test
    void jpegKeepsItsDecodedPixelsAndGoesOutAsPngOrJpeg() throws Exception {
        BufferedImage colour = new BufferedImage(80, 60, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage grey = new BufferedImage(80, 60, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                colour.setRGB(x, y, (x * 3) << 16 | (y * 4) << 8 | (x + y));
                grey.getRaster().setSample(x, y, 0, (x * y) % 256);
            }
        }
        for (BufferedImage im : new BufferedImage[] {colour, grey}) {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(im, "jpeg", jpeg);
            String name = "photos/" + im.getRaster().getNumBands() + ".jpg";
            JsonNode stored = ingest(base.toString(), name, jpeg.toByteArray());
            assertEquals("JPEG", stored.get("origin").asText());
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray()));
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Http.get(frameUrl(stored, "png")).body()));
            assertArrayEquals(samples(decoded), samples(png), name + ": the decoded JPEG, kept losslessly");
            Http.Answer out = Http.get(frameUrl(stored, "jpeg"));
            assertEquals("image/jpeg", out.header("content-type"));
            assertEquals(80, ImageIO.read(new ByteArrayInputStream(out.body())).getWidth());
        }
    }

    @Test
    void exportGivesTheFileNamesBack() throws Exception {
        Map<String, byte[]> files = pngs();
        JsonNode stored = null;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            stored = NiftiIngestTest.ingest(base.toString(), "named", "set/a/" + e.getKey(), e.getValue());
        }
        Http.Answer tar = Http.get(base + "api/stores/named/export?format=png&series=" + stored.get("seriesInstanceUid").asText()
                + "&study=" + stored.get("studyInstanceUid").asText());
        assertEquals(200, tar.status(), tar.text());
        Map<String, byte[]> entries = Tar.entries(tar.body());
        String manifest = new String(entries.get("manifest.csv"), StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String line = manifest.lines().filter(l -> l.endsWith("\"set/a/" + e.getKey() + "\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("manifest lacks " + e.getKey() + ":\n" + manifest));
            String file = line.substring(0, line.indexOf(','));
            assertTrue(file.endsWith("set/a/" + e.getKey()), file);
            assertArrayEquals(samples(ImageIO.read(new ByteArrayInputStream(e.getValue()))),
                    samples(ImageIO.read(new ByteArrayInputStream(entries.get(file)))), file);
        }
        assertEquals(files.size() + 1, entries.size());
    }
}
