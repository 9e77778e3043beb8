package org.mist.store;

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
 * The change feed's table (migrations V6, V7): every instance created, rejected or deleted, numbered in commit order. Writers
 * call {@link #record} as the last statement of their transaction, because the counter row it updates stays
 * locked until commit and every other writer queues on it.
 */
@ApplicationScoped
public class ChangeLog {
    /** What happened to an instance. */
    public enum Action { CREATE, REJECT, DELETE }

    /** One instance that changed: its Series and SOP Instance UIDs within the study. */
    public record Changed(String series, String sop) {
    }

    /** One entry of the feed. */
    public record Entry(long seq, Instant time, Action action, String store, String study, String series, String instance,
                        int version) {
    }

    @Inject
    DataSource dataSource;

    /**
     * Records {@code action} on {@code changed} instances of one study, numbered in their order. Must run inside
     * the transaction that makes the change, as its last statement (see the class comment).
     */
    void record(Action action, long storeId, String study, List<Changed> changed) {
        if (changed.isEmpty()) {
            return;
        }
        // The connection taken inside a transaction is the transaction's own (Agroal enlists it).
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                with n as (update change_counter set last_seq = last_seq + ? returning last_seq - ? as base)
                insert into change_log (seq, action, store_id, study_instance_uid, series_instance_uid, sop_instance_uid, version)
                select n.base + d.ord, ?, ?, ?, d.series, d.sop, 1
                from n, unnest(?::varchar[], ?::varchar[]) with ordinality as d(series, sop, ord)""")) {
            ps.setInt(1, changed.size());
            ps.setInt(2, changed.size());
            ps.setString(3, action.name());
            ps.setLong(4, storeId);
            ps.setString(5, study);
            ps.setArray(6, c.createArrayOf("varchar", changed.stream().map(Changed::series).toArray()));
            ps.setArray(7, c.createArrayOf("varchar", changed.stream().map(Changed::sop).toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the change failed: " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} entries after {@code since}, of one store or (store null) of all, in order. */
    public List<Entry> since(String store, long since, int limit) {
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

    /** The SOP Instance UIDs of {@code store} whose latest creation is after entry {@code since}. */
    public Set<String> createdAfter(String store, long since) {
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select sop_instance_uid from change_log
                where store_id = (select id from store where name = ?) and seq > ? and action = 'CREATE'""")) {
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select last_seq from change_counter"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the change feed failed: " + e.getMessage(), e);
        }
    }
}
