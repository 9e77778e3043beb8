package org.mist.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.mist.codec.Levels;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Series;

/**
 * The read side of the archive: which instances a study, series or instance request names, and their
 * frames; rejected instances are not there. Plain JDBC: these are hot, read-only lookups of a few columns. A
 * committed row changes only when its instance is updated, restored, rejected or deleted, which the change feed tells, so callers
 * may cache what this returns and forget it then.
 */
@ApplicationScoped
public class ArchiveIndex {
    /** One stored instance, with what serving it needs. */
    public record InstanceRow(long id, String store, String study, String series, String sopInstanceUid,
                              String sopClassUid, Integer instanceNumber, int numberOfFrames, String headerKey,
                              Series.OriginFormat originFormat, List<FrameRow> frames, String sourceName,
                              List<String> bulkData) {
        /** Whether it has frames: an SR, a KOS, a PDF and the like have none, and no levels or images either. */
        public boolean hasPixels() {
            return !frames.isEmpty();
        }

        InstanceRow withFrames(List<FrameRow> f) {
            return new InstanceRow(id, store, study, series, sopInstanceUid, sopClassUid, instanceNumber, numberOfFrames,
                    headerKey, originFormat, f, sourceName, bulkData);
        }
    }

    /**
     * One stored frame: its object and how to read a level out of it; {@code samplesSha256} is the digest of its
     * source samples (null for frames stored before it was recorded).
     */
    public record FrameRow(int number, String objectKey, Frame.Codec codec, int width, int height, int components,
                           int bitDepth, boolean signed, int levels, int[] levelEnds, long byteSize, String samplesSha256) {
        /** The prefix length that holds level {@code k}; the whole object when it is not HTJ2K. */
        public long prefixLength(int k) {
            return codec == Frame.Codec.HTJ2K ? levelEnds[k] : byteSize;
        }

        /**
         * The deepest level the frame can be served at: its codestream's decomposition count, or for the lossless
         * fallback the count the level rule gives its size (those levels are computed when read).
         */
        public int maxLevel() {
            return codec == Frame.Codec.HTJ2K ? levels : Levels.count(width, height);
        }
    }

    @Inject
    DataSource dataSource;

    /**
     * The instances of a study, of one of its series, or one instance ({@code series} and {@code sop} may be
     * null), ordered by series number, instance number and arrival.
     */
    public List<InstanceRow> instances(String store, String study, String series, String sop) {
        StringBuilder sql = new StringBuilder("""
                select i.id, se.series_instance_uid, i.sop_instance_uid, i.sop_class_uid, i.instance_number,
                       i.number_of_frames, i.header_key, se.origin_format, i.source_name, i.bulk_data
                from instance i
                join series se on se.id = i.series_fk
                join study st on st.id = se.study_fk
                join store s on s.id = i.store_id
                where s.name = ? and st.study_instance_uid = ? and i.rejected_by is null""");
        List<String> params = new ArrayList<>(List.of(store, study));
        if (series != null) {
            sql.append(" and se.series_instance_uid = ?");
            params.add(series);
        }
        if (sop != null) {
            sql.append(" and i.sop_instance_uid = ?");
            params.add(sop);
        }
        sql.append(" order by se.series_number nulls last, se.id, i.instance_number nulls last, i.id");
        List<InstanceRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            List<InstanceRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Frames come from a second query, below, once for all the instances.
                    rows.add(new InstanceRow(rs.getLong(1), store, study, rs.getString(2), rs.getString(3), rs.getString(4),
                            (Integer) rs.getObject(5), rs.getInt(6), rs.getString(7),
                            Series.OriginFormat.valueOf(rs.getString(8)), List.of(), rs.getString(9),
                            List.of((String[]) rs.getArray(10).getArray())));
                }
            }
            Map<Long, List<FrameRow>> frames = frames(c, rows.stream().map(InstanceRow::id).toList());
            for (InstanceRow r : rows) {
                out.add(r.withFrames(frames.getOrDefault(r.id(), List.of())));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
        return out;
    }

    /** The instance, or empty. */
    public Optional<InstanceRow> instance(String store, String study, String series, String sop) {
        List<InstanceRow> rows = instances(store, study, series, sop);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** What an evaluation reports of an instance besides its frames: the bytes received and the modality. */
    public record Received(long bytes, String modality) {
    }

    /** {@link Received} for each of {@code instanceIds}. */
    public Map<Long, Received> received(List<Long> instanceIds) {
        Map<Long, Received> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select i.id, i.received_bytes, se.modality from instance i join series se on se.id = i.series_fk
                where i.id = any(?)""")) {
            ps.setArray(1, c.createArrayOf("bigint", instanceIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Received(rs.getLong(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
        return out;
    }

    static Map<Long, List<FrameRow>> frames(Connection c, List<Long> instanceIds) throws SQLException {
        Map<Long, List<FrameRow>> out = new HashMap<>();
        if (instanceIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select instance_fk, frame_number, object_key, codec, width, height, components, bit_depth, signed,
                       levels, level_ends, byte_size, samples_sha256
                from frame where instance_fk = any(?) order by instance_fk, frame_number""")) {
            Array ids = c.createArrayOf("bigint", instanceIds.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer[] ends = (Integer[]) rs.getArray(11).getArray();
                    int[] levelEnds = new int[ends.length];
                    for (int i = 0; i < ends.length; i++) {
                        levelEnds[i] = ends[i];
                    }
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new FrameRow(rs.getInt(2),
                            rs.getString(3), Frame.Codec.valueOf(rs.getString(4)), rs.getInt(5), rs.getInt(6),
                            rs.getInt(7), rs.getInt(8), rs.getBoolean(9), rs.getInt(10), levelEnds, rs.getLong(12),
                            rs.getString(13)));
                }
            }
        }
        return out;
    }

    /**
     * The version of a series' content, which changes whenever an instance is added, updated, rejected or deleted:
     * its instance count, rejected count, largest instance id and the sum of its header versions, which only grow
     * (docs/DECISIONS.md says why the tuple never comes back). Empty when the series does not exist or holds only rejected instances.
     */
    public Optional<String> seriesVersion(String store, String study, String series) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select count(i.id), count(i.rejected_by), coalesce(max(i.id), 0), coalesce(sum(i.header_version), 0)
                from series se
                join study st on st.id = se.study_fk
                join store s on s.id = se.store_id
                left join instance i on i.series_fk = se.id
                where s.name = ? and st.study_instance_uid = ? and se.series_instance_uid = ?
                group by se.id having count(i.id) > count(i.rejected_by)""")) {
            ps.setString(1, store);
            ps.setString(2, study);
            ps.setString(3, series);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1) + "-" + rs.getLong(2) + "-" + rs.getLong(3) + "-" + rs.getLong(4))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }

    /** The Series Instance UIDs of a study, in series order; empty when the study does not exist. */
    public List<String> seriesOfStudy(String store, String study) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select se.series_instance_uid from series se
                join study st on st.id = se.study_fk
                join store s on s.id = se.store_id
                where s.name = ? and st.study_instance_uid = ?
                  and exists (select 1 from instance i where i.series_fk = se.id and i.rejected_by is null)
                order by se.series_number nulls last, se.id""")) {
            ps.setString(1, store);
            ps.setString(2, study);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
        return out;
    }
}
