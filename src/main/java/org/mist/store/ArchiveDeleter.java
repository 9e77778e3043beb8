package org.mist.store;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The delete protocol, the mirror of {@link ArchiveWriter}'s: rows first, in one transaction, then the objects,
 * so no reader ever finds a row whose objects are gone.
 *
 * <p>Object keys come from UIDs, so an instance sent again right after its delete would write the very keys the
 * delete is about to remove. The delete therefore holds the study's lock until its objects are gone: writers
 * share it ({@code pg_advisory_xact_lock_shared}), a delete takes it alone, as a session lock on a connection of
 * its own, because it must outlive the rows' commit. Writers of the study wait for the delete; nothing else does.
 */
@ApplicationScoped
public class ArchiveDeleter {
    /** What a delete removed: the instances (none when nothing matched) and the series left empty. */
    public record Deleted(String store, String study, List<ChangeLog.Changed> instances, Set<String> seriesRemoved,
                          boolean studyRemoved) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    ObjectStore objects;
    @Inject
    ChangeLog changes;

    /** The advisory lock key of a study: shared by its writers, taken alone by a delete. */
    static String studyLock(String store, String study) {
        return "study:" + store + "/" + study;
    }

    /** What the row transaction leaves to do after its commit: the objects under {@code prefixes}, the patient row. */
    private record Removed(Deleted deleted, List<String> prefixes, long patientId) {
    }

    /**
     * Deletes the study, the series ({@code sop} null) or the instance, with their objects. {@code afterCommit} runs
     * once the rows are gone and before any object is, so caches can forget what readers must no longer find.
     */
    public Deleted delete(String store, String study, String series, String sop, Consumer<Deleted> afterCommit) {
        try (Connection lock = dataSource.getConnection()) {
            advisory(lock, "select pg_advisory_lock(hashtextextended(?, 0))", studyLock(store, study));
            try {
                Removed r = QuarkusTransaction.requiringNew().call(() -> deleteRows(store, study, series, sop));
                if (!r.deleted().instances().isEmpty()) {
                    afterCommit.accept(r.deleted());
                    // The narrowest folder that holds all that goes: an instance's own, unless its series went too
                    String under = series == null ? ObjectKeys.studyPrefix(store, study)
                            : sop == null || !r.deleted().seriesRemoved().isEmpty() ? ObjectKeys.seriesPrefix(store, study, series)
                            : ObjectKeys.instancePrefix(store, study, series, sop);
                    removeObjects(under, r.prefixes());
                }
                if (r.deleted().studyRemoved()) {
                    removePatientIfUnused(lock, r.patientId());
                }
                return r.deleted();
            } finally {
                advisory(lock, "select pg_advisory_unlock(hashtextextended(?, 0))", studyLock(store, study));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the study lock failed: " + e.getMessage(), e);
        }
    }

    private static void advisory(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.executeQuery().close();
        }
    }

    /** One transaction: instances (frames cascade), then series and study left empty, the ingest records, the feed. */
    private Removed deleteRows(String store, String study, String series, String sop) throws SQLException {
        List<Long> ids = new ArrayList<>();
        Set<Long> seriesIds = new LinkedHashSet<>();
        List<ChangeLog.Changed> changed = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        long storeId = 0;
        long studyId = 0;
        long patientId = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    select i.id, se.id, se.series_instance_uid, i.sop_instance_uid, st.store_id, st.id, st.patient_fk, i.header_version
                    from study st join series se on se.study_fk = st.id join instance i on i.series_fk = se.id
                    where st.store_id = (select id from store where name = ?) and st.study_instance_uid = ?
                      and (?::varchar is null or se.series_instance_uid = ?) and (?::varchar is null or i.sop_instance_uid = ?)
                    order by se.series_instance_uid, i.sop_instance_uid""")) {
                ps.setString(1, store);
                ps.setString(2, study);
                ps.setString(3, series);
                ps.setString(4, series);
                ps.setString(5, sop);
                ps.setString(6, sop);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        seriesIds.add(rs.getLong(2));
                        changed.add(new ChangeLog.Changed(rs.getString(3), rs.getString(4), rs.getInt(8)));
                        prefixes.add(ObjectKeys.instancePrefix(store, study, rs.getString(3), rs.getString(4)));
                        storeId = rs.getLong(5);
                        studyId = rs.getLong(6);
                        patientId = rs.getLong(7);
                    }
                }
            }
            if (ids.isEmpty()) {
                return new Removed(new Deleted(store, study, List.of(), Set.of(), false), List.of(), 0);
            }
            try (PreparedStatement ps = c.prepareStatement("delete from instance where id = any(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                ps.executeUpdate();
            }
            Set<String> seriesRemoved = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    delete from series se where se.id = any(?)
                    and not exists (select 1 from instance i where i.series_fk = se.id) returning se.series_instance_uid""")) {
                ps.setArray(1, c.createArrayOf("bigint", seriesIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seriesRemoved.add(rs.getString(1));
                        // the series' metadata cache objects go with it
                        prefixes.add(ObjectKeys.seriesPrefix(store, study, rs.getString(1)) + "metadata-");
                    }
                }
            }
            boolean studyRemoved = update(c, "delete from study st where st.id = ? and not exists"
                    + " (select 1 from series se where se.study_fk = st.id)", studyId) > 0;
            // A record says "this file's instances are stored"; which file held which instance is not kept, so after
            // a delete no record of the store can be trusted: the next ingest reads its files again and finds the
            // rest already stored.
            update(c, "delete from ingested_file where store_id = ?", storeId);
            changes.record(ChangeLog.Action.DELETE, storeId, study, changed);
            Deleted d = new Deleted(store, study, List.copyOf(changed), Set.copyOf(seriesRemoved), studyRemoved);
            return new Removed(d, prefixes, patientId);
        }
    }

    private static int update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    /**
     * Lists {@code under} once and deletes the objects under any of {@code prefixes}. What cannot be deleted now
     * (object store down) is unreferenced from here on, and the {@link Sweeper} removes it later.
     */
    private void removeObjects(String under, List<String> prefixes) {
        List<String> keys = new ArrayList<>();
        try {
            objects.list(under, o -> {
                for (String p : prefixes) {
                    if (o.key().startsWith(p)) {
                        keys.add(o.key());
                        return;
                    }
                }
            });
            keys.forEach(objects::delete);
        } catch (ObjectStoreException e) {
            Log.warnf("delete: objects under %s left to the sweeper: %s", under, e.getMessage());
        }
    }

    /**
     * The patient row goes with its last study, outside the study lock: a writer of another study may be using
     * it (it holds a key-share lock from its select on), and then the foreign key refuses this delete, as it should.
     */
    private static void removePatientIfUnused(Connection c, long patientId) {
        try {
            update(c, "delete from patient p where p.id = ? and not exists (select 1 from study st where st.patient_fk = p.id)",
                    patientId);
        } catch (SQLException e) {
            if (!"23503".equals(e.getSQLState())) {  // foreign_key_violation: in use after all
                Log.warnf("delete: patient row %d kept: %s", patientId, e.getMessage());
            }
        }
    }
}
