package org.mist.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mist.archive.FrameSource;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ObjectStore;
import org.mist.store.entity.Frame;
import org.mist.testing.ArchiveCheck;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.SourcePixels;
import org.mist.testing.Stow;

/**
 * Deferred compression: instances are acknowledged with their frames as received (RAW), served from them at every
 * level and in every form, then compressed, verified and swapped in by the background worker, after which every
 * answer is byte for byte what it was before. Past the backlog limit an instance is compressed before its
 * acknowledgement. Needs ../shared/data (CT slices, a JPEG-LS multi-frame MR, an RLE colour ultrasound).
 */
@QuarkusTest
@TestProfile(DeferredCompressionTest.Deferred.class)
class DeferredCompressionTest {
    /** Deferral on, one worker that waits 15 s after each acknowledgement, room for 14 frames. */
    public static class Deferred implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mist.ingest.deferred.enabled", "true", "mist.ingest.deferred.workers", "1",
                    "mist.ingest.deferred.delay", "PT15S", "mist.ingest.deferred.poll", "PT0.5S",
                    "mist.ingest.deferred.backlog-limit", "14");
        }
    }

    private static final String NATIVE = "multipart/related; type=\"application/octet-stream\"";
    private static final String JPHC = "multipart/related; type=\"image/jphc\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    EntityManager em;
    @Inject
    ObjectStore objects;
    @Inject
    ArchiveIndex index;
    @Inject
    FrameSource frameSource;

    @Test
    void acknowledgedAsReceivedThenSwappedWithoutChangingAnAnswer() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        List<Path> ct = new ArrayList<>();
        for (int n = 60; n < 64; n++) {
            ct.add(DicomFiles.ctSlice(n, study, series, "DEFERRED"));
        }
        Path mr = DicomFiles.fresh(SharedData.require("dicom/pydicom/emri_small_jpeg_ls_lossless.dcm"), null);
        Path us = DicomFiles.fresh(SharedData.require("dicom/wg04/US1/US1_RLE.dcm"), null);
        // 3 + 10 + 1 frames fill the backlog's 14; the fourth CT slice then finds it full.
        List<Path> deferred = List.of(ct.get(0), ct.get(1), ct.get(2), mr, us);
        for (Path p : deferred) {
            Stow.Response r = Stow.post(base + "stores/deferred/dicomweb/studies", List.of(Stow.Part.file(p)));
            assertEquals(200, r.status(), r.body());
        }
        Stow.Response late = Stow.post(base + "stores/deferred/dicomweb/studies", List.of(Stow.Part.file(ct.get(3))));
        assertEquals(200, late.status(), late.body());

        for (Path p : deferred) {
            for (Frame f : frames(p)) {
                assertEquals(Frame.Codec.RAW, f.codec, "acknowledged as received: " + p.getFileName() + " frame " + f.frameNumber);
            }
        }
        assertEquals(Frame.Codec.HTJ2K, frames(ct.get(3)).get(0).codec, "the backlog was full: compressed before the answer");
        assertEquals(14, status().get("waitingFrames").asLong());

        // Served from the frames as received, at every level and in every form.
        Map<String, byte[]> before = answers(deferred);
        SourcePixels source = SourcePixels.read(ct.get(0));
        ByteBuffer words = ByteBuffer.wrap(before.get(DicomFiles.sopInstanceUid(ct.get(0)) + " native 0")).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < source.rows() * source.columns(); i++) {
            assertEquals((short) source.sample(0, i, 0), words.getShort(2 * i), "CT sample " + i + " as received");
        }
        // A reader that looked up a row just before the swap reads the frame after it: from the new object.
        String firstCt = DicomFiles.sopInstanceUid(ct.get(0));
        FrameRow stale = index.instances("deferred", study, series, firstCt).get(0).frames().get(0);
        assertEquals(Frame.Codec.RAW, stale.codec());
        List<String> rawKeys = new ArrayList<>();
        for (Path p : deferred) {
            frames(p).forEach(f -> rawKeys.add(f.objectKey));
        }

        long deadline = System.currentTimeMillis() + 120_000;
        while (status().get("waitingFrames").asLong() > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the worker did not compress the backlog in 2 minutes: " + status());
            Thread.sleep(500);
        }
        for (Path p : deferred) {
            for (Frame f : frames(p)) {
                assertEquals(Frame.Codec.HTJ2K, f.codec, p.getFileName() + " frame " + f.frameNumber + " swapped");
                assertTrue(f.levels > 0 && f.levelEnds.length == f.levels + 1, "levels recorded");
            }
        }
        for (String key : rawKeys) {
            assertFalse(objects.exists(key), "the received object went after its swap: " + key);
        }
        assertArrayEquals(before.get(firstCt + " htj2k 1"), frameSource.htj2k(stale, 1), "a row read before the swap");
        FrameRow fresh = index.instances("deferred", study, series, firstCt).get(0).frames().get(0);
        assertArrayEquals(frameSource.decode(fresh, 1, null).values(), frameSource.decode(stale, 1, null).values());
        Map<String, byte[]> after = answers(deferred);
        assertEquals(before.keySet(), after.keySet());
        for (String what : before.keySet()) {
            assertArrayEquals(before.get(what), after.get(what), what + ": the same answer before the swap and after it");
        }
        assertEquals(14, status().get("compressedFrames").asLong());
        QuarkusTransaction.requiringNew().run(() -> ArchiveCheck.consistent(em, objects, "deferred"));
        System.out.printf("deferred compression: %d answers equal before and after the swap of 14 frames%n", before.size());
    }

    /** Frame 1 of each instance natively and as HTJ2K at levels 0 and 1, a byte range, and the whole instance in HTJ2K. */
    private Map<String, byte[]> answers(List<Path> files) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Path p : files) {
            String sop = DicomFiles.sopInstanceUid(p);
            String instance = base + "stores/deferred/dicomweb/studies/" + DicomFiles.studyInstanceUid(p) + "/series/"
                    + DicomFiles.seriesInstanceUid(p) + "/instances/" + sop;
            for (int level = 0; level <= 1; level++) {
                out.put(sop + " native " + level, part(instance + "/frames/1?level=" + level, NATIVE));
                out.put(sop + " htj2k " + level, part(instance + "/frames/1?level=" + level, JPHC));
            }
            Http.Answer range = Http.get(instance + "/frames/1", "Accept", "image/jphc", "Range", "bytes=0-999");
            assertEquals(206, range.status(), range.text());
            out.put(sop + " range", range.body());
            out.put(sop + " range header", range.header("Content-Range").getBytes());
            Http.Answer dicom = Http.get(instance, "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.202");
            assertEquals(200, dicom.status(), dicom.text());
            out.put(sop + " dicom htj2k", Http.parts(dicom.header("content-type"), dicom.body()).get(0).body());
            out.put(sop + " rendered", bytes(instance + "/frames/1/rendered?level=1", "image/png"));
        }
        return out;
    }

    private static byte[] part(String url, String accept) {
        Http.Answer a = Http.get(url, "Accept", accept);
        assertEquals(200, a.status(), url + ": " + a.text());
        return Http.parts(a.header("content-type"), a.body()).get(0).body();
    }

    private static byte[] bytes(String url, String accept) {
        Http.Answer a = Http.get(url, "Accept", accept);
        assertEquals(200, a.status(), url + ": " + a.text());
        return a.body();
    }

    private JsonNode status() throws Exception {
        Http.Answer a = Http.get(base + "api/transcoding");
        assertEquals(200, a.status(), a.text());
        return JSON.readTree(a.body());
    }

    private List<Frame> frames(Path file) throws Exception {
        String sop = DicomFiles.sopInstanceUid(file);
        return QuarkusTransaction.requiringNew().call(() -> ArchiveCheck.frames(em, "deferred", sop));
    }
}
