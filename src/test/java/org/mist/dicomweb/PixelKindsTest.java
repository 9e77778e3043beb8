package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mist.dimse.DimseServer;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.PythonScripts;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * Pixels off the common path, in instances pydicom writes ({@code src/test/python/pixel_kinds.py}, around a CT
 * slice of {@code ../shared/data/dicom/ct-series}): Parametric Maps with Float and Double Float Pixel Data (NaN
 * payloads, a signalling NaN, -0.0, infinities, subnormals) are given back bit for bit by WADO-RS (instance and
 * frames) and C-MOVE; a BINARY (1-bit) Segmentation goes through HTJ2K and comes back packed as it was sent.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class PixelKindsTest {
    private static final String STORE = TestServers.DIMSE_STORE;  // so that C-MOVE reaches it
    private static final String PART10 = "multipart/related; type=\"application/dicom\"; transfer-syntax=";
    private static final String OCTETS = "multipart/related; type=\"application/octet-stream\"";

    @TestHTTPResource("/")
    URL base;
    @Inject
    DimseServer dimse;
    @Inject
    DataSource dataSource;

    @Test
    void floatMapsComeBackBitForBitAndABinarySegmentationThroughHtj2k() throws Exception {
        Path dir = Files.createTempDirectory("mist-pixel-kinds");
        PythonScripts.run("pixel_kinds.py", SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-010.dcm").toString(),
                dir.toString());
        List<Path> files = List.of(dir.resolve("pm-float.dcm"), dir.resolve("pm-double.dcm"), dir.resolve("seg-binary.dcm"));
        String web = base + "stores/" + STORE + "/dicomweb";
        Stow.Response stored = Stow.post(web + "/studies", files.stream().map(Stow.Part::file).toList());
        assertEquals(200, stored.status(), stored.body());
        assertEquals(3, stored.storedCount(), stored.body());
        String study = DicomFiles.studyInstanceUid(files.get(0));

        for (Path source : files) {
            String name = source.getFileName().toString();
            String series = DicomFiles.seriesInstanceUid(source);
            String sop = DicomFiles.sopInstanceUid(source);
            String instance = web + "/studies/" + study + "/series/" + series + "/instances/" + sop;
            for (String ts : List.of("1.2.840.10008.1.2.1", "*")) {
                Http.Answer a = Http.get(instance, "Accept", PART10 + ts);
                assertEquals(200, a.status(), name + " " + ts + ": " + a.text());
                Path back = Files.createTempFile("mist-pixel-kinds-", ".dcm");
                Files.write(back, a.parts().get(0).body());
                Dcmtk.assertSameDataSet(source, back, name + " in " + ts);
                if (!name.startsWith("seg")) {
                    assertArrayEquals(floatPixels(Files.readAllBytes(source)), floatPixels(a.parts().get(0).body()),
                            name + " in " + ts + ": the float pixels, bit for bit");
                }
            }
            assertEquals(1, Dcmtk.find(dimse.port(), "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study,
                    "SeriesInstanceUID=" + series, "SOPInstanceUID=" + sop).size(), name + ": findscu");
        }

        // Float frames one by one, as little-endian words, and their level 1 at half size
        Path pm = files.get(0);
        String frames = web + "/studies/" + study + "/series/" + DicomFiles.seriesInstanceUid(pm) + "/instances/"
                + DicomFiles.sopInstanceUid(pm) + "/frames/";
        byte[] all = floatPixels(Files.readAllBytes(pm));
        int frameBytes = 40 * 30 * 4;
        for (int n = 1; n <= 3; n++) {
            Http.Answer f = Http.get(frames + n, "Accept", OCTETS);
            assertEquals(200, f.status(), f.text());
            assertArrayEquals(Arrays.copyOfRange(all, (n - 1) * frameBytes, n * frameBytes), f.parts().get(0).body(), "frame " + n);
        }
        assertEquals(20 * 15 * 4, Http.get(frames + "2?level=1", "Accept", OCTETS).parts().get(0).body().length);
        com.fasterxml.jackson.databind.JsonNode metadata = Http.jsonArray(frames.replace("/frames/", "/metadata")).get(0);
        assertEquals("OF", metadata.get("7FE00008").get("vr").asText(), metadata.toString());
        assertTrue(!metadata.has("7FE00010"), "a parametric map has no Pixel Data");
        List<Http.Part> bulk = Http.get(metadata.get("7FE00008").get("BulkDataURI").asText(), "Accept", OCTETS).parts();
        assertArrayEquals(all, bulk.stream().map(Http.Part::body).reduce(new byte[0], PixelKindsTest::concat));
        Http.Answer htj2k = Http.get(frames + "1", "Accept", "multipart/related; type=\"image/jphc\"");
        assertEquals(406, htj2k.status(), htj2k.text());
        Http.Answer nifti = Http.get(base + "api/stores/" + STORE + "/studies/" + study + "/series/"
                + DicomFiles.seriesInstanceUid(pm) + "/nifti");
        assertEquals(406, nifti.status(), nifti.text());
        Http.Answer rendered = Http.get(frames + "1/rendered", "Accept", "image/png");
        assertEquals(200, rendered.status(), rendered.text());

        // How each is stored: floats in the lossless fallback, the 1-bit SEG as HTJ2K
        assertEquals(List.of("FLOAT 32", "FLOAT 32", "FLOAT 32"), codecs(DicomFiles.sopInstanceUid(pm)));
        assertEquals(List.of("FLOAT 64"), codecs(DicomFiles.sopInstanceUid(files.get(1))));
        assertEquals(List.of("HTJ2K 1", "HTJ2K 1"), codecs(DicomFiles.sopInstanceUid(files.get(2))));

        // C-MOVE to storescp: each arrives as it was sent
        Path received = Dcmtk.moveStudyToStorescp(study, dimse.port());
        Map<String, Path> arrived = new HashMap<>();
        try (Stream<Path> s = Files.list(received)) {
            for (Path f : s.toList()) {
                arrived.put(DicomFiles.sopInstanceUid(f), f);
            }
        }
        assertEquals(3, arrived.size(), arrived.toString());
        for (Path source : files) {
            Path moved = arrived.get(DicomFiles.sopInstanceUid(source));
            Dcmtk.assertSameDataSet(source, moved, source.getFileName() + " by C-MOVE");
            if (!source.getFileName().toString().startsWith("seg")) {
                assertArrayEquals(floatPixels(Files.readAllBytes(source)), floatPixels(Files.readAllBytes(moved)));
            }
        }
        assertEquals(204, Http.delete(web + "/studies/" + study).status());
    }

    /** The value of (7FE0,0008) or (7FE0,0009) in an Explicit VR Little Endian Part 10 file, or of its implicit form. */
    static byte[] floatPixels(byte[] part10) {
        for (int i = part10.length - 8; i >= 132; i--) {
            if ((part10[i] & 0xFF) == 0xE0 && part10[i + 1] == 0x7F && (part10[i + 2] == 8 || part10[i + 2] == 9) && part10[i + 3] == 0) {
                boolean explicit = part10[i + 4] == 'O' && (part10[i + 5] == 'F' || part10[i + 5] == 'D');
                ByteBuffer b = ByteBuffer.wrap(part10).order(ByteOrder.LITTLE_ENDIAN);
                int length = b.getInt(i + (explicit ? 8 : 4));
                int at = i + (explicit ? 12 : 8);
                if (at + length == part10.length) {
                    return Arrays.copyOfRange(part10, at, at + length);
                }
            }
        }
        throw new AssertionError("no Float or Double Float Pixel Data at the end of the file");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private List<String> codecs(String sop) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select f.codec, f.bit_depth from frame f join instance i on i.id = f.instance_fk where i.sop_instance_uid = ?"
                        + " order by f.frame_number")) {
            ps.setString(1, sop);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getInt(2));
                }
            }
        }
        return out;
    }
}
