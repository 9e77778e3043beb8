package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mist.codec.HtCodec;
import org.mist.codec.Samples;
import org.mist.testing.Http;
import org.mist.testing.Oracles;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * The read side over real HTTP on every ingested file of ../shared/data: every frame at every level as
 * HTJ2K (decoded by OpenJPEG/Grok, which must agree with OpenJPH's decode of the stored stream with skip k)
 * and as native words; Range slices equal to the stored bytes; every instance at every level in each
 * transfer syntax, parsed back, with the same pixels; derived instances read by DCMTK {@code dcmdump}.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class WadoAllSharedDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SYNTAXES = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "*"};

    @TestHTTPResource("/")
    URL base;

    private record Counts(int[] v) {
    }

    @Test
    void everyFrameAtEveryLevelInEveryTransferSyntax() throws Exception {
        SharedDataArchive.load(base.toString());
        List<Oracles> oracles = Oracles.available();
        String web = base + "stores/" + SharedDataArchive.STORE + "/dicomweb";
        Http.Answer list = Http.get(web + "/instances?limit=10000");
        assertEquals(200, list.status(), list.text());
        JsonNode instances = JSON.readTree(list.body());
        assertTrue(instances.size() > 200, "instances found by QIDO: " + instances.size());
        int frameLevels = 0;
        int instanceLevels = 0;
        int derivedDumped = 0;
        int refusedHtj2k = 0;
        Path work = Files.createTempDirectory("mist-wado-test");
        for (JsonNode i : instances) {
            String study = text(i, "0020000D");
            String series = text(i, "0020000E");
            String sop = text(i, "00080018");
            String instanceUrl = web + "/studies/" + study + "/series/" + series + "/instances/" + sop;
            JsonNode meta = JSON.readTree(Http.get(instanceUrl + "/metadata").body()).get(0);
            int frames = meta.has("00280008") ? meta.get("00280008").get("Value").get(0).asInt() : 1;
            int bitsAllocated = meta.get("00280100").get("Value").get(0).asInt();
            boolean planar = meta.has("00280006") && meta.get("00280006").has("Value")
                    && meta.get("00280006").get("Value").get(0).asInt() == 1;
            List<List<byte[]>> nativeByLevel = new ArrayList<>();
            List<List<byte[]>> htj2kByLevel = new ArrayList<>();
            boolean allHtj2k = true;
            int maxLevel = Integer.MAX_VALUE;
            for (int n = 1; n <= frames; n++) {
                String api = base + "api/stores/" + SharedDataArchive.STORE + "/studies/" + study + "/series/" + series
                        + "/instances/" + sop + "/frames/" + n + "/levels";
                JsonNode table = JSON.readTree(Http.get(api).body());
                boolean htj2k = table.get("codec").asText().equals("HTJ2K");
                allHtj2k &= htj2k;
                JsonNode levels = table.get("levels");
                maxLevel = Math.min(maxLevel, levels.size() - 1);
                byte[] stored = htj2k ? Http.get(instanceUrl + "/frames/" + n, "Accept", "multipart/related; type=\"image/jphc\"")
                        .parts().get(0).body() : null;
                for (JsonNode level : levels) {
                    int k = level.get("level").asInt();
                    String frameUrl = instanceUrl + "/frames/" + n + "?level=" + k;
                    while (nativeByLevel.size() <= k) {
                        nativeByLevel.add(new ArrayList<>());
                        htj2kByLevel.add(new ArrayList<>());
                    }
                    Http.Answer raw = Http.get(frameUrl, "Accept", "multipart/related; type=\"application/octet-stream\"");
                    assertEquals(200, raw.status(), frameUrl + ": " + raw.text());
                    byte[] words = raw.parts().get(0).body();
                    nativeByLevel.get(k).add(words);
                    int w = level.get("width").asInt();
                    int h = level.get("height").asInt();
                    int c = table.get("components").asInt();
                    assertEquals((bitsAllocated == 1 ? (w * h * c + 7) / 8 : (long) w * h * c * bitsAllocated / 8), words.length, frameUrl);
                    if (!htj2k) {
                        Http.Answer refused = Http.get(frameUrl, "Accept", "multipart/related; type=\"image/jphc\"");
                        assertEquals(406, refused.status(), frameUrl);
                        continue;
                    }
                    Http.Answer j = Http.get(frameUrl, "Accept", "multipart/related; type=\"image/jphc\"");
                    assertEquals(200, j.status(), frameUrl + ": " + j.text());
                    Http.Part part = j.parts().get(0);
                    assertTrue(part.contentType().startsWith("image/jphc"), part.contentType());
                    byte[] standalone = part.body();
                    htj2kByLevel.get(k).add(standalone);
                    Samples ours = HtCodec.decode(standalone);
                    assertEquals(w, ours.spec().width(), frameUrl);
                    assertEquals(h, ours.spec().height(), frameUrl);
                    // Independent decoders read the served stream with no options; OpenJPH's skip-k decode of the
                    // stored stream must give the same samples.
                    for (Oracles o : oracles) {
                        assertNull(ours.firstDifference(o.decode(standalone, ours.spec())), o + " on " + frameUrl);
                    }
                    assertNull(ours.firstDifference(HtCodec.decode(stored, k)), "skip " + k + " on " + frameUrl);
                    // The level's prefix by Range is exactly those bytes of the stored codestream.
                    long bytes = level.get("bytes").asLong();
                    Http.Answer prefix = Http.get(instanceUrl + "/frames/" + n, "Range", "bytes=0-" + (bytes - 1),
                            "Accept", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
                    assertEquals(206, prefix.status(), prefix.text());
                    assertEquals("bytes 0-" + (bytes - 1) + "/" + stored.length, prefix.header("content-range"));
                    assertArrayEquals(java.util.Arrays.copyOf(stored, (int) bytes), prefix.body());
                    assertNull(ours.firstDifference(HtCodec.decodePrefix(prefix.body(), prefix.body().length, k)));
                    assertArrayEquals(nativeWords(ours, bitsAllocated, planar), words, "native words " + frameUrl);
                    frameLevels++;
                }
            }
            for (int k = 0; k <= maxLevel; k++) {
                for (String ts : SYNTAXES) {
                    String url = instanceUrl + "?level=" + k;
                    Http.Answer a = Http.get(url, "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=" + ts);
                    boolean explicitHtj2k = ts.contains(".20");
                    if (a.status() == 406 && explicitHtj2k) {
                        assertTrue(a.text().contains("cannot be sent as HTJ2K"), a.text());
                        refusedHtj2k++;
                        continue;
                    }
                    assertEquals(200, a.status(), url + " " + ts + ": " + a.text());
                    List<Http.Part> parts = a.parts();
                    assertEquals(1, parts.size());
                    String partTs = parts.get(0).contentType().replaceAll(".*transfer-syntax=", "");
                    boolean nativeSyntax = partTs.equals("1.2.840.10008.1.2.1");
                    AttributeList dicom = read(parts.get(0).body(), !nativeSyntax);
                    assertEquals(partTs, Attribute.getSingleStringValueOrNull(dicom, TagFromName.TransferSyntaxUID));
                    Attribute pixels = dicom.get(TagFromName.PixelData);
                    if (nativeSyntax) {
                        assertTrue(!explicitHtj2k, "asked for " + ts + ", got native");
                        if (bitsAllocated != 1 || frames == 1) {
                            assertArrayEquals(concat(nativeByLevel.get(k)), java.util.Arrays.copyOf(pixels.getByteValues(false),
                                    concat(nativeByLevel.get(k)).length), url + " " + ts);
                        }
                    } else {
                        assertTrue(allHtj2k, url);
                        List<byte[]> fragments = fragments(parts.get(0).body());
                        assertEquals(frames, fragments.size(), url);
                        for (int f = 0; f < frames; f++) {
                            byte[] expected = htj2kByLevel.get(k).get(f);
                            assertArrayEquals(expected, java.util.Arrays.copyOf(fragments.get(f), expected.length), url + " frame " + (f + 1));
                        }
                    }
                    if (k > 0) {
                        checkDerived(dicom, meta, sop, k);
                        if (ts.equals("*")) {
                            dcmdump(parts.get(0).body(), work);
                            derivedDumped++;
                        }
                    }
                    instanceLevels++;
                }
            }
        }
        System.out.printf("WADO-RS over %d instances: %d frame-levels checked with %s, %d instance-levels in %d syntaxes, "
                        + "%d derived instances read by dcmdump, %d HTJ2K refusals (406)%n", instances.size(), frameLevels,
                oracles, instanceLevels, SYNTAXES.length, derivedDumped, refusedHtj2k);
        assertTrue(frameLevels > 600, "frame-levels checked: " + frameLevels);
    }

    private static void checkDerived(AttributeList dicom, JsonNode meta, String sop, int k) throws Exception {
        int rows = meta.get("00280010").get("Value").get(0).asInt();
        int columns = meta.get("00280011").get("Value").get(0).asInt();
        assertEquals((rows + (1 << k) - 1) >> k, Attribute.getSingleIntegerValueOrDefault(dicom, TagFromName.Rows, -1));
        assertEquals((columns + (1 << k) - 1) >> k, Attribute.getSingleIntegerValueOrDefault(dicom, TagFromName.Columns, -1));
        if (meta.has("00280030") && meta.get("00280030").has("Value")) {
            double[] derived = Attribute.getDoubleValues(dicom, TagFromName.PixelSpacing);
            for (int i = 0; i < 2; i++) {
                double original = meta.get("00280030").get("Value").get(i).asDouble();
                assertEquals(original * (1 << k), derived[i], 1e-9 * original * (1 << k), "PixelSpacing at level " + k);
            }
        }
        assertEquals("DERIVED", Attribute.getStringValues(dicom, TagFromName.ImageType)[0]);
        assertNotEquals(sop, Attribute.getSingleStringValueOrNull(dicom, TagFromName.SOPInstanceUID));
        SequenceAttribute source = (SequenceAttribute) dicom.get(TagFromName.SourceImageSequence);
        assertEquals(sop, Attribute.getSingleStringValueOrNull(source.getItem(0).getAttributeList(), TagFromName.ReferencedSOPInstanceUID));
    }

    private static void dcmdump(byte[] part10, Path work) throws Exception {
        Path f = work.resolve("derived.dcm");
        Files.write(f, part10);
        Process p = new ProcessBuilder("dcmdump", "-q", "+E", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "dcmdump: " + out);
        assertTrue(!out.contains("E: "), "dcmdump reports errors: " + out);
    }

    /** The attributes; for encapsulated data only those before Pixel Data (PixelMed 2022 does not know HTJ2K). */
    private static AttributeList read(byte[] part10, boolean encapsulated) throws Exception {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            if (encapsulated) {
                list.read(in, TagFromName.PixelData);
            } else {
                list.read(in);
            }
        }
        return list;
    }

    /** The fragments of encapsulated Pixel Data (PS3.5 A.4), read straight from the bytes, Basic Offset Table skipped. */
    private static List<byte[]> fragments(byte[] part10) {
        byte[] tag = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        int p = -1;
        for (int i = 0; i + tag.length <= part10.length && p < 0; i++) {
            if (java.util.Arrays.equals(part10, i, i + tag.length, tag, 0, tag.length)) {
                p = i + tag.length;
            }
        }
        assertTrue(p > 0, "no encapsulated Pixel Data");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(part10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        boolean offsetTable = true;
        while (true) {
            int group = b.getShort(p) & 0xFFFF;
            int element = b.getShort(p + 2) & 0xFFFF;
            int length = b.getInt(p + 4);
            assertEquals(0xFFFE, group);
            if (element == 0xE0DD) {
                return out;
            }
            assertEquals(0xE000, element);
            if (!offsetTable) {
                out.add(java.util.Arrays.copyOfRange(part10, p + 8, p + 8 + length));
            }
            offsetTable = false;
            p += 8 + length;
        }
    }

    /** Samples to the container words native Pixel Data holds (little endian; 1-bit packed). */
    private static byte[] nativeWords(Samples s, int bitsAllocated, boolean planar) {
        int w = s.spec().width();
        int h = s.spec().height();
        int c = s.spec().components();
        int n = w * h * c;
        byte[] out = new byte[bitsAllocated == 1 ? (n + 7) / 8 : n * bitsAllocated / 8];
        int i = 0;
        for (int p = 0; p < (planar ? c : 1); p++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = planar ? p : 0; k < (planar ? p + 1 : c); k++) {
                        int v = s.get(x, y, k);
                        switch (bitsAllocated) {
                            case 1 -> out[i >> 3] |= (byte) ((v & 1) << (i & 7));
                            case 8 -> out[i] = (byte) v;
                            default -> {
                                out[2 * i] = (byte) v;
                                out[2 * i + 1] = (byte) (v >> 8);
                            }
                        }
                        i++;
                    }
                }
            }
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(b -> b.length).sum();
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] b : parts) {
            System.arraycopy(b, 0, out, p, b.length);
            p += b.length;
        }
        return out;
    }

    static String text(JsonNode item, String tag) {
        return item.get(tag).get("Value").get(0).asText();
    }
}
