package org.mist.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.mist.dicom.Uids;
import org.mist.store.QueryAttribute.Level;
import org.mist.store.QueryAttribute.Match;
import org.mist.store.entity.Series;

/**
 * Searches the index (QIDO-RS and C-FIND): single value, list-of-UID, wildcard ({@code *} and {@code ?})
 * and range matching (PS3.4 C.2.2.2) on the indexed columns; person names match case-insensitively. Only
 * series of the origins asked for appear, and no rejected instance (nor a series or study of rejected ones only). Results come in a stable order (studies newest first, series and instances by
 * number, then arrival). A key or value it cannot match is an {@link InvalidQueryException} with the reason.
 */
@ApplicationScoped
public class ArchiveQuery {
    /**
     * What to search: level, the study/series a path fixes (or null), match keys and values, paging, and the
     * origins whose series may appear (the caller's hierarchy says which: DICOM for QIDO-RS and C-FIND).
     */
    public record Search(String store, Level level, String study, String series, Map<QueryAttribute, String> keys,
                         int limit, int offset, Set<Series.OriginFormat> origins) {
    }

    /** A matching key or value that cannot be matched: the reason names it. */
    public static final class InvalidQueryException extends RuntimeException {
        InvalidQueryException(String reason) {
            super(reason);
        }
    }

    @Inject
    DataSource dataSource;

    /** The attributes a search at {@code level} returns: those of its level, and the plain ones above it. */
    public static List<QueryAttribute> returned(Level level) {
        List<QueryAttribute> out = new ArrayList<>();
        for (QueryAttribute a : QueryAttribute.values()) {
            boolean computed = a.match == Match.NONE || a.match == Match.MODALITIES;
            if (a.level == level || a.level.ordinal() < level.ordinal() && !computed) {
                out.add(a);
            }
        }
        out.sort((x, y) -> Integer.compareUnsigned(x.tag, y.tag));
        return out;
    }

    /** Checks that {@code a} is a matching key at {@code level}. */
    public static void checkKey(QueryAttribute a, Level level) {
        if (a.level.ordinal() > level.ordinal() || a.match == Match.NONE) {
            throw new InvalidQueryException(a.keyword + " is not a matching key of a " + level.name().toLowerCase()
                    + "-level query");
        }
    }

    /** The matching rows, each the values of {@link #returned} in order (null where empty). */
    public List<Map<QueryAttribute, Object>> search(Search q) {
        Tables t = Tables.of(q.level());
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        // The store as a value, not a join: an index that starts with store_id then gives the order directly.
        where.add(t.alias + ".store_id = (select id from store where name = ?)");
        args.add(q.store());
        if (q.study() != null) {
            where.add("st.study_instance_uid = ?");
            args.add(q.study());
        }
        if (q.series() != null) {
            where.add("se.series_instance_uid = ?");
            args.add(q.series());
        }
        String[] origins = q.origins().stream().map(Enum::name).toArray(String[]::new);
        q.keys().forEach((a, v) -> condition(q.level(), a, v, origins, where, args));
        where.add(switch (q.level()) {
            case PATIENT -> "exists (select 1 from study z join series x on x.study_fk = z.id where z.patient_fk = p.id"
                    + " and x.origin_format = any(?) and " + QueryAttribute.Visible.SERIES_X + ")";
            case STUDY -> "exists (select 1 from series x where x.study_fk = st.id and x.origin_format = any(?) and "
                    + QueryAttribute.Visible.SERIES_X + ")";
            case SERIES -> "se.origin_format = any(?) and " + QueryAttribute.Visible.SERIES_X.replace("x.id", "se.id");
            case INSTANCE -> "se.origin_format = any(?) and i.rejected_by is null";
        });
        args.add(origins);
        // The page is chosen first, by the matching keys and the order alone; the returned attributes, some of
        // them counts over the levels below, are then computed for the page's rows only, not for every match.
        StringBuilder sql = new StringBuilder("with page as (select ").append(t.key()).append(" as page_key from ")
                .append(t.first).append(t.joins).append(" where ").append(String.join(" and ", where))
                .append(" order by ").append(t.order).append(" limit ").append(q.limit()).append(" offset ")
                .append(q.offset()).append(") select ");
        List<QueryAttribute> returned = returned(q.level());
        for (int i = 0; i < returned.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(returned.get(i).column);
        }
        sql.append(" from page join ").append(t.first).append(" on ").append(t.key()).append(" = page.page_key").append(t.joins)
                .append(" order by ").append(t.order);
        return run(sql.toString(), args, returned);
    }

