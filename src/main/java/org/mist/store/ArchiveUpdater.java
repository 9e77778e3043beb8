package org.mist.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.mist.store.NewInstance.PatientAttributes;
import org.mist.store.NewInstance.SeriesAttributes;
import org.mist.store.NewInstance.StudyAttributes;

/**
 * Header versions (migration V9): an update or a restore gives instances a new version of their header object,
 * keeps the earlier ones, and brings the index rows in line, in one transaction per change. Pixels are never
 * touched. The caller plans the change from what it read ({@link #current}); {@link #commit} takes the studies'
 * locks alone (writers share them, as for a delete), checks that no instance moved on since it was read, writes
 * the new header objects, then the rows and the feed entries. On any failure the objects written are deleted.
 */
@ApplicationScoped
public class ArchiveUpdater {
    /** What made a version. */
    public enum MadeBy { UPDATE, RESTORE }

    /** A visible instance as it stands, with the rows it hangs from. */
    public record Current(long id, long patientRow, long studyRow, long seriesRow, String study, String series, String sop,
                          int version, String headerKey) {
    }

    /** One instance's next version: a new header object, or (a restore) the object of an earlier version. */
    public record NextVersion(Current of, MadeBy madeBy, byte[] header, String existingKey) {
    }

    /**
     * The patient attributes after the change. {@code wholePatient}: every study of the patient row takes them (its ID
     * stays, or the row has no other study); otherwise the studies named leave the row for another.
     */
    public record PatientIndex(long row, PatientAttributes attributes, boolean wholePatient, List<Long> studyRows) {
    }

    /** A whole change: the instances' next versions and the index rows that follow from them. */
    public record Plan(String store, List<NextVersion> versions, PatientIndex patient, Map<Long, StudyAttributes> studies,
                       Map<Long, SeriesAttributes> series) {
    }

    /** The change could not be made as planned; nothing was written. */
    public static final class Conflict extends RuntimeException {
        Conflict(String reason) {
            super(reason);
        }
    }

    /** One version of a study's or series' headers, as listed: its number, what made it, when, for how many. */
    public record Version(int version, String madeBy, java.time.Instant time, int instances) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    ObjectStore objects;
    @Inject
    ChangeLog changes;

