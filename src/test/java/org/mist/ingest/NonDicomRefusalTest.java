package org.mist.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectStore;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.TestServers;

/**
 * The format hierarchy and bad input. Converting up (NIfTI or PNG to DICOM, PNG to NIfTI) is 406 with the
 * reason, everywhere it can be asked for; NIfTI- and PNG-origin data are absent from QIDO-RS. A corrupt NIfTI
 * header, dimensions the data does not match, a gzip bomb, a PNG declaring absurd dimensions, and other
 * mistakes get 4xx with the reason, and leave no row and no object behind.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class NonDicomRefusalTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectStore objects;

    private String api(String path) {
        return base + "api/stores/hier/" + path;
    }

    @Test
    void convertingUpIsRefusedAndNonDicomStaysOutOfQido() throws Exception {
        JsonNode nifti = NiftiIngestTest.ingest(base.toString(), "hier", "ch2.nii.gz",
                Files.readAllBytes(SharedData.require("nifti/volumes/ch2.nii.gz")));
        JsonNode png = NiftiIngestTest.ingest(base.toString(), "hier", "cxr/1.png",
                Files.readAllBytes(SharedData.require("png/cxr14/00000001_000.png")));
        for (JsonNode x : List.of(nifti, png)) {
            String study = x.get("studyInstanceUid").asText();
            String series = x.get("seriesInstanceUid").asText();
            String sop = x.get("sopInstanceUid").asText();
            String origin = x.get("origin").asText();
            String web = base + "stores/hier/dicomweb/studies/" + study;
            for (String url : List.of(web, web + "/series/" + series, web + "/series/" + series + "/instances/" + sop,
                    web + "/series/" + series + "/metadata", web + "/series/" + series + "/instances/" + sop + "/frames/1",
                    web + "/series/" + series + "/instances/" + sop + "/rendered", api("export?format=dicom&study=" + study))) {
                Http.Answer a = Http.get(url);
                assertEquals(406, a.status(), url + ": " + a.text());
                assertTrue(a.text().contains(origin + "-origin"), url + ": " + a.text());
            }
            // Down the hierarchy is fine: PNG and JPEG of any origin.
            String frame = api("studies/" + study + "/series/" + series + "/instances/" + sop + "/frames/1/");
            assertEquals(200, Http.get(frame + "png?level=1").status());
            assertEquals(200, Http.get(frame + "jpeg?resolution=64").status());
            for (String q : List.of("studies", "series", "instances", "studies?StudyInstanceUID=" + study)) {
                Http.Answer a = Http.get(base + "stores/hier/dicomweb/" + q);
                assertTrue(a.status() == 204 || a.status() == 200 && !a.text().contains(study), q + ": " + a.text());
            }
        }
        String pngSeries = "studies/" + png.get("studyInstanceUid").asText() + "/series/" + png.get("seriesInstanceUid").asText();
        Http.Answer a = Http.get(api(pngSeries + "/nifti"));
        assertEquals(406, a.status(), a.text());
        assertTrue(a.text().contains("PNG-origin data cannot be served as NIfTI"), a.text());
        a = Http.get(api("export?format=nifti&study=" + png.get("studyInstanceUid").asText()));
        assertEquals(406, a.status(), a.text());
        String niftiSeries = "studies/" + nifti.get("studyInstanceUid").asText() + "/series/" + nifti.get("seriesInstanceUid").asText();
        assertEquals(200, Http.get(api(niftiSeries + "/nifti?level=2")).status());
    }

    /** A NIfTI-1 header for {@code nx x ny x nz} uint8 voxels, data following at 352. */
    static byte[] header(int nx, int ny, int nz) {
        ByteBuffer b = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        short[] dim = {3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putShort(70, (short) 2);
        b.putShort(72, (short) 8);
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, 1f);
        }
        b.putFloat(108, 352f);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        return b.array();
    }

    static byte[] gzip(byte[] head, long zeros) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(head);
            byte[] block = new byte[1 << 20];
            for (long n = 0; n < zeros; n += block.length) {
                z.write(block, 0, (int) Math.min(block.length, zeros - n));
            }
        }
        return out.toByteArray();
    }

    /** A PNG whose IHDR declares {@code w x h} RGBA pixels, with a valid CRC and an empty IDAT. */
    static byte[] png(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(w).putInt(h).put(new byte[] {8, 6, 0, 0, 0}).array();
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        b.putInt(13).put(ihdr).putInt((int) crc.getValue());
        for (String t : new String[] {"IDAT", "IEND"}) {
            crc.reset();
            crc.update(t.getBytes());
            b.putInt(0).put(t.getBytes()).putInt((int) crc.getValue());
        }
        return b.array();
    }

    @Test
    void badInputIsRefusedWithItsReasonAndStoresNothing() throws Exception {
        byte[] good = header(10, 10, 2);
        byte[] corruptMagic = good.clone();
        corruptMagic[345] = 'x';
        byte[] badDim = good.clone();
        ByteBuffer.wrap(badDim).order(ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 9);
        byte[] badType = good.clone();
        ByteBuffer.wrap(badType).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 3);
        byte[] short100 = new byte[352 + 100];
        System.arraycopy(good, 0, short100, 0, 352);
        byte[] pngTruncated = java.util.Arrays.copyOf(Files.readAllBytes(SharedData.require("png/cxr14/00000001_000.png")), 5000);
        record Case(String what, byte[] body, int status, String reason) {
        }
        List<Case> cases = new ArrayList<>(List.of(
                new Case("corrupt NIfTI magic", corruptMagic, 400, "magic"),
                new Case("dim[0] of 9", badDim, 400, "dim[0]"),
                new Case("datatype 3", badType, 400, "datatype 3"),
                new Case("data shorter than the dimensions", short100, 400, "need 200 bytes"),
                new Case("data longer than the dimensions", java.util.Arrays.copyOf(good, 352 + 300), 400, "has more"),
                // 1 GiB of zeros behind a 200-byte volume: about 1 MB gzipped; refused after reading 201 bytes of it.
                new Case("gzip bomb", gzip(good, 1L << 30), 400, "has more"),
                new Case("gzip bomb with honest dimensions", gzip(header(30000, 30000, 30000), 1 << 20), 413, "limit"),
                new Case("truncated gzip", java.util.Arrays.copyOf(gzip(good, 200), 40), 400, "gzip"),
                new Case("PNG of 100000 x 100000", png(100_000, 100_000), 413, "100000x100000"),
                new Case("PNG of 60000 x 60000 (14 GB of RGBA)", png(60_000, 60_000), 413, "1 GiB"),
                new Case("truncated PNG", pngTruncated, 400, "corrupt PNG"),
                new Case("text", "hello, this is not an image".getBytes(), 415, FileIngest.NONE_OF_THEM)));
        for (Case c : cases) {
            long start = System.nanoTime();
            Http.Answer a = Http.post(base + "api/stores/hier-bad/ingest?name=" + c.what().replace(' ', '_'), c.body(),
                    "Content-Type", "application/octet-stream");
            assertEquals(c.status(), a.status(), c.what() + ": " + a.text());
            assertTrue(a.text().contains(c.reason()), c.what() + ": " + a.text());
            System.out.printf("%-40s -> %d %s (%.0f ms)%n", c.what(), a.status(), a.text(), (System.nanoTime() - start) / 1e6);
        }
        Http.Answer noName = Http.post(base + "api/stores/hier-bad/ingest", good, "Content-Type", "application/octet-stream");
        assertEquals(400, noName.status(), noName.text());
        assertTrue(noName.text().contains("file name"), noName.text());
        // Nothing stored: no rows (the store has nothing to export) and no objects.
        Http.Answer export = Http.get(base + "api/stores/hier-bad/export?format=png");
        assertEquals(404, export.status(), export.text());
        List<String> keys = new ArrayList<>();
        objects.list("hier-bad/", i -> keys.add(i.key()));
        assertTrue(keys.isEmpty(), keys.toString());
        // A different file under a stored name is a conflict; the stored one stays.
        byte[] volume = java.util.Arrays.copyOf(good, 352 + 200);
        assertEquals(201, Http.post(api("ingest?name=same.nii"), volume, "Content-Type", "application/octet-stream").status());
        volume[400] = 7;
        Http.Answer conflict = Http.post(api("ingest?name=same.nii"), volume, "Content-Type", "application/octet-stream");
        assertEquals(409, conflict.status(), conflict.text());
        assertFalse(conflict.text().isBlank());
    }
}
