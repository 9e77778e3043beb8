package org.mist.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code audit_event} table (migration V11), written in batches. */
@ApplicationScoped
public class AuditTable {
    /** One access. {@code id} is 0 until stored. */
    public record Event(long id, Instant time, String type, String action, int outcome, String principal, String source,
                        String door, String operation, int status, String store, String study, String series,
                        String instance) {
    }

    @Inject
    DataSource dataSource;

    /**
     * One statement for the whole batch, its columns as arrays (as the change log does), rather than one
     * execution per row: a viewer makes a record per frame, thousands a second.
     */
    public void insert(List<Event> events) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into audit_event (event_time, event_type, event_action, outcome, principal, source_address, door,
                  operation, status, store, study_instance_uid, series_instance_uid, sop_instance_uid)
                select * from unnest(?::timestamptz[], ?::varchar[], ?::varchar[], ?::smallint[], ?::varchar[], ?::varchar[],
                  ?::varchar[], ?::varchar[], ?::int[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])""")) {
            int n = events.size();
            Object[][] columns = new Object[13][n];
            for (int i = 0; i < n; i++) {
                Event e = events.get(i);
                Object[] row = {Timestamp.from(e.time()), e.type(), e.action(), (short) e.outcome(), clip(e.principal(), 200),
                    clip(e.source(), 100), e.door(), clip(e.operation(), 300), e.status(), clip(e.store(), 64),
                    clip(e.study(), 64), clip(e.series(), 64), clip(e.instance(), 64)};
                for (int k = 0; k < row.length; k++) {
                    columns[k][i] = row[k];
                }
            }
            String[] types = {"timestamptz", "varchar", "varchar", "int2", "varchar", "varchar", "varchar", "varchar", "int4",
                "varchar", "varchar", "varchar", "varchar"};
            for (int k = 0; k < types.length; k++) {
                ps.setArray(k + 1, c.createArrayOf(types[k], columns[k]));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing the audit trail failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the events recorded before {@code before}, 10,000 rows per statement so that no delete holds its locks
     * for long; how many.
     */
    public long deleteBefore(Instant before) {
        long deleted = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                delete from audit_event where id in
                  (select id from audit_event where event_time < ? order by id limit 10000)""")) {
            ps.setTimestamp(1, Timestamp.from(before));
            int n;
            do {
                n = ps.executeUpdate();
                deleted += n;
            } while (n > 0);
        } catch (SQLException e) {
            throw new IllegalStateException("deleting old audit records failed: " + e.getMessage(), e);
        }
        return deleted;
    }

    /** Up to {@code limit} events after id {@code since}, oldest first; of one principal when it is not null. */
    public List<Event> since(long since, int limit, String principal) {
        List<Event> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, event_time, event_type, event_action, outcome, principal, source_address, door, operation,
                       status, store, study_instance_uid, series_instance_uid, sop_instance_uid
                from audit_event where id > ?""" + (principal == null ? "" : " and principal = ?") + " order by id limit ?")) {
            int p = 1;
            ps.setLong(p++, since);
            if (principal != null) {
                ps.setString(p++, principal);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit trail failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
