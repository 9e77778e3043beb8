package org.mist.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Instance;
import org.mist.store.entity.Series;

/**
 * The write protocol of DESIGN section 6. One transaction per instance: take a lock on the SOP Instance
 * UID, return early when the same content is already stored, write the objects, then the rows. When
 * anything fails, the objects written are deleted before the lock is let go, so a concurrent writer of
 * the same UID never loses objects it relies on; what cannot be deleted then is left to the {@link Sweeper}.
 *
 * <p>Policy for a different instance under a stored SOP Instance UID: refused (failure 0x0111, duplicate
 * SOP instance), the stored one unchanged. Identical content (same SHA-256 of the data set) succeeds and
 * writes nothing.
 */
@ApplicationScoped
public class ArchiveWriter {
    /** How an instance write ended. */
    public enum Outcome { STORED, ALREADY_STORED }

    /** The outcome and the bytes of objects written (0 when already stored). */
    public record Result(Outcome outcome, long storedBytes) {
    }

    @Inject
    EntityManager em;
    @Inject
    ObjectStore objects;
    @Inject
    ChangeLog changes;

    /**
     * Ids of stores and series known to be committed, so the instances of a series after its first skip the
     * upserts of store, patient, study and series. Stores are never deleted; a series may have been (by any
     * replica), so a series id is checked under the study lock before it is used.
     */
    private final Map<String, Long> storeIds = new ConcurrentHashMap<>();
    private final Map<String, Long> seriesIds = new ConcurrentHashMap<>();

    /**
     * What the index already holds contradicts the instance: nothing was written. The ingest says it in its
     * protocol's terms (a PS3.4 failure reason, or a conflict for {@code /api}).
     */
    public static final class Conflict extends RuntimeException {
        public enum Kind {
            /** Different content under a SOP Instance UID already stored. */
            DIFFERENT_INSTANCE,
            /** A Series Instance UID already stored under another study, or holding data of another origin. */
            SERIES_ELSEWHERE,
            /** The SOP Instance UID of a rejected instance, kept until it is deleted. */
            REJECTED
        }

        private final Kind kind;

