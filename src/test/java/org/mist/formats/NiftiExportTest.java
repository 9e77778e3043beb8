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
import org.mist.testing.NiftiFile;
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

    private NiftiFile export(String query) throws Exception {
        Http.Answer a = Http.get(base + "api/stores/shared/studies/" + study + "/series/" + series + "/nifti" + query);
        assertEquals(200, a.status(), a.text());
        return NiftiFile.parse(a.body());
    }

    @Test
    void levelZeroAgreesWithDcm2niix() throws Exception {
        NiftiFile ours = export("");
        NiftiFile ref = NiftiFile.parse(Files.readAllBytes(SharedData.require("nifti/derived/pancreatic_ct_cbct_seg_001_ct.nii.gz")));
        assertEquals(ref.datatype(), ours.datatype());
        assertEquals(ref.slope(), ours.slope());
        assertEquals(ref.intercept(), ours.intercept());
        long differences = ours.differencesFrom(ref);
        assertEquals(0, differences, "voxels differing from dcm2niix's");
        System.out.printf("NIfTI level 0: %dx%dx%d agrees with dcm2niix voxel for voxel%n", ours.dim()[1], ours.dim()[2], ours.dim()[3]);
    }

    @Test
    void levelKScalesSpacingKeepsTheFirstVoxelAndHoldsTheDecodedSamples() throws Exception {
        NiftiFile zero = export("?level=0");
        List<JsonNode> slices = new ArrayList<>();
        JSON.readTree(Http.get(base + "stores/shared/dicomweb/studies/" + study + "/series/" + series + "/metadata").body())
                .forEach(slices::add);
        slices.sort(Comparator.comparingDouble(x -> x.get("00200032").get("Value").get(2).asDouble()));
        for (int k = 1; k <= 3; k++) {
            NiftiFile level = export("?level=" + k);
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
}
