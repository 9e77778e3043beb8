package org.mist.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
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

/**
 * Rejection (IOCM, migration V7): instances marked with the rejection note's code are hidden from every query and
 * retrieve ({@link ArchiveIndex}, {@link ArchiveQuery}, {@link Catalog}) and kept with their objects until a delete
 * removes them. Nothing moves, so no lock beyond the rows' own is needed: a delete running at the same time simply
 * finds the rows first or after.
 */
@ApplicationScoped
public class ArchiveRejecter {
    /** A rejected instance, by its names. */
    public record Rejected(String store, String study, String series, String sop) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    ChangeLog changes;

    /**
     * Rejects, for {@code code} ("value^scheme"), those of {@code referenced} (instances of {@code study}) that are
     * stored and not rejected yet, in one transaction with their feed entries; returns them. Referenced instances
     * that are not there are passed over, as a note may arrive before or without them.
     */
    public List<ChangeLog.Changed> reject(String store, String study, List<ChangeLog.Changed> referenced, String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ChangeLog.Changed> rejected = new ArrayList<>();
            long storeId;
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("select id from store where name = ?")) {
                    ps.setString(1, store);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return rejected;
                        }
                        storeId = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        update instance i set rejected_by = ?, rejected_at = now()
                        from series se join study st on st.id = se.study_fk
                        where i.series_fk = se.id and st.store_id = ? and st.study_instance_uid = ? and i.rejected_by is null
                          and (se.series_instance_uid, i.sop_instance_uid) in
                              (select * from unnest(?::varchar[], ?::varchar[]))
                        returning se.series_instance_uid, i.sop_instance_uid, i.header_version""")) {
                    ps.setString(1, code);
                    ps.setLong(2, storeId);
                    ps.setString(3, study);
                    ps.setArray(4, c.createArrayOf("varchar", referenced.stream().map(ChangeLog.Changed::series).toArray()));
                    ps.setArray(5, c.createArrayOf("varchar", referenced.stream().map(ChangeLog.Changed::sop).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rejected.add(new ChangeLog.Changed(rs.getString(1), rs.getString(2), rs.getInt(3)));
                        }
                    }
                }
            }
            changes.record(ChangeLog.Action.REJECT, storeId, study, rejected);
            return rejected;
        });
    }

    /** Up to {@code limit} instances rejected before {@code before}, oldest rejection first. */
    public List<Rejected> rejectedBefore(Instant before, int limit) {
        List<Rejected> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select s.name, st.study_instance_uid, se.series_instance_uid, i.sop_instance_uid
                from instance i join series se on se.id = i.series_fk join study st on st.id = se.study_fk
                join store s on s.id = i.store_id
                where i.rejected_at < ? order by i.rejected_at limit ?""")) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rejected(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rejected instances: " + e.getMessage(), e);
        }
        return out;
    }
}