        Conflict(Kind kind, String reason) {
            super(reason);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    public Result write(NewInstance n, InstanceObjects writeObjects) {
        ObjectSink sink = new ObjectSink(objects);
        String seriesKey = String.join("|", n.store(), n.studyInstanceUid(), n.seriesInstanceUid(), n.series().originFormat());
        long[] ids = new long[2];
        try {
            Result result = QuarkusTransaction.requiringNew().call(() -> {
                long store = storeIds.containsKey(n.store()) ? storeIds.get(n.store()) : storeId(n.store());
                // Typed results: an untyped native select makes Hibernate resolve (and fail to register) the
                // column type on every call, an exception each time.
                // The study lock is shared among writers and taken alone by a delete (ArchiveDeleter).
                em.createNativeQuery("""
                        select 1 from pg_advisory_xact_lock_shared(hashtextextended(:study, 0)),
                                      pg_advisory_xact_lock(hashtextextended(:k, 0))""", Integer.class)
                        .setParameter("study", ArchiveDeleter.studyLock(n.store(), n.studyInstanceUid()))
                        .setParameter("k", n.store() + "/" + n.sopInstanceUid()).getSingleResult();
                List<?> existing = em.createNativeQuery("""
                                select content_sha256, rejected_by from instance where store_id = :s and sop_instance_uid = :u""",
                                Tuple.class)
                        .setParameter("s", store).setParameter("u", n.sopInstanceUid()).getResultList();
                if (!existing.isEmpty()) {
                    Tuple stored = (Tuple) existing.get(0);
                    if (stored.get(1) != null) {
                        // The gist first: a DIMSE Error Comment keeps 64 characters.
                        throw new Conflict(Conflict.Kind.REJECTED, "rejected earlier, kept hidden until deleted: instance "
                                + n.sopInstanceUid() + " (" + stored.get(1, String.class) + "); delete it to send it again");
                    }
                    if (n.received().contentSha256().equals(stored.get(0, String.class))) {
                        return new Result(Outcome.ALREADY_STORED, 0);
                    }
                    throw new Conflict(Conflict.Kind.DIFFERENT_INSTANCE, "already stored, with other content, under SOP Instance UID "
                            + n.sopInstanceUid() + "; the stored one was kept and this one refused");
                }
                try {
                    InstanceObjects.Written written = writeObjects.write(sink);
                    Long known = seriesIds.get(seriesKey);
                    long series = known != null && stillThere(known) ? known : hierarchy(store, n);
                    insertInstance(store, series, n, written, sink.bytesWritten());
                    em.flush();
                    changes.record(ChangeLog.Action.CREATE, store, n.studyInstanceUid(),
                            List.of(new ChangeLog.Changed(n.seriesInstanceUid(), n.sopInstanceUid())));
                    ids[0] = store;
                    ids[1] = series;
                } catch (Exception e) {
                    sink.rollBack();
                    throw e;
                }
                return new Result(Outcome.STORED, sink.bytesWritten());
            });
            if (result.outcome() == Outcome.STORED) {
                storeIds.putIfAbsent(n.store(), ids[0]);
                seriesIds.put(seriesKey, ids[1]);
            }
            return result;
        } catch (RuntimeException e) {
            // Also reached when the commit itself fails (database gone): the rows are not there, so the
            // objects must go too. Deleting twice is harmless.
            sink.rollBack();
            throw e;
        }
    }

    private boolean stillThere(long series) {
        return !em.createNativeQuery("select 1 from series where id = :id", Integer.class)
                .setParameter("id", series).getResultList().isEmpty();
    }

    private long storeId(String name) {
        em.createNativeQuery("insert into store (name) values (:n) on conflict (name) do nothing")
                .setParameter("n", name).executeUpdate();
        return (Long) em.createNativeQuery("select id from store where name = :n", Long.class)
                .setParameter("n", name).getSingleResult();
    }

    /** Patient, study and series rows (inserted when new): the series id. */
    private long hierarchy(long store, NewInstance n) {
        // A patient row is shared by studies, so a delete of another study may remove it between the insert and
        // the select (ArchiveDeleter): the key-share lock keeps it from then on, and an empty select tries again.
        Long patient = null;
        for (int attempt = 0; patient == null; attempt++) {
            if (attempt == 3) {
                throw new IllegalStateException("patient row of " + n.patient().id() + " deleted three times while written");
            }
            patient = upsert("""
                    insert into patient (store_id, patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex)
                    values (:store, :pid, :issuer, :name, :birth, :sex)
                    on conflict (store_id, patient_id, issuer_of_patient_id) do nothing""", """
                    select id from patient where store_id = :store and patient_id = :pid and issuer_of_patient_id = :issuer
                    for key share""",
                    new Object[][] {{"store", store}, {"pid", n.patient().id()}, {"issuer", n.patient().issuer()},
                        {"name", n.patient().name()}, {"birth", n.patient().birthDate()}, {"sex", n.patient().sex()}});
        }
        long study = upsert("""
                insert into study (store_id, patient_fk, study_instance_uid, study_date, study_time, accession_number,
                                   study_id, study_description, referring_physician_name)
                values (:store, :patient, :uid, :date, :time, :acc, :sid, :descr, :ref)
                on conflict (store_id, study_instance_uid) do nothing""",
                "select id from study where store_id = :store and study_instance_uid = :uid",
                new Object[][] {{"store", store}, {"patient", patient}, {"uid", n.studyInstanceUid()},
                    {"date", n.study().date()}, {"time", n.study().time()}, {"acc", n.study().accessionNumber()},
                    {"sid", n.study().studyId()}, {"descr", n.study().description()}, {"ref", n.study().referringPhysicianName()}});
        long series = upsert("""
                insert into series (store_id, study_fk, series_instance_uid, modality, series_number, series_description,
                                    body_part_examined, series_date, series_time, origin_format)
                values (:store, :study, :uid, :modality, :num, :descr, :body, :date, :time, :origin)
                on conflict (store_id, series_instance_uid) do nothing""",
                "select id from series where store_id = :store and series_instance_uid = :uid",
                new Object[][] {{"store", store}, {"study", study}, {"uid", n.seriesInstanceUid()},
                    {"modality", n.series().modality()}, {"num", n.series().number()}, {"descr", n.series().description()},
                    {"body", n.series().bodyPartExamined()}, {"date", n.series().date()}, {"time", n.series().time()},
                    {"origin", n.series().originFormat()}});
        // A series under another study, or of another origin, would make the hierarchy lie.
        Tuple owner = (Tuple) em.createNativeQuery("select study_fk, origin_format from series where id = :id", Tuple.class)
                .setParameter("id", series).getSingleResult();
        if (owner.get(0, Number.class).longValue() != study) {
            throw new Conflict(Conflict.Kind.SERIES_ELSEWHERE, "Series Instance UID "
                    + n.seriesInstanceUid() + " is already stored under another study");
        }
        String origin = owner.get(1, String.class);
        if (!n.series().originFormat().equals(origin)) {
            throw new Conflict(Conflict.Kind.SERIES_ELSEWHERE, "series " + n.seriesInstanceUid()
                    + " holds " + origin + "-origin data, this instance is " + n.series().originFormat());
        }
        return series;
    }

    private void insertInstance(long store, long series, NewInstance n, InstanceObjects.Written written, long storedBytes) {
        Instance i = new Instance();
        i.storeId = store;
        i.series = em.getReference(Series.class, series);
        i.sopInstanceUid = n.sopInstanceUid();
        i.sopClassUid = n.instance().sopClassUid();
        i.instanceNumber = n.instance().number();
        i.sourceTransferSyntaxUid = n.instance().sourceTransferSyntaxUid();
        i.rows = n.instance().rows();
        i.columns = n.instance().columns();
        i.numberOfFrames = n.instance().numberOfFrames();
        i.photometricInterpretation = written.photometricInterpretation();
        i.contentSha256 = n.received().contentSha256();
        i.headerKey = ObjectKeys.header(n.objectPrefix());
        i.bulkData = written.bulkData().toArray(String[]::new);
        i.receivedBytes = n.received().bytes();
        i.storedBytes = storedBytes;
        i.createdAt = Instant.now();
        i.sourceName = n.received().sourceName();
        for (StoredFrame s : written.frames()) {
            Frame f = new Frame();
            f.instance = i;
            f.frameNumber = s.frameNumber();
            f.objectKey = s.objectKey();
            f.codec = s.codec();
            f.width = s.width();
            f.height = s.height();
            f.components = s.components();
            f.bitDepth = s.bitDepth();
            f.signed = s.signed();
            f.levels = s.levels();
            f.levelEnds = s.levelEnds();
            f.byteSize = s.byteSize();
            f.sha256 = s.sha256();
            f.samplesSha256 = s.samplesSha256();
            i.frames.add(f);
        }
        em.persist(i);
    }

    /** Runs {@code insert}, then {@code select}: the row's id, or null when the select finds none. */
    private Long upsert(String insert, String select, Object[][] parameters) {
        var q = em.createNativeQuery(insert);
        for (Object[] p : parameters) {
            q.setParameter((String) p[0], p[1]);
        }
        q.executeUpdate();
        var s = em.createNativeQuery(select, Long.class);
        for (Object[] p : parameters) {
            if (select.contains(":" + p[0])) {
                s.setParameter((String) p[0], p[1]);
            }
        }
        List<?> ids = s.getResultList();
        return ids.isEmpty() ? null : (Long) ids.get(0);
    }
}
