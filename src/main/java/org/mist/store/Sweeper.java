package org.mist.store;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes objects no row refers to: what a writer could not delete after a failure (object store down,
 * process killed between objects and commit), and what a delete could not remove. Only objects older than the
 * grace period go. Keys come from UIDs, so an object listed as old may meanwhile have been written again by an
 * instance sent anew: each study is therefore checked under its lock, taken alone as a delete takes it, so no
 * writer of the study is between its objects and its commit while the rows are read.
 */
@ApplicationScoped
public class Sweeper {
    @Inject
    ObjectStore objects;
    @Inject
    EntityManager em;
    @Inject
    SweeperSettings settings;

    /** What one sweep found and removed. */
    public record Result(long objectsSeen, long orphansDeleted) {
    }

    @Scheduled(every = "{mist.sweeper.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Result r = sweep(settings.grace());
            if (r.orphansDeleted() > 0) {
                Log.infof("sweeper: %d orphan objects deleted of %d seen", r.orphansDeleted(), r.objectsSeen());
            }
        } catch (RuntimeException e) {
            Log.warnf("sweeper: %s", e.getMessage());
        }
    }

    /** Deletes the unreferenced instance objects older than {@code grace}. */
    public Result sweep(Duration grace) {
        Instant cutoff = Instant.now().minus(grace);
        Map<String, List<ObjectStore.ObjectInfo>> byInstance = new LinkedHashMap<>();
        long[] seen = {0};
        List<String> partial = new ArrayList<>();
        objects.list("", o -> {
            seen[0]++;
            String[] parts = o.key().split("/");
            if (!o.lastModified().isBefore(cutoff)) {
                return;
            }
            if (parts[parts.length - 1].startsWith(LocalObjectStore.PARTIAL_PREFIX)) {
                partial.add(o.key());  // a local write a crash cut off before its rename
                return;
            }
            // {store}/{study}/{series}/{instance}/...: instance objects; the rest (series caches) are not ours
            if (parts.length >= 5) {
                String prefix = String.join("/", parts[0], parts[1], parts[2], parts[3]) + "/";
                byInstance.computeIfAbsent(prefix, k -> new ArrayList<>()).add(o);
            }
        });
        long deleted = 0;
        for (String key : partial) {
            objects.delete(key);
            deleted++;
        }
        Map<String, List<String>> instancesByStudy = new LinkedHashMap<>();
        for (String prefix : byInstance.keySet()) {
            String[] parts = prefix.split("/");
            instancesByStudy.computeIfAbsent(parts[0] + "/" + parts[1], k -> new ArrayList<>()).add(prefix);
        }
        for (Map.Entry<String, List<String>> study : instancesByStudy.entrySet()) {
            String[] names = study.getKey().split("/");
            deleted += QuarkusTransaction.requiringNew().call(() -> {
                em.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtextextended(:k, 0))", Integer.class)
                        .setParameter("k", ArchiveDeleter.studyLock(names[0], names[1])).getSingleResult();
                long removed = 0;
                for (String prefix : study.getValue()) {
                    Set<String> referenced = referencedKeys(prefix);
                    for (ObjectStore.ObjectInfo o : byInstance.get(prefix)) {
                        if (!referenced.contains(o.key())) {
                            objects.delete(o.key());
                            removed++;
                        }
                    }
                }
                return removed;
            });
        }
        return new Result(seen[0], deleted);
    }

    /** The keys the rows of the instance under {@code prefix} reference: header versions, frames, bulk data. */
    private Set<String> referencedKeys(String prefix) {
        String[] parts = prefix.split("/");
        List<?> rows = em.createNativeQuery("""
                select i.header_key, 'object' from instance i join store s on s.id = i.store_id
                where s.name = :store and i.sop_instance_uid = :uid
                union all
                select f.object_key, 'object' from frame f join instance i on i.id = f.instance_fk join store s on s.id = i.store_id
                where s.name = :store and i.sop_instance_uid = :uid
                union all
                select v.header_key, 'object' from header_version v join instance i on i.id = v.instance_fk
                join store s on s.id = i.store_id where s.name = :store and i.sop_instance_uid = :uid
                union all
                select unnest(i.bulk_data), 'bulk' from instance i join store s on s.id = i.store_id
                where s.name = :store and i.sop_instance_uid = :uid""", Tuple.class)
                .setParameter("store", parts[0]).setParameter("uid", parts[3]).getResultList();
        Set<String> keys = new HashSet<>();
        for (Object r : rows) {
            Tuple row = (Tuple) r;
            String value = row.get(0, String.class);
            keys.add("bulk".equals(row.get(1, String.class)) ? ObjectKeys.bulkData(prefix, value) : value);
        }
        return keys;
    }
}
