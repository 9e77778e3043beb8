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
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The {@code api_key} table (migration V11): keys by their public id, with the hash of their secret. */
@ApplicationScoped
public class ApiKeyTable {
    /** One key as stored; {@code secretSha256} is never shown. */
    public record Row(String keyId, byte[] secretSha256, String name, List<String> roles, String createdBy,
                      Instant createdAt, Instant expiresAt, Instant revokedAt) {
    }

    @Inject
    DataSource dataSource;

    public void insert(Row key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into api_key (key_id, secret_sha256, name, roles, created_by, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, key.keyId());
            ps.setBytes(2, key.secretSha256());
            ps.setString(3, key.name());
            ps.setArray(4, c.createArrayOf("text", key.roles().toArray()));
            ps.setString(5, key.createdBy());
            ps.setTimestamp(6, Timestamp.from(key.createdAt()));
            ps.setTimestamp(7, Timestamp.from(key.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("storing the API key failed: " + e.getMessage(), e);
        }
    }

    /** The key with this public id, or null. */
    public Row find(String keyId) {
        List<Row> rows = select("where key_id = ?", keyId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Every key, newest first. */
    public List<Row> all() {
        return select("order by id desc", null);
    }

    /** Marks the key revoked; false when there is no such key or it was revoked already. */
    public boolean revoke(String keyId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update api_key set revoked_at = now() where key_id = ? and revoked_at is null")) {
            ps.setString(1, keyId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("revoking the API key failed: " + e.getMessage(), e);
        }
    }

    private List<Row> select(String rest, String keyId) {
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select key_id, secret_sha256, name, roles, created_by, created_at, expires_at, revoked_at from api_key "
                        + rest)) {
            if (keyId != null) {
                ps.setString(1, keyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp revoked = rs.getTimestamp(8);
                    out.add(new Row(rs.getString(1), rs.getBytes(2), rs.getString(3),
                            Arrays.asList((String[]) rs.getArray(4).getArray()), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                            revoked == null ? null : revoked.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the API keys failed: " + e.getMessage(), e);
        }
        return out;
    }
}
