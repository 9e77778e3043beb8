package org.mist.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mist.archive.ArchiveException;
import org.mist.archive.ChangeFollower;
import org.mist.archive.Refusal;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.NewInstance.InstanceAttributes;
import org.mist.store.NewInstance.PatientAttributes;
import org.mist.store.NewInstance.Received;
import org.mist.store.NewInstance.SeriesAttributes;
import org.mist.store.NewInstance.StudyAttributes;
import org.mist.store.QueryAttribute.Level;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Series.OriginFormat;
import org.mist.testing.DicomFiles;
import org.mist.testing.TestServers;

/**
 * The store layer on its own, no HTTP: ArchiveWriter, ArchiveIndex, ArchiveQuery and ArchiveDeleter against the
 * embedded PostgreSQL and the S3 server (S3Proxy). Idempotent writes, the two conflicts with nothing left behind,
 * the read side's rows, the query's origin filter and refusals, and a delete seen through the change feed.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ArchiveStoreTest {
    private static final String STORE = "store-layer";

    @Inject
    ArchiveWriter writer;
    @Inject
    ArchiveIndex index;
    @Inject
    ArchiveQuery query;
    @Inject
    ObjectStore objects;
    @Inject
    ArchiveDeleter deleter;
    @Inject
    Retrieve retrieve;
    @Inject
    ChangeFollower follower;
    @Inject
    Sweeper sweeper;

    private static NewInstance instance(String study, String series, String sop, String origin, String sha) {
        return new NewInstance(STORE, new PatientAttributes("P-1", "", "Doe^Jane", "19700101", "F"),
                new StudyAttributes(study, "20260101", "101500", "ACC1", "S1", "store layer", null),
                new SeriesAttributes(series, "CT", 1, "axial", "CHEST", null, null, origin),
                new InstanceAttributes(sop, "1.2.840.10008.5.1.4.1.1.2", 1, "1.2.840.10008.1.2.1", 2, 2, 1, "MONOCHROME2"),
                new Received(sha, 100, null));
    }

    /** Writes a header and one frame object, as an ingest does. */
    private static InstanceObjects objectsOf(NewInstance n) {
        return sink -> {
            sink.put(ObjectKeys.header(n.objectPrefix()), "header".getBytes(StandardCharsets.US_ASCII));
            String frame = ObjectKeys.frame(n.objectPrefix(), 1, Frame.Codec.DEFLATE);
            byte[] words = new byte[8];
            sink.put(frame, words);
            return new InstanceObjects.Written(List.of(new StoredFrame(1, frame, Frame.Codec.DEFLATE, 2, 2, 1, 16, false, 0,
                    new int[0], words.length, "0".repeat(64), null)), "MONOCHROME2");
        };
    }

    @Test
    void writesAreIdempotentAndConflictsLeaveNothing() {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        String sop = DicomFiles.newUid();
        NewInstance n = instance(study, series, sop, "DICOM", "a".repeat(64));
        assertEquals(ArchiveWriter.Outcome.STORED, writer.write(n, objectsOf(n)).outcome());
        assertEquals(ArchiveWriter.Outcome.ALREADY_STORED, writer.write(n, objectsOf(n)).outcome());

        List<InstanceRow> rows = index.instances(STORE, study, series, null);
        assertEquals(1, rows.size());
        InstanceRow row = rows.get(0);
        assertEquals(sop, row.sopInstanceUid());
        assertEquals(OriginFormat.DICOM, row.originFormat());
        assertEquals(1, row.frames().size());
        assertEquals(1, row.frames().get(0).maxLevel(), "the fallback's levels come from its size (at least 1)");
        assertTrue(objects.exists(row.headerKey()));

        // Different content under the same SOP Instance UID: refused before any object is written.
        NewInstance other = instance(study, series, sop, "DICOM", "b".repeat(64));
        ArchiveWriter.Conflict different = assertThrows(ArchiveWriter.Conflict.class, () -> writer.write(other, objectsOf(other)));
        assertEquals(ArchiveWriter.Conflict.Kind.DIFFERENT_INSTANCE, different.kind());
        assertEquals(1, index.instances(STORE, study, series, sop).size());

        // The same series under another study: refused after its objects were written, which then go again.
        String elsewhere = DicomFiles.newUid();
        String sop2 = DicomFiles.newUid();
        NewInstance moved = instance(elsewhere, series, sop2, "DICOM", "c".repeat(64));
        ArchiveWriter.Conflict conflict = assertThrows(ArchiveWriter.Conflict.class, () -> writer.write(moved, objectsOf(moved)));
        assertEquals(ArchiveWriter.Conflict.Kind.SERIES_ELSEWHERE, conflict.kind());
        assertFalse(objects.exists(ObjectKeys.header(moved.objectPrefix())), "the refused instance's header object is gone");
        assertFalse(objects.exists(ObjectKeys.frame(moved.objectPrefix(), 1, Frame.Codec.DEFLATE)), "the refused instance's frame is gone");
        assertTrue(index.instances(STORE, elsewhere, series, null).isEmpty());
    }

    @Test
    void queriesSeeTheOriginsAskedForAndRefuseWhatTheyCannotMatch() {
        String study = DicomFiles.newUid();
        String dicomSeries = DicomFiles.newUid();
        String niftiSeries = DicomFiles.newUid();
        NewInstance d = instance(study, dicomSeries, DicomFiles.newUid(), "DICOM", "d".repeat(64));
        NewInstance v = instance(study, niftiSeries, DicomFiles.newUid(), "NIFTI", "e".repeat(64));
        writer.write(d, objectsOf(d));
        writer.write(v, objectsOf(v));
        Map<QueryAttribute, String> keys = Map.of(QueryAttribute.STUDY_INSTANCE_UID, study);
        List<Map<QueryAttribute, Object>> dicomOnly = query.search(new ArchiveQuery.Search(STORE, Level.SERIES, null, null, keys,
                10, 0, EnumSet.of(OriginFormat.DICOM)));
        assertEquals(List.of(dicomSeries), dicomOnly.stream().map(r -> r.get(QueryAttribute.SERIES_INSTANCE_UID)).toList());
        List<Map<QueryAttribute, Object>> all = query.search(new ArchiveQuery.Search(STORE, Level.SERIES, null, null, keys,
                10, 0, EnumSet.allOf(OriginFormat.class)));
        assertEquals(2, all.size());
        assertEquals(1, query.search(new ArchiveQuery.Search(STORE, Level.STUDY, null, null,
                Map.of(QueryAttribute.named("StudyDate"), "20250101-20261231"), 10, 0, EnumSet.of(OriginFormat.DICOM))).stream()
                .filter(r -> study.equals(r.get(QueryAttribute.STUDY_INSTANCE_UID))).count());
        for (Map.Entry<QueryAttribute, String> bad : List.of(Map.entry(QueryAttribute.named("StudyDate"), "yesterday"),
                Map.entry(QueryAttribute.STUDY_INSTANCE_UID, "1..2"))) {
            assertThrows(ArchiveQuery.InvalidQueryException.class, () -> query.search(new ArchiveQuery.Search(STORE, Level.STUDY,
                    null, null, Map.ofEntries(bad), 10, 0, EnumSet.of(OriginFormat.DICOM))), bad.toString());
        }
    }

    /**
     * Another replica's delete (here: the deleter without this process's own forgetting) reaches this process's
     * instance cache through the change feed: the row read before is served until the follower has read the
     * feed, and not found after.
     */
    @Test
    void aDeleteElsewhereReachesTheInstanceCacheThroughTheFeed() {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        String sop = DicomFiles.newUid();
        NewInstance n = instance(study, series, sop, "DICOM", "f".repeat(64));
        writer.write(n, objectsOf(n));
        Scope scope = Scope.instance(STORE, study, series, sop);
        follower.follow();
        assertEquals(sop, retrieve.instance(scope).sopInstanceUid());

        ArchiveDeleter.Deleted d = deleter.delete(STORE, study, null, null, done -> { });
        assertEquals(List.of(new ChangeLog.Changed(series, sop)), d.instances());
        assertTrue(d.studyRemoved());
        assertEquals(sop, retrieve.instance(scope).sopInstanceUid(), "kept until the feed is read");
        follower.follow();
        ArchiveException gone = assertThrows(ArchiveException.class, () -> retrieve.instance(scope));
        assertEquals(Refusal.NOT_FOUND, gone.refusal());
        assertFalse(objects.exists(ObjectKeys.header(n.objectPrefix())));
    }

    /**
     * A sweep never removes the objects of a writer between its objects and its commit, however old they look:
     * it reads a study's rows under the study's lock, which the writer holds shared until its commit. Without
     * the lock the sweep (grace zero) finds the objects unreferenced and deletes them under the writer.
     */
    @Test
    void aSweepWaitsForAWriterBetweenItsObjectsAndItsCommit() throws Exception {
        NewInstance n = instance(DicomFiles.newUid(), DicomFiles.newUid(), DicomFiles.newUid(), "DICOM", "9".repeat(64));
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<ArchiveWriter.Result> write = threads.submit(() -> writer.write(n, sink -> {
                InstanceObjects.Written w = objectsOf(n).write(sink);
                written.countDown();
                assertTrue(release.await(60, TimeUnit.SECONDS));
                return w;
            }));
            assertTrue(written.await(30, TimeUnit.SECONDS));
            Thread.sleep(50);  // the objects are now older than a sweep of grace zero looks for
            Future<Sweeper.Result> sweep = threads.submit(() -> sweeper.sweep(Duration.ZERO));
            Thread.sleep(1000);
            assertFalse(sweep.isDone(), "the sweep waits for the writer of the study");
            release.countDown();
            assertEquals(ArchiveWriter.Outcome.STORED, write.get(60, TimeUnit.SECONDS).outcome());
            sweep.get(120, TimeUnit.SECONDS);
            assertTrue(objects.exists(ObjectKeys.header(n.objectPrefix())), "the header survived the sweep");
            assertTrue(objects.exists(ObjectKeys.frame(n.objectPrefix(), 1, Frame.Codec.DEFLATE)), "the frame survived the sweep");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }
}
