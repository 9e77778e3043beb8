package org.mist.store;

import io.quarkus.logging.Log;
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
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.entity.Frame;

/**
 * Frames received but not yet compressed (codec RAW: deferred compression): which instances hold them, and the swap
 * that puts their compressed copies in their place. A swap runs in one transaction under the study's lock shared, as
 * writers take it (so no delete, update or sweep of the study is between its objects and its commit), and the
 * instance's own lock, tried (so a worker of another replica on the same instance is skipped, not waited for). Every
 * frame of the instance changes in that one commit: a reader finds all of them received or all compressed, never a
 * mix written halfway. The received objects are deleted after the commit; what a crash leaves is the sweeper's.
 */
@ApplicationScoped
public class PendingFrames {
    /** An instance with frames waiting, and those frames. */
    public record Pending(long instanceId, String store, String study, String series, String sopInstanceUid,
                          List<FrameRow> frames) {
        public String objectPrefix() {
            return ObjectKeys.instancePrefix(store, study, series, sopInstanceUid);
        }
    }

    /** Compresses the waiting frames of one instance, writing their objects through {@code sink}. */
    public interface Compressor {
        List<StoredFrame> compress(Pending pending, ObjectSink sink) throws Exception;
    }

    @Inject
    DataSource dataSource;
    @Inject
    ObjectStore objects;

    /** Frames waiting, archive-wide (the partial index {@code frame_raw_idx} holds exactly these). */
    public long count() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from frame where codec = 'RAW'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Up to {@code n} instances with frames waiting, stored before {@code receivedBefore}, oldest first, other than
     * {@code skip}: a hint, nothing locked. The waiting frames' index drives it and each instance is looked up by its
     * key, so it reads the first few that wait, whatever the archive's size: as a join, the planner merged the index with
     * the instance table from its first row at a few thousand instances (1.5 ms a call at 2,546) and hashed the whole
     * backlog at a million (0.5 ms with 300 waiting; this one 0.06).
     */
    public List<Long> candidates(int n, Instant receivedBefore, Collection<Long> skip) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select w.id from (select distinct instance_fk as id from frame where codec = 'RAW' and instance_fk <> all(?)) w
                where (select i.created_at from instance i where i.id = w.id) < ?
                order by w.id limit ?""")) {
            ps.setArray(1, c.createArrayOf("bigint", skip.toArray()));
            ps.setTimestamp(2, Timestamp.from(receivedBefore));
            ps.setInt(3, n);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compresses instance {@code id}'s waiting frames with {@code compressor} and swaps them in: the number of frames
     * swapped; 0 when another worker has the instance or nothing of it is waiting any more.
     */
    public int swap(long id, Compressor compressor) {
        ObjectSink sink = new ObjectSink(objects);
        List<String> replaced = new ArrayList<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection()) {
                    Pending seen = load(c, id);
                    if (seen == null || !lock(c, seen)) {
                        return;
                    }
                    Pending p = load(c, id);  // again, under the locks: what is read now stays so until the commit
                    if (p == null || !p.study().equals(seen.study()) || p.frames().isEmpty()) {
                        return;
                    }
                    List<StoredFrame> done = compressor.compress(p, sink);
                    long change = 0;
                    for (int i = 0; i < done.size(); i++) {
                        replace(c, id, p.frames().get(i), done.get(i));
                        change += done.get(i).byteSize() - p.frames().get(i).byteSize();
                        replaced.add(p.frames().get(i).objectKey());
                    }
                    try (PreparedStatement ps = c.prepareStatement("update instance set stored_bytes = stored_bytes + ? where id = ?")) {
                        ps.setLong(1, change);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            sink.rollBack();
            throw e;
        }
        for (String key : replaced) {
            try {
                objects.delete(key);
            } catch (RuntimeException e) {
                Log.warnf("cannot delete the received frame %s after its swap (the sweeper will): %s", key, e.getMessage());
            }
        }
        return replaced.size();
    }

    /** The study's lock shared, as writers take it, then the instance's, as its writers take it, if free. */
    private static boolean lock(Connection c, Pending p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select pg_try_advisory_xact_lock(hashtextextended(?, 0))
                from pg_advisory_xact_lock_shared(hashtextextended(?, 0))""")) {
            ps.setString(1, p.store() + "/" + p.sopInstanceUid());
            ps.setString(2, ArchiveDeleter.studyLock(p.store(), p.study()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Pending load(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select s.name, st.study_instance_uid, se.series_instance_uid, i.sop_instance_uid
                from instance i join series se on se.id = i.series_fk join study st on st.id = se.study_fk
                join store s on s.id = i.store_id where i.id = ?""")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<FrameRow> waiting = new ArrayList<>();
                for (FrameRow f : ArchiveIndex.frames(c, List.of(id)).getOrDefault(id, List.of())) {
                    if (f.codec() == Frame.Codec.RAW) {
                        waiting.add(f);
                    }
                }
                return new Pending(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), waiting);
            }
        }
    }

    private static void replace(Connection c, long instance, FrameRow old, StoredFrame s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update frame set codec = ?, object_key = ?, bit_depth = ?, signed = ?, levels = ?, level_ends = ?,
                                 byte_size = ?, sha256 = ?
                where instance_fk = ? and frame_number = ? and codec = 'RAW'""")) {
            ps.setString(1, s.codec().name());
            ps.setString(2, s.objectKey());
            ps.setInt(3, s.bitDepth());
            ps.setBoolean(4, s.signed());
            ps.setInt(5, s.levels());
            ps.setArray(6, c.createArrayOf("integer", java.util.Arrays.stream(s.levelEnds()).boxed().toArray()));
            ps.setLong(7, s.byteSize());
            ps.setString(8, s.sha256());
            ps.setLong(9, instance);
            ps.setInt(10, old.number());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("frame " + old.number() + " of instance " + instance + " changed during its swap");
            }
        }
    }
}
