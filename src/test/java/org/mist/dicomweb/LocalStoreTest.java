package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectStore;
import org.mist.store.Sweeper;
import org.mist.testing.ArchiveCheck;
import org.mist.testing.DicomFiles;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.StoredPixels;
import org.mist.testing.SourcePixels;

/** The embedded default's object store, local files, under the same write protocol and sweeper. */
@QuarkusTest
@TestProfile(LocalStoreTest.LocalObjects.class)
class LocalStoreTest {
    public static class LocalObjects implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("mist.objects.kind", "local",
                        "mist.objects.local.dir", Files.createTempDirectory("mist-local-objects").toString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TestHTTPResource("/")
    URL base;
    @Inject
    EntityManager em;
    @Inject
    ObjectStore objects;
    @Inject
    Sweeper sweeper;

    @Test
    @Transactional
    void stowIntoLocalFilesAndSweepOrphans() throws Exception {
        assertTrue(objects.describe().startsWith("local "), objects.describe());
        Path rle = DicomFiles.fresh(SharedData.require("dicom/wg04/US1/US1_RLE.dcm"), null);
        Path mf = DicomFiles.fresh(SharedData.require("dicom/pydicom/emri_small_jpeg_ls_lossless.dcm"), null);
        Stow.Response r = Stow.post(base + "stores/local/dicomweb/studies", List.of(Stow.Part.file(rle), Stow.Part.file(mf)));
        assertEquals(200, r.status(), r.body());

        var frames = ArchiveCheck.frames(em, "local", DicomFiles.sopInstanceUid(mf));
        assertEquals(10, frames.size());
        SourcePixels source = SourcePixels.decode(mf, "1.2.840.10008.1.2.4.80", Files.createTempDirectory("mist-local"));
        for (var f : frames) {
            StoredPixels stored = StoredPixels.decode(f, objects.get(f.objectKey), 16);
            for (int i = 0; i < f.width * f.height; i++) {
                assertEquals(source.sample(f.frameNumber - 1, i, 0), stored.sample(i, 0));
            }
        }

        // Frames leave straight from their files: whole, several at once, and as a byte range.
        String sop = DicomFiles.sopInstanceUid(mf);
        com.fasterxml.jackson.databind.JsonNode i = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                org.mist.testing.Http.get(base + "stores/local/dicomweb/instances?SOPInstanceUID=" + sop).body()).get(0);
        String url = base + "stores/local/dicomweb/studies/" + i.get("0020000D").get("Value").get(0).asText() + "/series/"
                + i.get("0020000E").get("Value").get(0).asText() + "/instances/" + sop + "/frames/";
        String jphc = "multipart/related; type=\"image/jphc\"";
        var parts = org.mist.testing.Http.get(url + "2,7", "Accept", jphc).parts();
        assertArrayEquals(objects.get(frames.get(1).objectKey), parts.get(0).body());
        assertArrayEquals(objects.get(frames.get(6).objectKey), parts.get(1).body());
        var range = org.mist.testing.Http.get(url + "3", "Accept", jphc, "Range", "bytes=10-99");
        assertEquals(206, range.status());
        assertArrayEquals(java.util.Arrays.copyOfRange(objects.get(frames.get(2).objectKey), 10, 100), range.body());
        byte[] fourth = objects.get(frames.get(3).objectKey);
        var tail = org.mist.testing.Http.get(url + "4", "Accept", "image/jphc", "Range", "bytes=100-");
        assertEquals(206, tail.status());
        assertEquals("bytes 100-" + (fourth.length - 1) + "/" + fourth.length, tail.header("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(fourth, 100, fourth.length), tail.body());
        var single = org.mist.testing.Http.get(url + "4", "Accept", "image/jphc");  // single part
        assertEquals(200, single.status());
        assertTrue(single.header("Content-Type").startsWith("image/jphc"), single.header("Content-Type"));
        assertArrayEquals(fourth, single.body());

        // An object no row refers to (a crash between objects and rows) goes with the next sweep.
        String orphan = "local/1.2.3/4.5.6/7.8.9/frames/1.j2c";
        objects.put(orphan, new byte[] {1, 2, 3});
        assertEquals(0, sweeper.sweep(Duration.ofHours(1)).orphansDeleted(), "within the grace period it stays");
        assertEquals(1, sweeper.sweep(Duration.ZERO).orphansDeleted());
        assertTrue(!objects.exists(orphan));
        ArchiveCheck.consistent(em, objects, "local");
    }
}
