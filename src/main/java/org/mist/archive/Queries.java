package org.mist.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mist.archive.Hierarchy.Format;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ArchiveQuery;
import org.mist.store.QueryAttribute;
import org.mist.store.QueryAttribute.Level;
import org.mist.store.entity.Series.OriginFormat;

/**
 * Searches of the index for every door (QIDO-RS, C-FIND, C-MOVE/C-GET identifiers, the dataset export): the
 * origins a search sees come from the hierarchy, and a key the index cannot match is the client's mistake.
 */
@ApplicationScoped
public class Queries {
    private static final int MAX_SERIES = 100_000;

    @Inject
    ArchiveQuery query;
    @Inject
    ArchiveIndex index;

    /**
     * Matches at {@code level} within {@code scope} (a store, or a study or series a QIDO-RS path fixes) whose
     * series can leave as {@code as} (QIDO-RS and C-FIND: DICOM).
     */
    public List<Map<QueryAttribute, Object>> search(Scope scope, Level level, Map<QueryAttribute, String> keys, int limit,
                                                    int offset, Format as) {
        return run(new ArchiveQuery.Search(scope.store(), level, scope.study(), scope.series(), keys, limit, offset,
                Hierarchy.originsFor(as)));
    }

    /**
     * The instances that match the keys (C-MOVE, C-GET), each of which must be able to leave as {@code as}:
     * matches of other origins are refused with the hierarchy's reason rather than silently left out.
     */
    public List<InstanceRow> instances(String store, Map<QueryAttribute, String> keys, int limit, Format as) {
        // The matches by series, in the search's order: the index is read once per series, not once per instance.
        Map<List<String>, Set<String>> bySeries = new LinkedHashMap<>();
        for (Map<QueryAttribute, Object> row : run(new ArchiveQuery.Search(store, Level.INSTANCE, null, null, keys, limit, 0,
                EnumSet.allOf(OriginFormat.class)))) {
            bySeries.computeIfAbsent(List.of((String) row.get(QueryAttribute.STUDY_INSTANCE_UID),
                    (String) row.get(QueryAttribute.SERIES_INSTANCE_UID)), k -> new HashSet<>())
                    .add((String) row.get(QueryAttribute.SOP_INSTANCE_UID));
        }
        List<InstanceRow> out = new ArrayList<>();
        bySeries.forEach((series, sops) -> {
            List<InstanceRow> rows = sops.size() == 1
                    ? index.instance(store, series.get(0), series.get(1), sops.iterator().next()).stream().toList()
                    : index.instances(store, series.get(0), series.get(1), null).stream()
                            .filter(r -> sops.contains(r.sopInstanceUid())).toList();
            for (InstanceRow r : rows) {
                Hierarchy.require(r.originFormat(), as);
                out.add(r);
            }
        });
        return out;
    }

    /** The series {@code scope} covers (a store, study or series), each with its instances, all able to leave as {@code as}. */
    public List<List<InstanceRow>> series(Scope scope, Format as) {
        Map<QueryAttribute, String> keys = new java.util.LinkedHashMap<>();
        if (scope.study() != null) {
            keys.put(QueryAttribute.STUDY_INSTANCE_UID, scope.study());
        }
        if (scope.series() != null) {
            keys.put(QueryAttribute.SERIES_INSTANCE_UID, scope.series());
        }
        List<List<InstanceRow>> out = new ArrayList<>();
        for (Map<QueryAttribute, Object> row : run(new ArchiveQuery.Search(scope.store(), Level.SERIES, null, null, keys,
                MAX_SERIES, 0, EnumSet.allOf(OriginFormat.class)))) {
            List<InstanceRow> rows = index.instances(scope.store(), (String) row.get(QueryAttribute.STUDY_INSTANCE_UID),
                    (String) row.get(QueryAttribute.SERIES_INSTANCE_UID), null);
            if (!rows.isEmpty()) {
                Hierarchy.require(rows.get(0).originFormat(), as);
                out.add(rows);
            }
        }
        if (out.isEmpty()) {
            throw Refusal.NOT_FOUND.because("nothing to export: no " + scope.describe() + " with instances");
        }
        return out;
    }

    private List<Map<QueryAttribute, Object>> run(ArchiveQuery.Search search) {
        try {
            return query.search(search);
        } catch (ArchiveQuery.InvalidQueryException e) {
            throw Refusal.BAD_REQUEST.because(e.getMessage());
        }
    }
}