    /** The visible instances of a study or one of its series ({@code series} null), in series and instance order. */
    public List<Current> current(String store, String study, String series) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select i.id, st.patient_fk, st.id, se.id, se.series_instance_uid, i.sop_instance_uid, i.header_version, i.header_key
                from study st join series se on se.study_fk = st.id join instance i on i.series_fk = se.id
                where st.store_id = (select id from store where name = ?) and st.study_instance_uid = ?
                  and (?::varchar is null or se.series_instance_uid = ?) and i.rejected_by is null
                order by se.series_number nulls last, se.id, i.instance_number nulls last, i.id""")) {
            ps.setString(1, store);
            ps.setString(2, study);
            ps.setString(3, series);
            ps.setString(4, series);
            List<Current> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Current(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), study, rs.getString(5),
                            rs.getString(6), rs.getInt(7), rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }

    /** The Study Instance UIDs of a patient row other than {@code except}. */
    public List<String> otherStudies(long patientRow, String except) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select study_instance_uid from study where patient_fk = ? and study_instance_uid <> ? order by id")) {
            ps.setLong(1, patientRow);
            ps.setString(2, except);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }

    /** The header object of {@code version} of each instance that has it, by instance id. */
    public Map<Long, String> headerKeys(List<Current> instances, int version) {
        Map<Long, String> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select i.id, coalesce(v.header_key, case when ? = 1 then i.header_key end)
                from instance i left join header_version v on v.instance_fk = i.id and v.version = ?
                where i.id = any(?)""")) {
            ps.setInt(1, version);
            ps.setInt(2, version);
            ps.setArray(3, c.createArrayOf("bigint", instances.stream().map(Current::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        out.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }

    /** The versions of the visible instances of a study or series, oldest first (never updated: version 1 alone). */
    public List<Version> versions(String store, String study, String series) {
        List<Version> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                with scope as (
                    select i.id, i.created_at from study st join series se on se.study_fk = st.id join instance i on i.series_fk = se.id
                    where st.store_id = (select id from store where name = ?) and st.study_instance_uid = ?
                      and (?::varchar is null or se.series_instance_uid = ?) and i.rejected_by is null),
                all_versions as (
                    select v.version, v.made_by, v.created_at from header_version v join scope on scope.id = v.instance_fk
                    union all
                    select 1, 'CREATE', scope.created_at from scope
                    where not exists (select 1 from header_version v where v.instance_fk = scope.id))
                select version, made_by, min(created_at), count(*) from all_versions group by version, made_by order by version""")) {
            ps.setString(1, store);
            ps.setString(2, study);
            ps.setString(3, series);
            ps.setString(4, series);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code plan} in one transaction under the locks of every study it touches; the new version of each
     * instance, in the plan's order.
     */
    public List<Integer> commit(Plan plan) {
        ObjectSink sink = new ObjectSink(objects);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    // Sorted, so two changes that touch the same studies cannot wait for each other.
                    for (String study : new TreeSet<>(plan.versions().stream().map(v -> v.of().study()).toList())) {
                        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                            ps.setString(1, ArchiveDeleter.studyLock(plan.store(), study));
                            ps.executeQuery().close();
                        }
                    }
                    requireUnchanged(c, plan.versions());
                    List<Integer> made = new ArrayList<>();
                    for (NextVersion v : plan.versions()) {
                        made.add(newVersion(c, plan.store(), v, sink));
                    }
                    index(c, plan);
                    record(plan, made);
                    return made;
                }
            });
        } catch (RuntimeException e) {
            sink.rollBack();
            throw e;
        }
    }

    private static void requireUnchanged(Connection c, List<NextVersion> versions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select count(*) from instance i join unnest(?::bigint[], ?::int[]) as p(id, version) on p.id = i.id
                where i.header_version = p.version and i.rejected_by is null""")) {
            ps.setArray(1, c.createArrayOf("bigint", versions.stream().map(v -> v.of().id()).toArray()));
            ps.setArray(2, c.createArrayOf("integer", versions.stream().map(v -> v.of().version()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != versions.size()) {
                    throw new Conflict("instances of the study were updated, rejected or deleted while this change was"
                            + " prepared; nothing was changed, send it again");
                }
            }
        }
    }

    /** Writes one instance's next version (the version before it is listed too, the first time): its number. */
    private static int newVersion(Connection c, String store, NextVersion v, ObjectSink sink) throws SQLException {
        Current i = v.of();
        int next = i.version() + 1;
        String key = v.existingKey();
        if (key == null) {
            key = ObjectKeys.headerVersion(ObjectKeys.instancePrefix(store, i.study(), i.series(), i.sop()), next);
            sink.put(key, v.header());
        }
        execute(c, """
                insert into header_version (instance_fk, version, header_key, made_by, created_at)
                select id, header_version, header_key, 'CREATE', created_at from instance where id = ?
                on conflict do nothing""", i.id());
        execute(c, "insert into header_version (instance_fk, version, header_key, made_by) values (?, ?, ?, ?)",
                i.id(), next, key, v.madeBy().name());
        execute(c, "update instance set header_version = ?, header_key = ? where id = ?", next, key, i.id());
        return next;
    }

    private static void index(Connection c, Plan plan) throws SQLException {
        if (plan.patient() != null) {
            patient(c, plan.patient());
        }
        for (Map.Entry<Long, StudyAttributes> e : plan.studies().entrySet()) {
            StudyAttributes s = e.getValue();
            execute(c, """
                    update study set study_date = ?, study_time = ?, accession_number = ?, study_id = ?, study_description = ?,
                                     referring_physician_name = ?
                    where id = ?""", s.date(), s.time(), s.accessionNumber(), s.studyId(), s.description(),
                    s.referringPhysicianName(), e.getKey());
        }
        for (Map.Entry<Long, SeriesAttributes> e : plan.series().entrySet()) {
            SeriesAttributes s = e.getValue();
            execute(c, """
                    update series set modality = ?, series_number = ?, series_description = ?, body_part_examined = ?,
                                      series_date = ?, series_time = ?
                    where id = ?""", s.modality(), s.number(), s.description(), s.bodyPartExamined(), s.date(), s.time(),
                    e.getKey());
        }
    }

    /**
     * The patient row after a change of patient attributes. A study whose PatientID becomes that of a patient already
     * stored joins that patient only when its other patient attributes agree with it; anything else would be a merge
     * of two patients, which is refused.
     */
    private static void patient(Connection c, PatientIndex p) throws SQLException {
        PatientAttributes a = p.attributes();
        Long existing = null;
        try (PreparedStatement ps = c.prepareStatement("""
                select id, patient_name is not distinct from ? and patient_birth_date is not distinct from ?
                           and patient_sex is not distinct from ?
                from patient where store_id = (select store_id from patient where id = ?) and patient_id = ?
                  and issuer_of_patient_id = ? and id <> ?""")) {
            ps.setString(1, a.name());
            ps.setString(2, a.birthDate());
            ps.setString(3, a.sex());
            ps.setLong(4, p.row());
            ps.setString(5, a.id());
            ps.setString(6, a.issuer());
            ps.setLong(7, p.row());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getBoolean(2)) {
                        throw new Conflict("PatientID " + a.id() + (a.issuer().isEmpty() ? "" : " (issuer " + a.issuer() + ")")
                                + " is another patient's in this store, with other name, birth date or sex; merging two"
                                + " patients is not supported");
                    }
                    existing = rs.getLong(1);
                }
            }
        }
        if (existing == null && p.wholePatient()) {
            execute(c, """
                    update patient set patient_id = ?, issuer_of_patient_id = ?, patient_name = ?, patient_birth_date = ?,
                                       patient_sex = ? where id = ?""", a.id(), a.issuer(), a.name(), a.birthDate(), a.sex(), p.row());
            return;
        }
        long target = existing != null ? existing : insertPatient(c, p.row(), a);
        if (p.wholePatient()) {
            execute(c, "update study set patient_fk = ? where patient_fk = ?", target, p.row());
        } else {
            try (PreparedStatement ps = c.prepareStatement("update study set patient_fk = ? where id = any(?)")) {
                ps.setLong(1, target);
                ps.setArray(2, c.createArrayOf("bigint", p.studyRows().toArray()));
                ps.executeUpdate();
            }
        }
        execute(c, "delete from patient where id = ? and not exists (select 1 from study where patient_fk = ?)", p.row(), p.row());
    }

    private static long insertPatient(Connection c, long from, PatientAttributes a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into patient (store_id, patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex)
                select store_id, ?, ?, ?, ?, ? from patient where id = ?
                on conflict (store_id, patient_id, issuer_of_patient_id) do nothing returning id""")) {
            ps.setString(1, a.id());
            ps.setString(2, a.issuer());
            ps.setString(3, a.name());
            ps.setString(4, a.birthDate());
            ps.setString(5, a.sex());
            ps.setLong(6, from);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {  // a writer of another study stored that patient since the check above
                    throw new Conflict("patient " + a.id() + " was stored meanwhile; nothing was changed, send it again");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int k = 0; k < parameters.length; k++) {
                ps.setObject(k + 1, parameters[k]);
            }
            ps.executeUpdate();
        }
    }

    private void record(Plan plan, List<Integer> made) {
        Map<String, Map<ChangeLog.Action, List<ChangeLog.Changed>>> byStudy = new LinkedHashMap<>();
        long storeId = storeId(plan.store());
        for (int k = 0; k < made.size(); k++) {
            NextVersion v = plan.versions().get(k);
            ChangeLog.Action action = v.madeBy() == MadeBy.UPDATE ? ChangeLog.Action.UPDATE : ChangeLog.Action.RESTORE;
            byStudy.computeIfAbsent(v.of().study(), s -> new LinkedHashMap<>()).computeIfAbsent(action, a -> new ArrayList<>())
                    .add(new ChangeLog.Changed(v.of().series(), v.of().sop(), made.get(k)));
        }
        byStudy.forEach((study, byAction) -> byAction.forEach((action, changed) -> changes.record(action, storeId, study, changed)));
    }

    private long storeId(String store) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select id from store where name = ?")) {
            ps.setString(1, store);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }
}
