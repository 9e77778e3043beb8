package org.mist.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.mist.codec.LowPass53;
import org.mist.nifti.NiftiHeader;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.TestServers;

/**
 * NIfTI in and out: every NIfTI of ../shared/data/nifti and of Debian's python3-nibabel test data, ingested
 * through {@code /api/.../ingest} and exported at level 0, comes back byte for byte (header, extensions, voxel
 * data, datatype, affine, scaling). At level 1 nibabel reads the grid halved (rounded up), the in-plane
 * axes of the affine doubled and its origin unchanged, and every voxel equals the 5/3 low-pass of the
 * original slice. Float volumes that are not integers are kept as their bits and still have levels and images.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
public class NiftiIngestTest {
    static final Path NIBABEL = Path.of("/usr/lib/python3/dist-packages/nibabel/tests/data");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SharedData.require("nifti"))) {
            s.filter(p -> p.toString().matches(".*\\.nii(\\.gz)?$")).sorted().forEach(out::add);
        }
        for (String n : List.of("example4d.nii.gz", "anatomical.nii", "functional.nii", "example_nifti2.nii.gz")) {
            Path p = NIBABEL.resolve(n);
            assertTrue(Files.exists(p), p + " missing: scripts/setup.sh installs python3-nibabel");
            out.add(p);
        }
        return out;
    }

    static byte[] plain(byte[] file) throws IOException {
        if ((file[0] & 0xFF) != 0x1F) {
            return file;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }

    /** POSTs a file to the ingest API: its JSON answer (fails unless 201 or 200). */
    public static JsonNode ingest(String base, String store, String name, byte[] body) throws IOException {
        Http.Answer a = Http.post(base + "api/stores/" + store + "/ingest?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                body, "Content-Type", "application/octet-stream");
        assertTrue(a.status() == 201 || a.status() == 200, name + ": " + a.status() + " " + a.text());
        return JSON.readTree(a.body());
    }

    static byte[] nifti(String base, String store, JsonNode stored, String query) {
        Http.Answer a = Http.get(base + "api/stores/" + store + "/studies/" + stored.get("studyInstanceUid").asText()
                + "/series/" + stored.get("seriesInstanceUid").asText() + "/nifti?gzip=false" + query);
        assertEquals(200, a.status(), a.text());
        return a.body();
    }

    @Test
    void everyNiftiComesBackByteForByte() throws Exception {
        Map<String, Integer> datatypes = new TreeMap<>();
        int files = 0;
        for (Path p : files()) {
            byte[] file = Files.readAllBytes(p);
            String name = p.getParent().getFileName() + "/" + p.getFileName();
            JsonNode stored = ingest(base.toString(), "nifti", name, file);
            byte[] original = plain(file);
            NiftiHeader h = NiftiHeader.parse(java.util.Arrays.copyOf(original, 540));
            datatypes.merge(h.type() + "/NIfTI-" + h.version() + "/" + h.order(), 1, Integer::sum);
            assertEquals(h.slices(), stored.get("frames").asLong(), name);
            byte[] back = nifti(base.toString(), "nifti", stored, "");
            assertEquals(original.length, back.length, name + ": length");
            assertArrayEquals(original, back, name);
            // Sent again: found, not stored twice.
            assertTrue(ingest(base.toString(), "nifti", name, file).get("alreadyStored").asBoolean(), name);
            files++;
        }
        System.out.println("NIfTI round trips: " + files + " files, byte-identical at level 0; " + datatypes);
        assertTrue(files >= 41, "expected the 37 shared and 4 nibabel files, got " + files);
    }

    /**
     * Every datatype and byte order MIST stores, made by nibabel ({@code src/test/python/nifti_types.py}):
     * byte-identical at level 0, and each slice took the path its values call for.
     */
    @Test
    void everyDatatypeAndByteOrderComesBackExactly() throws Exception {
        Path dir = Files.createTempDirectory("mist-nifti-types-");
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/nifti_types.py", dir.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        Map<String, String> expectedCodec = Map.of("int32_wide_be.nii", "DEFLATE", "uint32.nii.gz", "DEFLATE",
                "float32_real.nii.gz", "FLOAT", "float64_be.nii", "FLOAT", "float32_be_nifti2.nii", "FLOAT");
        List<Path> made;
        try (Stream<Path> s = Files.list(dir)) {
            made = s.sorted().toList();
        }
        assertEquals(13, made.size());
        for (Path f : made) {
            byte[] file = Files.readAllBytes(f);
            String name = "types/" + f.getFileName();
            JsonNode stored = ingest(base.toString(), "nifti", name, file);
            assertArrayEquals(plain(file), nifti(base.toString(), "nifti", stored, ""), name);
            JsonNode levels = JSON.readTree(Http.get(base + "api/stores/nifti/studies/" + stored.get("studyInstanceUid").asText()
                    + "/series/" + stored.get("seriesInstanceUid").asText() + "/instances/" + stored.get("sopInstanceUid").asText()
                    + "/frames/1/levels").body());
            assertEquals(expectedCodec.getOrDefault(f.getFileName().toString(), "HTJ2K"), levels.get("codec").asText(), name);
            if (f.getFileName().toString().startsWith("float64_be")) {
                floatLevelsAndImages(stored, plain(file));
            }
            Files.delete(f);
        }
        Files.delete(dir);
    }

    /**
     * Float voxels kept as their bits: level 1 is the 5/3 low-pass without roundings of each slice, in the
     * file's datatype and byte order; PNG and JPEG are rendered through the slice's range or a window.
     */
    private void floatLevelsAndImages(JsonNode stored, byte[] original) throws Exception {
        NiftiHeader h0 = NiftiHeader.parse(java.util.Arrays.copyOf(original, 540));
        byte[] level1 = nifti(base.toString(), "nifti", stored, "&level=1");
        NiftiHeader h1 = NiftiHeader.parse(java.util.Arrays.copyOf(level1, 540));
        assertEquals((h0.nx() + 1) / 2, h1.nx());
        assertEquals(h0.type(), h1.type());
        ByteBuffer in = ByteBuffer.wrap(original).order(h0.order());
        ByteBuffer out = ByteBuffer.wrap(level1).order(h1.order());
        int n0 = (int) (h0.nx() * h0.ny());
        int n1 = (int) (h1.nx() * h1.ny());
        for (int z = 0; z < h0.slices(); z++) {
            double[] slice = new double[n0];
            for (int i = 0; i < n0; i++) {
                slice[i] = in.getDouble((int) h0.voxOffset() + 8 * (z * n0 + i));
            }
            double[] expected = LowPass53.reduce(slice, (int) h0.nx(), (int) h0.ny(), 1);
            for (int i = 0; i < n1; i++) {
                assertEquals(expected[i], out.getDouble((int) h1.voxOffset() + 8 * (z * n1 + i)), 0.0, "slice " + z + " voxel " + i);
            }
        }
        String frame = base + "api/stores/nifti/studies/" + stored.get("studyInstanceUid").asText() + "/series/"
                + stored.get("seriesInstanceUid").asText() + "/instances/" + stored.get("sopInstanceUid").asText() + "/frames/1/";
        for (String q : List.of("png", "png?window=0,2", "jpeg?level=1")) {
            Http.Answer a = Http.get(frame + q);
            assertEquals(200, a.status(), q + ": " + a.text());
            java.awt.image.BufferedImage im = javax.imageio.ImageIO.read(new ByteArrayInputStream(a.body()));
            assertEquals(q.contains("level=1") ? (h0.nx() + 1) / 2 : h0.nx(), im.getWidth(), q);
        }
    }

    @Test
    void levelOneHalvesTheGridKeepsTheOriginAndIsTheLowPass() throws Exception {
        for (String relative : List.of("nifti/volumes/ch2.nii.gz", "nifti/derived/pancreatic_ct_cbct_seg_001_ct.nii.gz")) {
            Path p = SharedData.require(relative);
            byte[] original = plain(Files.readAllBytes(p));
            JsonNode stored = ingest(base.toString(), "nifti", relative, Files.readAllBytes(p));
            // Gzipped as MIST writes it (one gzip member per slice): nibabel must read it as it is.
            Http.Answer a = Http.get(base + "api/stores/nifti/studies/" + stored.get("studyInstanceUid").asText() + "/series/"
                    + stored.get("seriesInstanceUid").asText() + "/nifti?level=1");
            assertEquals(200, a.status(), a.text());
            byte[] gz = a.body();
            byte[] level1 = plain(gz);
            Path out = Files.createTempFile("mist-level1-", ".nii.gz");
            Files.write(out, gz);
            // nibabel, an independent reader, on both files.
            String py = """
                    import json, sys, nibabel as nib
                    a = nib.load(sys.argv[1]); b = nib.load(sys.argv[2])
                    print(json.dumps({"shape0": a.shape, "shape1": b.shape, "affine0": a.affine.tolist(),
                        "affine1": b.affine.tolist(), "dtype0": str(a.get_data_dtype()), "dtype1": str(b.get_data_dtype())}))
                    """;
            Process proc = new ProcessBuilder("/usr/bin/python3", "-c", py, p.toString(), out.toString()).redirectErrorStream(true).start();
            String answer = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, proc.waitFor(), answer);
            JsonNode r = JSON.readTree(answer);
            assertEquals(r.get("dtype0"), r.get("dtype1"));
            for (int d = 0; d < r.get("shape0").size(); d++) {
                int n = r.get("shape0").get(d).asInt();
                assertEquals(d < 2 ? (n + 1) / 2 : n, r.get("shape1").get(d).asInt(), relative + " dim " + d);
            }
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 4; col++) {
                    double a0 = r.get("affine0").get(row).get(col).asDouble();
                    double a1 = r.get("affine1").get(row).get(col).asDouble();
                    assertEquals(col < 2 ? 2 * a0 : a0, a1, 1e-4, relative + " affine[" + row + "][" + col + "]");
                }
            }
            NiftiHeader h0 = NiftiHeader.parse(java.util.Arrays.copyOf(original, 540));
            NiftiHeader h1 = NiftiHeader.parse(java.util.Arrays.copyOf(level1, 540));
            int w = (int) h0.nx();
            int ht = (int) h0.ny();
            long min = h0.type().signed() ? -(1L << (8 * h0.type().sampleBytes() - 1)) : 0;
            long max = h0.type().signed() ? (1L << (8 * h0.type().sampleBytes() - 1)) - 1 : (1L << 8 * h0.type().sampleBytes()) - 1;
            for (int z = 0; z < h0.slices(); z++) {
                long[] slice = values(original, h0, (int) h0.voxOffset() + z * (int) h0.sliceBytes(), w * ht);
                long[] expected = LowPass53.reduce(slice, w, ht, 1, 1, min, max);
                long[] got = values(level1, h1, (int) h1.voxOffset() + z * (int) h1.sliceBytes(), (int) (h1.nx() * h1.ny()));
                assertArrayEquals(expected, got, relative + " slice " + z);
            }
            Files.delete(out);
        }
    }

    private static long[] values(byte[] file, NiftiHeader h, int offset, int n) {
        ByteBuffer b = ByteBuffer.wrap(file).order(h.order());
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (h.type()) {
                case UINT8 -> file[offset + i] & 0xFF;
                case INT16 -> b.getShort(offset + 2 * i);
                default -> throw new AssertionError("test volumes are uint8 or int16, not " + h.type());
            };
        }
        return v;
    }
}
