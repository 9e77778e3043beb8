package org.mist.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** The {@code audit_event} table (migrations V11 and V13), written in batches. */
@ApplicationScoped
public class AuditTable {
    /**
     * One access, or {@code requests} alike gathered into one record (frame reads: the first one's time and operation,
     * the instance when all were of one). {@code id} is 0 until stored.
     */
    public record Event(long id, Instant time, String type, String action, int outcome, String principal, String source,
                        String door, String operation, int status, String store, String study, String series,
                        String instance, int requests) {
    }

    @Inject
    DataSource dataSource;

    /**
     * The whole batch in one COPY: a viewer makes a record per frame, thousands a second, and COPY's text rows cost
     * both sides less than statements or column arrays (measured: DECISIONS.md).
     */
    public void insert(List<Event> events) {
        StringBuilder rows = new StringBuilder(events.size() * 256);
        for (Event e : events) {
            field(rows, e.time().toString());
            field(rows, e.type());
            field(rows, e.action());
            field(rows, Integer.toString(e.outcome()));
            field(rows, clip(e.principal(), 200));
            field(rows, clip(e.source(), 100));
            field(rows, e.door());
            field(rows, clip(e.operation(), 300));
            field(rows, Integer.toString(e.status()));
            field(rows, clip(e.store(), 64));
            field(rows, clip(e.study(), 64));
            field(rows, clip(e.series(), 64));
            field(rows, clip(e.instance(), 64));
            field(rows, Integer.toString(e.requests()));
            rows.setCharAt(rows.length() - 1, '\n');
        }
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy audit_event (event_time, event_type, event_action, outcome, principal, source_address, door,
                      operation, status, store, study_instance_uid, series_instance_uid, sop_instance_uid, requests)
                      from stdin""",
                    new StringReader(rows.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("writing the audit trail failed: " + e.getMessage(), e);
        }
    }

    /** One field of COPY's text format, then a tab: null is \N; backslash, tab, newline and return are escaped. */
    private static void field(StringBuilder b, String v) {
        if (v == null) {
            b.append("\\N\t");
            return;
        }
        int i = 0;
        while (i < v.length() && v.charAt(i) != '\\' && v.charAt(i) >= ' ') {
            i++;
        }
        b.append(v, 0, i);  // the whole value, but for the rare one with something to escape
        for (; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        b.append('\t');
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
                       status, store, study_instance_uid, series_instance_uid, sop_instance_uid, requests
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
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getInt(15)));
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
