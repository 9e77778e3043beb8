package org.mist.store;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What {@code mist ingest} recorded of the files it stored: path, size and modification time, so that a run
 * stopped and started again carries on without reading the files it had finished (table {@code ingested_file},
 * migration V4). A file whose record matches is unchanged; anything else is read again, which the idempotent
 * ingest makes safe.
 */
@ApplicationScoped
@Unremovable  // only the command line looks it up (Arc), so the build would otherwise drop it as unused
public class IngestedFiles {
    /** A file as it was when it was stored: size in bytes, modification time in milliseconds, collection. */
    public record Seen(long size, long modifiedMs, String collection) {
    }

    @Inject
    DataSource dataSource;

    /** The records of {@code store} for paths under {@code folder} (absolute, normalized), by path. */
    public Map<String, Seen> under(String store, String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        Map<String, Seen> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select f.path, f.size, f.modified_ms, f.collection from ingested_file f join store s on s.id = f.store_id
                where s.name = ? and starts_with(f.path, ?)""")) {
            ps.setString(1, store);
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Seen(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the ingested files failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Records {@code path} as stored into {@code store} (which exists once anything is stored into it). */
    public void record(String store, String path, Seen seen) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into ingested_file (store_id, path, size, modified_ms, collection)
                select id, ?, ?, ?, ? from store where name = ?
                on conflict (store_id, path) do update set size = excluded.size, modified_ms = excluded.modified_ms,
                    collection = excluded.collection, recorded_at = now()""")) {
            ps.setString(1, path);
            ps.setLong(2, seen.size());
            ps.setLong(3, seen.modifiedMs());
            ps.setString(4, seen.collection());
            ps.setString(5, store);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording an ingested file failed: " + e.getMessage(), e);
        }
    }
}
