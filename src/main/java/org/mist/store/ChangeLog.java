package org.mist.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The change feed's table (migrations V6 to V8): every instance created, updated, restored, rejected or deleted. Writers insert their
 * entries unnumbered, in the transaction that makes the change, and take no lock for it. {@link #number} gives the
 * committed entries their numbers, one step at a time, before anything reads the feed: V8 says why a reader never
 * finds a new entry below one it has seen.
 */
@ApplicationScoped
public class ChangeLog {
    /** What happened to an instance. */
    public enum Action { CREATE, UPDATE, RESTORE, REJECT, DELETE }

    /**
     * One instance that changed: its Series and SOP Instance UIDs within the study, and the version of its header
     * the change made (or, for a reject or a delete, hid or removed).
     */
    public record Changed(String series, String sop, int version) {
        public Changed(String series, String sop) {
            this(series, sop, 1);
        }
    }

    /** One entry of the feed. */
    public record Entry(long seq, Instant time, Action action, String store, String study, String series, String instance,
                        int version) {
    }

    @Inject
    DataSource dataSource;

    /**
     * The entry of one instance created, as a statement another carries in its WITH clause (the writer sends it with
     * the instance's rows, one round trip instead of two). Parameters: the store's id, then the Study, Series and SOP
     * Instance UIDs.
     */
    static final String CREATED = """
            insert into change_log (action, store_id, study_instance_uid, series_instance_uid, sop_instance_uid, version)
            values ('CREATE', ?, ?, ?, ?, 1)""";

    /**
     * Records {@code action} on {@code changed} instances of one study, in their order. Must run inside the
     * transaction that makes the change; the entries get their numbers once it has committed.
     */
    void record(Action action, long storeId, String study, List<Changed> changed) {
        if (changed.isEmpty()) {
            return;
        }
        // The connection taken inside a transaction is the transaction's own (Agroal enlists it).
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into change_log (action, store_id, study_instance_uid, series_instance_uid, sop_instance_uid, version)
                select ?, ?, ?, d.series, d.sop, d.version
                from unnest(?::varchar[], ?::varchar[], ?::int[]) with ordinality as d(series, sop, version, ord) order by d.ord""")) {
            ps.setString(1, action.name());
            ps.setLong(2, storeId);
            ps.setString(3, study);
            ps.setArray(4, c.createArrayOf("varchar", changed.stream().map(Changed::series).toArray()));
            ps.setArray(5, c.createArrayOf("varchar", changed.stream().map(Changed::sop).toArray()));
            ps.setArray(6, c.createArrayOf("integer", changed.stream().map(Changed::version).toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the change failed: " + e.getMessage(), e);
        }
    }

    /**
     * Numbers the committed entries that have no number yet, in the order they were written, in a transaction of
     * its own. One step at a time (an advisory lock), so a step that begins after another has committed sees
     * everything the other numbered as numbered, and numbers what it finds from the same sequence, above them.
     * The update's snapshot is taken after the lock is held (read committed: one per statement).
     */
    public void number() {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended('mist change feed', 0))")) {
                    lock.executeQuery().close();
                }
                // The numbers are drawn once, in a materialized step, then given by key: as a subquery joined to the
                // table, the planner (counting on few unnumbered rows) ran it again for every row it numbered, which
                // drew n * n numbers for n entries (measured: 30 ms for 200, growing with their square).
                try (PreparedStatement ps = c.prepareStatement("""
                        with n as materialized (
                            select id, nextval('change_seq') as seq
                            from (select id from change_log where seq is null order by id) unnumbered)
                        update change_log c set seq = n.seq from n where c.id = n.id""")) {
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("numbering the change feed failed: " + e.getMessage(), e);
            }
        });
    }

    /** Up to {@code limit} entries after {@code since}, of one store or (store null) of all, in order. */
    public List<Entry> since(String store, long since, int limit) {
        number();
        String sql = """
                select c.seq, c.recorded_at, c.action, s.name, c.study_instance_uid, c.series_instance_uid,
                       c.sop_instance_uid, c.version
                from change_log c join store s on s.id = c.store_id
                where c.seq > ?""" + (store == null ? "" : " and c.store_id = (select id from store where name = ?)")
                + " order by c.seq limit ?";
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setLong(p++, since);
            if (store != null) {
                ps.setString(p++, store);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), Action.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the change feed failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** The SOP Instance UIDs of {@code store} created, updated or restored after entry {@code since}. */
    public Set<String> changedAfter(String store, long since) {
        number();
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select sop_instance_uid from change_log
                where store_id = (select id from store where name = ?) and seq > ? and action in ('CREATE', 'UPDATE', 'RESTORE')""")) {
            ps.setString(1, store);
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the change feed failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** The number of the latest entry (0 when there is none). */
    public long last() {
        number();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(max(seq), 0) from change_log"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the change feed failed: " + e.getMessage(), e);
        }
    }
}
