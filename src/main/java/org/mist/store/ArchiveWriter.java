package org.mist.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

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
    ObjectStore objects;
    @Inject
    DataSource dataSource;

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
                // Plain JDBC on the connection the transaction holds: every instance comes this way, and Hibernate's
                // native query plans cost more to look up than these statements take (DECISIONS.md).
                try (Connection c = dataSource.getConnection()) {
                    long store = storeIds.containsKey(n.store()) ? storeIds.get(n.store()) : storeId(c, n.store());
                    lock(c, n);
                    Long cached = seriesIds.get(seriesKey);
                    Seen seen = seen(c, store, n, cached);
                    Result known = seen.existing(n);
                    if (known != null) {
                        return known;
                    }
                    try {
                        InstanceObjects.Written written = writeObjects.write(sink);
                        long series = cached != null && seen.seriesThere() ? cached : hierarchy(c, store, n);
                        insertInstance(c, store, series, n, written, sink.bytesWritten());
                        ids[0] = store;
                        ids[1] = series;
                    } catch (Exception e) {
                        sink.rollBack();
                        throw e;
                    }
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

    /** The study lock, shared among writers and taken alone by a delete (ArchiveDeleter), then the SOP Instance UID's. */
    private static void lock(Connection c, NewInstance n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select 1 from pg_advisory_xact_lock_shared(hashtextextended(?, 0)), pg_advisory_xact_lock(hashtextextended(?, 0))""")) {
            ps.setString(1, ArchiveDeleter.studyLock(n.store(), n.studyInstanceUid()));
            ps.setString(2, n.store() + "/" + n.sopInstanceUid());
            ps.executeQuery().close();
        }
    }

    /**
     * What the index holds under the instance's UID, and whether the series id cached for it ({@code cachedSeries},
     * may be null) still names a row: one statement, read after the locks are held (read committed takes a snapshot
     * per statement, so it sees what a writer or a delete that held them before committed).
     */
    private static Seen seen(Connection c, long store, NewInstance n, Long cachedSeries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select i.id is not null, i.content_sha256, i.rejected_by, exists (select 1 from series where id = ?)
                from (values (1)) as one left join instance i on i.store_id = ? and i.sop_instance_uid = ?""")) {
            ps.setLong(1, cachedSeries == null ? -1 : cachedSeries);
            ps.setLong(2, store);
            ps.setString(3, n.sopInstanceUid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Seen(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
            }
        }
    }

    /** The instance row under the UID (if {@code stored}): its content's digest and what rejected it; the cached series' row. */
    private record Seen(boolean stored, String contentSha256, String rejectedBy, boolean seriesThere) {
        /** ALREADY_STORED when the same content is stored under the UID; a Conflict when other content or a rejected one is; else null. */
        Result existing(NewInstance n) {
            if (!stored) {
                return null;
            }
            if (rejectedBy != null) {
                // The gist first: a DIMSE Error Comment keeps 64 characters.
                throw new Conflict(Conflict.Kind.REJECTED, "rejected earlier, kept hidden until deleted: instance "
                        + n.sopInstanceUid() + " (" + rejectedBy + "); delete it to send it again");
            }
            if (n.received().contentSha256().equals(contentSha256)) {
                return new Result(Outcome.ALREADY_STORED, 0);
            }
            throw new Conflict(Conflict.Kind.DIFFERENT_INSTANCE, "already stored, with other content, under SOP Instance UID "
                    + n.sopInstanceUid() + "; the stored one was kept and this one refused");
        }
    }

    private static long storeId(Connection c, String name) throws SQLException {
        return upsert(c, "insert into store (name) values (?) on conflict (name) do nothing",
                "select id from store where name = ?", new Object[] {name}, new Object[] {name});
    }

    /** Patient, study and series rows (inserted when new): the series id. */
    private static long hierarchy(Connection c, long store, NewInstance n) throws SQLException {
        // A patient row is shared by studies, so a delete of another study may remove it between the insert and
        // the select (ArchiveDeleter): the key-share lock keeps it from then on, and an empty select tries again.
        Long patient = null;
        for (int attempt = 0; patient == null; attempt++) {
            if (attempt == 3) {
                throw new IllegalStateException("patient row of " + n.patient().id() + " deleted three times while written");
            }
            patient = upsert(c, """
                    insert into patient (store_id, patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (store_id, patient_id, issuer_of_patient_id) do nothing""", """
                    select id from patient where store_id = ? and patient_id = ? and issuer_of_patient_id = ?
                    for key share""",
                    new Object[] {store, n.patient().id(), n.patient().issuer(), n.patient().name(), n.patient().birthDate(),
                        n.patient().sex()},
                    new Object[] {store, n.patient().id(), n.patient().issuer()});
        }
        long study = upsert(c, """
                insert into study (store_id, patient_fk, study_instance_uid, study_date, study_time, accession_number,
                                   study_id, study_description, referring_physician_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (store_id, study_instance_uid) do nothing""",
                "select id from study where store_id = ? and study_instance_uid = ?",
                new Object[] {store, patient, n.studyInstanceUid(), n.study().date(), n.study().time(),
                    n.study().accessionNumber(), n.study().studyId(), n.study().description(), n.study().referringPhysicianName()},
                new Object[] {store, n.studyInstanceUid()});
        long series = upsert(c, """
                insert into series (store_id, study_fk, series_instance_uid, modality, series_number, series_description,
                                    body_part_examined, series_date, series_time, origin_format)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (store_id, series_instance_uid) do nothing""",
                "select id from series where store_id = ? and series_instance_uid = ?",
                new Object[] {store, study, n.seriesInstanceUid(), n.series().modality(), n.series().number(),
                    n.series().description(), n.series().bodyPartExamined(), n.series().date(), n.series().time(),
                    n.series().originFormat()},
                new Object[] {store, n.seriesInstanceUid()});
        // A series under another study, or of another origin, would make the hierarchy lie.
        try (PreparedStatement ps = c.prepareStatement("select study_fk, origin_format from series where id = ?")) {
            ps.setLong(1, series);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != study) {
                    throw new Conflict(Conflict.Kind.SERIES_ELSEWHERE, "Series Instance UID "
                            + n.seriesInstanceUid() + " is already stored under another study");
                }
                String origin = rs.getString(2);
                if (!n.series().originFormat().equals(origin)) {
                    throw new Conflict(Conflict.Kind.SERIES_ELSEWHERE, "series " + n.seriesInstanceUid()
                            + " holds " + origin + "-origin data, this instance is " + n.series().originFormat());
                }
            }
        }
        return series;
    }

    /**
     * The instance row, its frame rows and its entry in the change feed, in one statement (a round trip per statement
     * is most of what the database spends on an instance): the frames go as one array per column, so a multi-frame
     * instance of thousands is one statement too. A frame's level ends travel as the text of an integer array, since
     * SQL cannot unnest arrays of arrays of different lengths.
     */
    private static void insertInstance(Connection c, long store, long series, NewInstance n, InstanceObjects.Written written,
                                       long storedBytes) throws SQLException {
        List<StoredFrame> frames = written.frames();
        try (PreparedStatement ps = c.prepareStatement("""
                with i as (
                    insert into instance (store_id, series_fk, sop_instance_uid, sop_class_uid, instance_number,
                                          source_transfer_syntax_uid, rows, columns, number_of_frames, photometric_interpretation,
                                          content_sha256, header_key, bulk_data, received_bytes, stored_bytes, created_at, source_name)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?) returning id),
                created as (""" + ChangeLog.CREATED + """
                )
                insert into frame (instance_fk, frame_number, object_key, codec, width, height, components, bit_depth, signed,
                                   levels, level_ends, byte_size, sha256, samples_sha256)
                select i.id, f.number, f.object_key, f.codec, f.width, f.height, f.components, f.bit_depth, f.signed, f.levels,
                       f.level_ends::integer[], f.byte_size, f.sha256, f.samples_sha256
                from i, unnest(?::integer[], ?::varchar[], ?::varchar[], ?::integer[], ?::integer[], ?::integer[], ?::integer[],
                               ?::boolean[], ?::integer[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[])
                     as f(number, object_key, codec, width, height, components, bit_depth, signed, levels, level_ends, byte_size,
                          sha256, samples_sha256)""")) {
            ps.setLong(1, store);
            ps.setLong(2, series);
            ps.setString(3, n.sopInstanceUid());
            ps.setString(4, n.instance().sopClassUid());
            ps.setObject(5, n.instance().number(), Types.INTEGER);
            ps.setString(6, n.instance().sourceTransferSyntaxUid());
            ps.setObject(7, n.instance().rows(), Types.INTEGER);
            ps.setObject(8, n.instance().columns(), Types.INTEGER);
            ps.setInt(9, n.instance().numberOfFrames());
            ps.setString(10, written.photometricInterpretation());
            ps.setString(11, n.received().contentSha256());
            ps.setString(12, ObjectKeys.header(n.objectPrefix()));
            ps.setArray(13, c.createArrayOf("varchar", written.bulkData().toArray()));
            ps.setLong(14, n.received().bytes());
            ps.setLong(15, storedBytes);
            ps.setString(16, n.received().sourceName());
            ps.setLong(17, store);
            ps.setString(18, n.studyInstanceUid());
            ps.setString(19, n.seriesInstanceUid());
            ps.setString(20, n.sopInstanceUid());
            column(c, ps, 21, "integer", frames, StoredFrame::frameNumber);
            column(c, ps, 22, "varchar", frames, StoredFrame::objectKey);
            column(c, ps, 23, "varchar", frames, f -> f.codec().name());
            column(c, ps, 24, "integer", frames, StoredFrame::width);
            column(c, ps, 25, "integer", frames, StoredFrame::height);
            column(c, ps, 26, "integer", frames, StoredFrame::components);
            column(c, ps, 27, "integer", frames, StoredFrame::bitDepth);
            column(c, ps, 28, "boolean", frames, StoredFrame::signed);
            column(c, ps, 29, "integer", frames, StoredFrame::levels);
            column(c, ps, 30, "varchar", frames, f -> Arrays.stream(f.levelEnds()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",", "{", "}")));
            column(c, ps, 31, "bigint", frames, StoredFrame::byteSize);
            column(c, ps, 32, "varchar", frames, StoredFrame::sha256);
            column(c, ps, 33, "varchar", frames, StoredFrame::samplesSha256);
            ps.executeUpdate();
        }
    }

    private static void column(Connection c, PreparedStatement ps, int index, String type, List<StoredFrame> frames,
                               Function<StoredFrame, Object> value) throws SQLException {
        ps.setArray(index, c.createArrayOf(type, frames.stream().map(value).toArray()));
    }

    /** Runs {@code insert}, then {@code select}: the row's id, or null when the select finds none. */
    private static Long upsert(Connection c, String insert, String select, Object[] inserted, Object[] selected)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            bind(ps, inserted);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(select)) {
            bind(ps, selected);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.OTHER);  // sent untyped: the server takes the column's type
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