    /** A level's tables: the one it lists (alias and key), the joins up to the patient, and the stable order. */
    private record Tables(String first, String alias, String joins, String order) {
        static Tables of(Level level) {
            return switch (level) {
                case PATIENT -> new Tables("patient p", "p", "", "p.patient_id, p.id");
                case STUDY -> new Tables("study st", "st", " join patient p on p.id = st.patient_fk",
                        "st.study_date desc nulls last, st.study_time desc nulls last, st.id");
                case SERIES -> new Tables("series se", "se", " join study st on st.id = se.study_fk join patient p on p.id = st.patient_fk",
                        "st.id, se.series_number nulls last, se.id");
                case INSTANCE -> new Tables("instance i", "i", " join series se on se.id = i.series_fk join study st on st.id = se.study_fk"
                        + " join patient p on p.id = st.patient_fk", "st.id, se.series_number nulls last, se.id, i.instance_number nulls last, i.id");
            };
        }

        String key() {
            return alias + ".id";
        }
    }

    private static void condition(Level level, QueryAttribute a, String value, String[] origins, List<String> where,
                                  List<Object> args) {
        checkKey(a, level);
        if (value == null || value.isEmpty() || value.equals("*")) {
            return;  // universal match
        }
        switch (a.match) {
            case UID -> {
                String[] uids = Arrays.stream(value.split("[,\\\\]")).map(String::trim).toArray(String[]::new);
                for (String u : uids) {
                    if (!Uids.valid(u)) {
                        throw new InvalidQueryException(a.keyword + ": " + Uids.problem(u));
                    }
                }
                where.add(a.column + " = any(?)");
                args.add(uids);
            }
            case TEXT, PERSON_NAME -> {
                boolean pn = a.match == Match.PERSON_NAME;
                if (value.contains("*") || value.contains("?")) {
                    where.add(a.column + (pn ? " ilike ?" : " like ?") + " escape '\\'");
                    args.add(like(value));
                } else {
                    where.add(pn ? "lower(" + a.column + ") = lower(?)" : a.column + " = ?");
                    args.add(value);
                }
            }
            case DATE, TIME -> range(a, value, where, args);
            case NUMBER -> {
                try {
                    args.add(Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw new InvalidQueryException(a.keyword + " must be an integer, not \"" + value + "\"");
                }
                where.add(a.column + " = ?");
            }
            case MODALITIES -> {
                where.add("exists (select 1 from series x where x.study_fk = st.id and x.origin_format = any(?) "
                        + "and x.modality = any(?) and " + QueryAttribute.Visible.SERIES_X + ")");
                args.add(origins);
                args.add(Arrays.stream(value.split("[,\\\\]")).map(String::trim).toArray(String[]::new));
            }
            default -> throw new IllegalStateException(a.match.name());
        }
    }

    /** DA and TM: a single value, or a range "a-b", "a-" or "-b" (PS3.4 C.2.2.2.5). */
    private static void range(QueryAttribute a, String value, List<String> where, List<Object> args) {
        String pattern = a.match == Match.DATE ? "\\d{8}" : "\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?";
        int dash = value.indexOf('-');
        String from = dash < 0 ? value : value.substring(0, dash).trim();
        String to = dash < 0 ? value : value.substring(dash + 1).trim();
        if (!from.isEmpty() && !from.matches(pattern) || !to.isEmpty() && !to.matches(pattern) || from.isEmpty() && to.isEmpty()) {
            throw new InvalidQueryException(a.keyword + " must be a " + (a.match == Match.DATE ? "date YYYYMMDD" : "time HHMMSS")
                    + " or a range of them (a-b, a-, -b), not \"" + value + "\"");
        }
        if (dash < 0) {
            where.add(a.column + " = ?");
            args.add(from);
            return;
        }
        if (!from.isEmpty()) {
            where.add(a.column + " >= ?");
            args.add(from);
        }
        if (!to.isEmpty()) {
            // A time range's upper end includes every fraction of its last unit.
            where.add(a.column + " <= ?");
            args.add(a.match == Match.TIME ? to + "\uffff" : to);
        }
    }

    private static String like(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> b.append('%');
                case '?' -> b.append('_');
                case '%', '_', '\\' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private List<Map<QueryAttribute, Object>> run(String sql, List<Object> args, List<QueryAttribute> returned) {
        List<Map<QueryAttribute, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String[] list) {
                    ps.setArray(i + 1, c.createArrayOf("varchar", list));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<QueryAttribute, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < returned.size(); i++) {
                        Object v = rs.getObject(i + 1);
                        row.put(returned.get(i), v instanceof String s && s.isEmpty() ? null : v);
                    }
                    out.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
        return out;
    }
}
