package org.mist.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.mist.dicomweb.QidoAttribute.Level;
import org.mist.dicomweb.QidoAttribute.Match;

/**
 * QIDO-RS (PS3.18 10.6) over the indexed columns: single value, list-of-UID, wildcard ({@code *} and
 * {@code ?}) and range matching; person names match case-insensitively. Only DICOM-origin series
 * appear. Results come in a stable order (studies newest first, series and instances by number, then
 * arrival) and are paged by {@code limit}/{@code offset}.
 */
@ApplicationScoped
public class QidoService {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    private static final Set<String> RESERVED = Set.of("limit", "offset", "fuzzymatching", "includefield", "accept",
            "charset", "orderby");
    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    DataSource dataSource;

    /** A search: level, the study/series the path fixes (or null), the query parameters. */
    Reply search(String store, Level level, String study, String series, Map<String, List<String>> params, String base) {
        WadoService.checkUids(store, study, series);
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        where.add("s.name = ?");
        args.add(store);
        if (study != null) {
            where.add("st.study_instance_uid = ?");
            args.add(study);
        }
        if (series != null) {
            where.add("se.series_instance_uid = ?");
            args.add(series);
        }
        int limit = DEFAULT_LIMIT;
        int offset = 0;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            switch (name.toLowerCase()) {
                case "limit" -> limit = number(name, e.getValue(), 1, MAX_LIMIT);
                case "offset" -> offset = number(name, e.getValue(), 0, Integer.MAX_VALUE);
                case "fuzzymatching" -> checkBoolean(name, e.getValue());
                case "includefield" -> checkIncludeFields(e.getValue());
                default -> {
                    if (!RESERVED.contains(name.toLowerCase())) {
                        for (String v : e.getValue()) {
                            condition(level, name, v, where, args);
                        }
                    }
                }
            }
        }
        List<QidoAttribute> returned = returned(level);
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < returned.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(returned.get(i).column);
        }
        sql.append(switch (level) {
            case STUDY -> " from study st join patient p on p.id = st.patient_fk join store s on s.id = st.store_id";
            case SERIES -> " from series se join study st on st.id = se.study_fk join patient p on p.id = st.patient_fk"
                    + " join store s on s.id = se.store_id";
            case INSTANCE -> " from instance i join series se on se.id = i.series_fk join study st on st.id = se.study_fk"
                    + " join patient p on p.id = st.patient_fk join store s on s.id = i.store_id";
        });
        where.add(level == Level.STUDY
                ? "exists (select 1 from series x where x.study_fk = st.id and x.origin_format = 'DICOM')"
                : "se.origin_format = 'DICOM'");
        sql.append(" where ").append(String.join(" and ", where));
        sql.append(switch (level) {
            case STUDY -> " order by st.study_date desc nulls last, st.study_time desc nulls last, st.id";
            case SERIES -> " order by st.id, se.series_number nulls last, se.id";
            case INSTANCE -> " order by st.id, se.series_number nulls last, se.id, i.instance_number nulls last, i.id";
        });
        sql.append(" limit ").append(limit).append(" offset ").append(offset);
        return Reply.of(MetadataService.DICOM_JSON, run(sql.toString(), args, returned, level, base));
    }

    private static List<QidoAttribute> returned(Level level) {
        List<QidoAttribute> out = new ArrayList<>();
        for (QidoAttribute a : QidoAttribute.values()) {
            boolean computed = a.match == Match.NONE || a.match == Match.MODALITIES;
            if (a.level == level || a.level.ordinal() < level.ordinal() && !computed) {
                out.add(a);
            }
        }
        out.sort((x, y) -> Integer.compareUnsigned(x.tag, y.tag));
        return out;
    }

    private static void condition(Level level, String name, String value, List<String> where, List<Object> args) {
        QidoAttribute a = QidoAttribute.named(name);
        if (a == null) {
            throw new DicomWebException(400, "cannot match on \"" + name + "\": not a query key MIST indexes (see the "
                    + "README for the list), nor limit, offset, fuzzymatching or includefield");
        }
        if (a.level.ordinal() > level.ordinal() || a.match == Match.NONE) {
            throw new DicomWebException(400, a.keyword + " is not a matching key of a " + level.name().toLowerCase()
                    + "-level query");
        }
        if (value == null || value.isEmpty() || value.equals("*")) {
            return;  // universal match
        }
        switch (a.match) {
            case UID -> {
                String[] uids = value.split("[,\\\\]");
                for (String u : uids) {
                    if (!org.mist.dicom.Uids.valid(u.trim())) {
                        throw new DicomWebException(400, a.keyword + ": " + org.mist.dicom.Uids.problem(u.trim()));
                    }
                }
                where.add(a.column + " = any(?)");
                args.add(Arrays.stream(uids).map(String::trim).toArray(String[]::new));
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
                where.add(a.column + " = ?");
                args.add(number(a.keyword, List.of(value), Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
            case MODALITIES -> {
                where.add("exists (select 1 from series x where x.study_fk = st.id and x.origin_format = 'DICOM' "
                        + "and x.modality = any(?))");
                args.add(Arrays.stream(value.split("[,\\\\]")).map(String::trim).toArray(String[]::new));
            }
            default -> throw new IllegalStateException(a.match.name());
        }
    }

    /** DA and TM: a single value, or a range "a-b", "a-" or "-b" (PS3.4 C.2.2.2.5). */
    private static void range(QidoAttribute a, String value, List<String> where, List<Object> args) {
        String pattern = a.match == Match.DATE ? "\\d{8}" : "\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?";
        int dash = value.indexOf('-');
        String from = dash < 0 ? value : value.substring(0, dash).trim();
        String to = dash < 0 ? value : value.substring(dash + 1).trim();
        if (!from.isEmpty() && !from.matches(pattern) || !to.isEmpty() && !to.matches(pattern) || from.isEmpty() && to.isEmpty()) {
            throw new DicomWebException(400, a.keyword + " must be a " + (a.match == Match.DATE ? "date YYYYMMDD" : "time HHMMSS")
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

    private static int number(String name, List<String> values, int min, int max) {
        String v = values.get(values.size() - 1);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new DicomWebException(400, name + " must be an integer from " + min + " to " + max + ", not \"" + v + "\"");
    }

    private static void checkBoolean(String name, List<String> values) {
        for (String v : values) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new DicomWebException(400, name + " must be true or false, not \"" + v + "\"");
            }
        }
    }

    /** includefield: "all" or attributes by keyword or tag; what MIST does not index is left out of the answer. */
    private static void checkIncludeFields(List<String> values) {
        for (String v : values) {
            for (String f : v.split(",")) {
                String name = f.trim();
                if (!name.equalsIgnoreCase("all") && !QidoAttribute.wellFormed(name)) {
                    throw new DicomWebException(400, "includefield \"" + name + "\" is neither a keyword, a tag nor all");
                }
            }
        }
    }

    private byte[] run(String sql, List<Object> args, List<QidoAttribute> returned, Level level, String base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             JsonGenerator g = JSON.createGenerator(out)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String[] list) {
                    ps.setArray(i + 1, c.createArrayOf("varchar", list));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            g.writeStartArray();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writeRow(g, rs, returned, level, base);
                }
            }
            g.writeEndArray();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("QIDO query failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void writeRow(JsonGenerator g, ResultSet rs, List<QidoAttribute> returned, Level level, String base)
            throws SQLException, IOException {
        g.writeStartObject();
        String study = null;
        String series = null;
        String sop = null;
        boolean retrieveWritten = false;
        for (int i = 0; i < returned.size(); i++) {
            QidoAttribute a = returned.get(i);
            if (!retrieveWritten && Integer.compareUnsigned(a.tag, 0x00081190) > 0) {
                // RetrieveURL sorts among the others; its value needs the UIDs, read first
                study = rs.getString(returned.indexOf(QidoAttribute.STUDY_INSTANCE_UID) + 1);
                series = level == Level.STUDY ? null : rs.getString(returned.indexOf(QidoAttribute.SERIES_INSTANCE_UID) + 1);
                sop = level != Level.INSTANCE ? null : rs.getString(returned.indexOf(QidoAttribute.SOP_INSTANCE_UID) + 1);
                g.writeObjectFieldStart("00081190");
                g.writeStringField("vr", "UR");
                g.writeArrayFieldStart("Value");
                g.writeString(base + "/studies/" + study + (series == null ? "" : "/series/" + series)
                        + (sop == null ? "" : "/instances/" + sop));
                g.writeEndArray();
                g.writeEndObject();
                retrieveWritten = true;
            }
            Object v = rs.getObject(i + 1);
            g.writeObjectFieldStart(a.hex());
            g.writeStringField("vr", a.vr);
            if (v != null && !(v instanceof String s && s.isEmpty())) {
                g.writeArrayFieldStart("Value");
                if (a.vr.equals("PN")) {
                    g.writeStartObject();
                    g.writeStringField("Alphabetic", (String) v);
                    g.writeEndObject();
                } else if (v instanceof Number n) {
                    g.writeNumber(n.longValue());
                } else if (a.match == Match.MODALITIES) {
                    for (String m : ((String) v).split("\\\\")) {
                        g.writeString(m);
                    }
                } else {
                    g.writeString((String) v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
