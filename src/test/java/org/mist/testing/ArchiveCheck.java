package org.mist.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.store.entity.Frame;

/** What the archive holds, read straight from the database and the bucket. */
public final class ArchiveCheck {
    private ArchiveCheck() {
    }

    /** The frames of one instance, in frame order; empty when it has no row. */
    public static List<Frame> frames(EntityManager em, String store, String sopInstanceUid) {
        return em.createQuery("""
                select f from Frame f join fetch f.instance i
                where i.sopInstanceUid = :uid and i.storeId = (select s.id from Store s where s.name = :store)
                order by f.frameNumber""", Frame.class)
                .setParameter("uid", sopInstanceUid).setParameter("store", store).getResultList();
    }

    public static long instanceRows(EntityManager em, String sopInstanceUid) {
        return em.createQuery("select count(i) from Instance i where i.sopInstanceUid = :uid", Long.class)
                .setParameter("uid", sopInstanceUid).getSingleResult();
    }

    /**
     * In each of {@code stores}: every object is referenced by a row and every referenced object exists
     * with the recorded size (no orphan objects, no rows without their objects).
     */
    public static void consistent(EntityManager em, ObjectStore objects, String... stores) {
        for (String store : stores) {
            consistent(em, objects, store);
        }
    }

    private static void consistent(EntityManager em, ObjectStore objects, String store) {
        Map<String, Long> inBucket = new HashMap<>();
        objects.list(store + "/", o -> inBucket.put(o.key(), o.size()));
        Map<String, Long> referenced = new HashMap<>();
        String inStore = " and i.storeId = (select s.id from Store s where s.name = :store)";
        for (Object[] r : em.createQuery("select f.objectKey, f.byteSize from Frame f join f.instance i where 1 = 1" + inStore,
                Object[].class).setParameter("store", store).getResultList()) {
            referenced.put((String) r[0], (Long) r[1]);
        }
        for (String header : em.createQuery("select i.headerKey from Instance i where 1 = 1" + inStore, String.class)
                .setParameter("store", store).getResultList()) {
            referenced.put(header, null);
        }
        // Earlier header versions, and binary values kept beside the header
        for (Object key : em.createNativeQuery("""
                select v.header_key from header_version v join instance i on i.id = v.instance_fk join store s on s.id = i.store_id
                where s.name = :store""", String.class).setParameter("store", store).getResultList()) {
            referenced.put((String) key, null);
        }
        for (Object r : em.createNativeQuery("""
                select st.study_instance_uid, se.series_instance_uid, i.sop_instance_uid, unnest(i.bulk_data)
                from instance i join series se on se.id = i.series_fk join study st on st.id = se.study_fk
                join store s on s.id = i.store_id where s.name = :store""", Object[].class).setParameter("store", store).getResultList()) {
            Object[] row = (Object[]) r;
            referenced.put(ObjectKeys.bulkData(ObjectKeys.instancePrefix(store, (String) row[0], (String) row[1], (String) row[2]),
                    (String) row[3]), null);
        }
        TreeSet<String> orphans = new TreeSet<>(inBucket.keySet());
        orphans.removeAll(referenced.keySet());
        orphans.removeIf(k -> k.matches(".*/metadata-[^/]*\\.json\\.gz"));  // the series metadata caches
        TreeSet<String> missing = new TreeSet<>(referenced.keySet());
        missing.removeAll(inBucket.keySet());
        assertTrue(orphans.isEmpty(), store + ": " + orphans.size() + " objects without a row, e.g. " + orphans.stream().limit(3).toList());
        assertTrue(missing.isEmpty(), store + ": " + missing.size() + " rows without their object, e.g. " + missing.stream().limit(3).toList());
        referenced.forEach((key, size) -> {
            if (size != null) {
                assertEquals(size, inBucket.get(key), "size of " + key);
            }
        });
    }
}
