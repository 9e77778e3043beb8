package org.mist.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * DICOM -> NIfTI: the CT series at level 0 agrees with dcm2niix's conversion in ../shared/data (the same voxel
 * values once the axes are matched through the two affines, the same affine within 1e-3 mm, the same
 * scaling); at level k the in-plane voxel size is exactly 2^k times level 0's, the first voxel keeps its
 * world position, and the voxels are the decoded level-k samples of each slice.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class NiftiExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private String study;
    private String series;

    /** The parts of a NIfTI-1 file the checks read. */
    record Nifti(int[] dim, short datatype, float[] pixdim, float slope, float intercept, double[] srow, short[] voxels) {
        static Nifti parse(byte[] gz) throws Exception {
            byte[] raw = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(348, b.getInt(0));
            int[] dim = new int[8];
            for (int i = 0; i < 8; i++) {
                dim[i] = b.getShort(40 + 2 * i);
            }
            float[] pixdim = new float[8];
            for (int i = 0; i < 8; i++) {
                pixdim[i] = b.getFloat(76 + 4 * i);
            }
            double[] srow = new double[12];
            for (int i = 0; i < 12; i++) {
                srow[i] = b.getFloat(280 + 4 * i);
            }
            int offset = (int) b.getFloat(108);
            short[] voxels = new short[dim[1] * dim[2] * dim[3]];
            b.position(offset);
            b.asShortBuffer().get(voxels);
            return new Nifti(dim, b.getShort(70), pixdim, b.getFloat(112), b.getFloat(116), srow, voxels);
        }

        short at(int i, int j, int k) {
            return voxels[(k * dim[2] + j) * dim[1] + i];
        }
    }

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
        JsonNode s = JSON.readTree(Http.get(base + "stores/shared/dicomweb/series?Modality=CT&limit=100").body()).get(0);
        for (JsonNode x : JSON.readTree(Http.get(base + "stores/shared/dicomweb/series?Modality=CT&limit=100").body())) {
            if (x.get("00201209").get("Value").get(0).asInt() == 134) {
                s = x;
            }
        }
        study = s.get("0020000D").get("Value").get(0).asText();
        series = s.get("0020000E").get("Value").get(0).asText();
    }

    private Nifti export(String query) throws Exception {
        Http.Answer a = Http.get(base + "api/stores/shared/studies/" + study + "/series/" + series + "/nifti" + query);
        assertEquals(200, a.status(), a.text());
        return Nifti.parse(a.body());
    }

    @Test
    void levelZeroAgreesWithDcm2niix() throws Exception {
        Nifti ours = export("");
        Nifti ref = Nifti.parse(Files.readAllBytes(SharedData.require("nifti/derived/pancreatic_ct_cbct_seg_001_ct.nii.gz")));
        assertEquals(ref.datatype(), ours.datatype());
        assertEquals(ref.slope(), ours.slope());
        assertEquals(ref.intercept(), ours.intercept());
        // Voxel (i,j,k) of ours is at A_ours (i,j,k,1); the reference index there is A_ref^-1 of that point: an
        // integer map, a signed permutation of the axes (dcm2niix stores rows bottom-up, MIST as DICOM has them).
        double[][] map = new double[3][4];
        double[][] refInverse = inverse3(ref.srow());
        for (int axis = 0; axis < 4; axis++) {
            double[] v = new double[3];
            for (int r = 0; r < 3; r++) {
                v[r] = axis < 3 ? ours.srow()[4 * r + axis] : ours.srow()[4 * r + 3] - ref.srow()[4 * r + 3];
            }
            for (int r = 0; r < 3; r++) {
                map[r][axis] = refInverse[r][0] * v[0] + refInverse[r][1] * v[1] + refInverse[r][2] * v[2];
                assertEquals(Math.rint(map[r][axis]), map[r][axis], 1e-3, "the two grids coincide (axis " + axis + ")");
                map[r][axis] = Math.rint(map[r][axis]);
            }
        }
        for (int axis = 0; axis < 3; axis++) {
            double length = Math.sqrt(ours.srow()[axis] * ours.srow()[axis] + ours.srow()[4 + axis] * ours.srow()[4 + axis]
                    + ours.srow()[8 + axis] * ours.srow()[8 + axis]);
            assertEquals(ref.pixdim()[1 + axis], length, 1e-3, "voxel size along axis " + axis);
        }
        long differences = 0;
        for (int k = 0; k < ours.dim()[3]; k++) {
            for (int j = 0; j < ours.dim()[2]; j++) {
                for (int i = 0; i < ours.dim()[1]; i++) {
                    int ri = (int) (map[0][0] * i + map[0][1] * j + map[0][2] * k + map[0][3]);
                    int rj = (int) (map[1][0] * i + map[1][1] * j + map[1][2] * k + map[1][3]);
                    int rk = (int) (map[2][0] * i + map[2][1] * j + map[2][2] * k + map[2][3]);
                    if (ours.at(i, j, k) != ref.at(ri, rj, rk)) {
                        differences++;
                    }
                }
            }
        }
        assertEquals(0, differences, "voxels differing from dcm2niix's");
        System.out.printf("NIfTI level 0: %dx%dx%d agrees with dcm2niix voxel for voxel%n", ours.dim()[1], ours.dim()[2], ours.dim()[3]);
    }

    @Test
    void levelKScalesSpacingKeepsTheFirstVoxelAndHoldsTheDecodedSamples() throws Exception {
        Nifti zero = export("?level=0");
        List<JsonNode> slices = new ArrayList<>();
        JSON.readTree(Http.get(base + "stores/shared/dicomweb/studies/" + study + "/series/" + series + "/metadata").body())
                .forEach(slices::add);
        slices.sort(Comparator.comparingDouble(x -> x.get("00200032").get("Value").get(2).asDouble()));
        for (int k = 1; k <= 3; k++) {
            Nifti level = export("?level=" + k);
            assertEquals((512 + (1 << k) - 1) >> k, level.dim()[1]);
            assertEquals(134, level.dim()[3]);
            for (int axis = 0; axis < 2; axis++) {
                assertEquals(zero.pixdim()[1 + axis] * (1 << k), level.pixdim()[1 + axis], 0.0, "exactly 2^k");
            }
            assertEquals(zero.pixdim()[3], level.pixdim()[3], 0.0);
            for (int r = 0; r < 3; r++) {
                assertEquals(zero.srow()[4 * r + 3], level.srow()[4 * r + 3], 0.0, "the first voxel keeps its position");
            }
            for (int z : new int[] {0, 67, 133}) {
                JsonNode s = slices.get(z);
                String frame = base + "stores/shared/dicomweb/studies/" + study + "/series/" + series + "/instances/"
                        + s.get("00080018").get("Value").get(0).asText() + "/frames/1?level=" + k;
                ByteBuffer words = ByteBuffer.wrap(Http.get(frame, "Accept", "multipart/related; type=\"application/octet-stream\"")
                        .parts().get(0).body()).order(ByteOrder.LITTLE_ENDIAN);
                int n = level.dim()[1] * level.dim()[2];
                for (int p = 0; p < n; p++) {
                    assertEquals(words.getShort(2 * p), level.voxels()[z * n + p], "slice " + z + " voxel " + p);
                }
            }
        }
        Http.Answer refused = Http.get(base + "api/stores/shared/studies/" + study + "/series/" + series + "/nifti?level=9");
        assertEquals(400, refused.status());
        assertTrue(refused.text().contains("does not exist"), refused.text());
    }

    private static double[][] inverse3(double[] srow) {
        double a = srow[0], b = srow[1], c = srow[2], d = srow[4], e = srow[5], f = srow[6], g = srow[8], h = srow[9], i = srow[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
                {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
                {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
                {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }
}
