package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectStore;
import org.mist.testing.ArchiveCheck;
import org.mist.testing.DicomFiles;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;

/**
 * Bad input: each bad part fails with a reason, the good parts beside it are stored, and nothing is
 * left half-written (every object has its row, every row its objects). Whole-request mistakes get
 * 400 / 404 / 415 and change nothing. A re-sent instance succeeds; a different one under the same UID
 * is refused.
 */
@QuarkusTest
class StowBadInputTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    EntityManager em;
    @Inject
    ObjectStore objects;

    @Test
    @Transactional
    void badPartsFailWithAReasonAndTheOthersAreStored() throws Exception {
        Path mr = SharedData.require("dicom/pydicom/MR_small.dcm");
        Path ct = SharedData.require("dicom/wg04/CT1/CT1_UNC.dcm");
        String study = DicomFiles.newUid();
        Path goodA = DicomFiles.fresh(mr, study);
        Path goodB = DicomFiles.fresh(ct, study);
        Path otherStudy = DicomFiles.fresh(mr, null);
        Path truncatedSource = DicomFiles.fresh(ct, study);
        byte[] whole = Files.readAllBytes(truncatedSource);
        byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);
        Path pathUid = DicomFiles.withValues(DicomFiles.fresh(mr, study),
                Map.of(TagFromName.SOPInstanceUID, "1.2.3/../../../etc/passwd"));
        Path pathSeries = DicomFiles.withValues(DicomFiles.fresh(mr, study),
                Map.of(TagFromName.SeriesInstanceUID, "..\\..\\x"));

        Stow.Response r = Stow.post(base + "stores/badinput/dicomweb/studies/" + study, List.of(
                Stow.Part.file(goodA),
                Stow.Part.bytes("text/plain", "not DICOM at all".getBytes(StandardCharsets.UTF_8)),
                Stow.Part.bytes("application/dicom", "not DICOM either, but says so".getBytes(StandardCharsets.UTF_8)),
                Stow.Part.bytes("application/dicom", truncated),
                Stow.Part.file(pathUid),
                Stow.Part.file(pathSeries),
                Stow.Part.file(otherStudy),
                Stow.Part.file(goodB)));

        assertEquals(202, r.status(), r.body());
        assertEquals(2, r.storedCount(), r.body());
        assertTrue(r.outcomes().get(DicomFiles.sopInstanceUid(goodA)).stored());
        assertTrue(r.outcomes().get(DicomFiles.sopInstanceUid(goodB)).stored());
        assertReason(r, "?0", "text/plain");
        assertReason(r, "?1", "not a DICOM Part 10 file");
        assertReason(r, DicomFiles.sopInstanceUid(truncatedSource), "truncated");
        assertReason(r, "1.2.3/../../../etc/passwd", "only digits and dots");
        assertReason(r, DicomFiles.sopInstanceUid(pathSeries), "Series Instance UID");
        assertReason(r, DicomFiles.sopInstanceUid(otherStudy), "does not match the study in the request");
        for (Path failed : List.of(truncatedSource, pathSeries, otherStudy)) {
            assertEquals(0, ArchiveCheck.instanceRows(em, DicomFiles.sopInstanceUid(failed)));
        }
        List<String> keys = new java.util.ArrayList<>();
        objects.list("badinput/", o -> keys.add(o.key()));
        assertFalse(keys.isEmpty());
        assertTrue(keys.stream().allMatch(k -> k.startsWith("badinput/" + study + "/")), keys.toString());
        assertTrue(keys.stream().noneMatch(k -> k.contains("..") || k.contains("etc")), keys.toString());
        assertEquals(4, keys.size(), "two instances, a frame and a header each: " + keys);
        ArchiveCheck.consistent(em, objects, "badinput");
    }

    private static void assertReason(Stow.Response r, String uid, String text) {
        Stow.Outcome o = r.outcomes().get(uid);
        assertTrue(o != null && !o.stored(), uid + " should have failed: " + r.body());
        assertTrue(o.reason() != null && o.reason().contains(text), uid + ": reason '" + o.reason() + "' lacks '" + text + "'");
        assertTrue(o.failureReason() != 0);
    }

    @Test
    void wholeRequestMistakesAreRefusedAndChangeNothing() throws Exception {
        Path mr = DicomFiles.fresh(SharedData.require("dicom/pydicom/MR_small.dcm"), null);
        String url = base + "stores/wholerequest/dicomweb/studies";
        assertEquals(415, Stow.post(url, "application/dicom", Files.newInputStream(mr)).status());
        assertEquals(415, Stow.post(url, "multipart/related; type=\"application/dicom+xml\"; boundary=" + Stow.BOUNDARY,
                Stow.body(List.of(Stow.Part.file(mr)))).status());
        assertEquals(415, Stow.post(url, "multipart/form-data; boundary=" + Stow.BOUNDARY,
                Stow.body(List.of(Stow.Part.file(mr)))).status());
        assertEquals(400, Stow.post(url, "multipart/related; type=\"application/dicom\"",
                Stow.body(List.of(Stow.Part.file(mr)))).status());
        Stow.Response noDelimiter = Stow.post(url, "multipart/related; type=\"application/dicom\"; boundary=elsewhere",
                Stow.body(List.of(Stow.Part.file(mr))));
        assertEquals(400, noDelimiter.status());
        assertTrue(noDelimiter.body().contains("malformed multipart"), noDelimiter.body());
        assertEquals(400, Stow.post(url, "multipart/related; type=\"application/dicom\"; boundary=" + Stow.BOUNDARY,
                new ByteArrayInputStream(("--" + Stow.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII))).status());
        assertEquals(404, Stow.post(base + "stores/Bad_Store/dicomweb/studies", "multipart/related; type=\"application/dicom\"; boundary="
                + Stow.BOUNDARY, Stow.body(List.of(Stow.Part.file(mr)))).status());
        assertEquals(400, Stow.post(url + "/1.2.x", "multipart/related; type=\"application/dicom\"; boundary="
                + Stow.BOUNDARY, Stow.body(List.of(Stow.Part.file(mr)))).status());
        List<String> keys = new java.util.ArrayList<>();
        objects.list("wholerequest/", o -> keys.add(o.key()));
        assertTrue(keys.isEmpty(), keys.toString());
    }

    @Test
    @Transactional
    void aBodyThatBreaksOffKeepsTheCompleteParts() throws Exception {
        Path mr = DicomFiles.fresh(SharedData.require("dicom/pydicom/MR_small.dcm"), null);
        byte[] whole = Stow.body(List.of(Stow.Part.file(mr), Stow.Part.file(mr))).readAllBytes();
        // Cut inside the second part's headers: the first part is complete, the body is not.
        int cut = new String(whole, StandardCharsets.ISO_8859_1).indexOf("--" + Stow.BOUNDARY, 10) + Stow.BOUNDARY.length() + 8;
        byte[] firstPartOnly = Arrays.copyOf(whole, cut);
        Stow.Response r = Stow.post(base + "stores/brokenbody/dicomweb/studies",
                "multipart/related; type=\"application/dicom\"; boundary=" + Stow.BOUNDARY, new ByteArrayInputStream(firstPartOnly));
        assertEquals(202, r.status(), r.body());
        assertTrue(r.outcomes().get(DicomFiles.sopInstanceUid(mr)).stored());
        assertReason(r, "?0", "ends before its closing delimiter");
        ArchiveCheck.consistent(em, objects, "brokenbody");
    }

    @Test
    @Transactional
    void concurrentSendsOfOneUidNeverLeaveAHalfOrMixedInstance() throws Exception {
        Path ct = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-001.dcm");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                Path a = DicomFiles.fresh(ct, null);
                Path b = DicomFiles.withValues(a, Map.of(TagFromName.PatientName, "Other^Content"));
                String uid = DicomFiles.sopInstanceUid(a);
                String url = base + "stores/concurrent/dicomweb/studies";
                // Two identical sends and two of a different instance under the same UID, all at once.
                List<java.util.concurrent.Future<Stow.Response>> sent = new java.util.ArrayList<>();
                for (Path p : List.of(a, b, a, b)) {
                    sent.add(pool.submit(() -> Stow.post(url, List.of(Stow.Part.file(p)))));
                }
                int stored = 0;
                for (var f : sent) {
                    Stow.Outcome o = f.get().outcomes().get(uid);
                    if (o.stored()) {
                        stored++;
                    } else {
                        assertEquals(0x0111, o.failureReason(), o.reason());
                    }
                }
                assertEquals(2, stored, "the first content in, and its identical twin, are stored; the other two refused");
                assertEquals(1, ArchiveCheck.instanceRows(em, uid));
            }
        } finally {
            pool.shutdownNow();
        }
        ArchiveCheck.consistent(em, objects, "concurrent");
    }

    @Test
    @Transactional
    void identicalResendSucceedsAndADifferentInstanceUnderTheSameUidIsRefused() throws Exception {
        Path original = DicomFiles.fresh(SharedData.require("dicom/pydicom/MR_small.dcm"), null);
        String uid = DicomFiles.sopInstanceUid(original);
        String url = base + "stores/duplicates/dicomweb/studies";
        assertEquals(200, Stow.post(url, List.of(Stow.Part.file(original))).status());
        List<String> before = new java.util.ArrayList<>();
        objects.list("duplicates/", o -> before.add(o.key() + "@" + o.lastModified()));

        Stow.Response again = Stow.post(url, List.of(Stow.Part.file(original)));
        assertEquals(200, again.status(), again.body());
        assertTrue(again.outcomes().get(uid).stored());

        Path changed = DicomFiles.withValues(original, Map.of(TagFromName.PatientName, "Someone^Else"));
        Stow.Response different = Stow.post(url, List.of(Stow.Part.file(changed)));
        assertEquals(409, different.status(), different.body());
        assertEquals(0x0111, different.outcomes().get(uid).failureReason());
        assertTrue(different.outcomes().get(uid).reason().contains("already stored"));

        List<String> after = new java.util.ArrayList<>();
        objects.list("duplicates/", o -> after.add(o.key() + "@" + o.lastModified()));
        assertEquals(before, after, "the objects were not touched");
        assertEquals(1, ArchiveCheck.instanceRows(em, uid));
        ArchiveCheck.consistent(em, objects, "duplicates");
    }
}
