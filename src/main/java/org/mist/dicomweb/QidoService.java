package org.mist.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.Queries;
import org.mist.archive.Refusal;
import org.mist.archive.Scope;
import org.mist.store.QueryAttribute;
import org.mist.store.QueryAttribute.Level;
import org.mist.store.QueryAttribute.Match;

/**
 * QIDO-RS (PS3.18 10.6): the query parameters to an {@link ArchiveQuery} search, its rows to DICOM JSON
 * with a RetrieveURL each. {@code limit} defaults to 1000 and may reach 10 000.
 */
@ApplicationScoped
public class QidoService {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    Queries queries;

    /** A search: level, the study/series the path fixes (or null), the query parameters. */
    Reply search(String store, Level level, String study, String series, Map<String, List<String>> params, String base) {
        Scope scope = new Scope(store, study, series, null);
        Map<QueryAttribute, String> keys = new LinkedHashMap<>();
        int limit = DEFAULT_LIMIT;
        int offset = 0;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "limit" -> limit = number(name, e.getValue(), 1, MAX_LIMIT);
                case "offset" -> offset = number(name, e.getValue(), 0, Integer.MAX_VALUE);
                case "fuzzymatching" -> checkBoolean(name, e.getValue());
                case "includefield" -> checkIncludeFields(e.getValue());
                case "accept", "charset", "orderby" -> {
                    // the accept filter and the client's preferences: nothing to match
                }
                default -> {
                    QueryAttribute a = QueryAttribute.named(name);
                    if (a == null) {
                        throw Refusal.BAD_REQUEST.because("cannot match on \"" + name + "\": not a query key MIST indexes "
                                + "(see QueryAttribute), nor limit, offset, fuzzymatching or includefield");
                    }
                    keys.put(a, e.getValue().get(e.getValue().size() - 1));
                }
            }
        }
        List<Map<QueryAttribute, Object>> rows = queries.search(scope, level, keys, limit, offset, Format.DICOM);
        return Reply.of(MetadataService.DICOM_JSON, json(rows, level, base));
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
        throw Refusal.BAD_REQUEST.because(name + " must be an integer from " + min + " to " + max + ", not \"" + v + "\"");
    }

    private static void checkBoolean(String name, List<String> values) {
        for (String v : values) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw Refusal.BAD_REQUEST.because(name + " must be true or false, not \"" + v + "\"");
            }
        }
    }

    /** includefield: "all" or attributes by keyword or tag; what MIST does not index is left out of the answer. */
    private static void checkIncludeFields(List<String> values) {
        for (String v : values) {
            for (String f : v.split(",")) {
                String name = f.trim();
                if (!name.equalsIgnoreCase("all") && !QueryAttribute.wellFormed(name)) {
                    throw Refusal.BAD_REQUEST.because("includefield \"" + name + "\" is neither a keyword, a tag nor all");
                }
            }
        }
    }

    private static byte[] json(List<Map<QueryAttribute, Object>> rows, Level level, String base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Map<QueryAttribute, Object> row : rows) {
                writeRow(g, row, level, base);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRow(JsonGenerator g, Map<QueryAttribute, Object> row, Level level, String base) throws IOException {
        g.writeStartObject();
        boolean retrieveWritten = false;
        for (Map.Entry<QueryAttribute, Object> e : row.entrySet()) {
            QueryAttribute a = e.getKey();
            if (!retrieveWritten && Integer.compareUnsigned(a.tag, 0x00081190) > 0) {
                g.writeObjectFieldStart("00081190");  // RetrieveURL, in its place among the tags
                g.writeStringField("vr", "UR");
                g.writeArrayFieldStart("Value");
                g.writeString(base + "/studies/" + row.get(QueryAttribute.STUDY_INSTANCE_UID)
                        + (level.ordinal() >= Level.SERIES.ordinal() ? "/series/" + row.get(QueryAttribute.SERIES_INSTANCE_UID) : "")
                        + (level == Level.INSTANCE ? "/instances/" + row.get(QueryAttribute.SOP_INSTANCE_UID) : ""));
                g.writeEndArray();
                g.writeEndObject();
                retrieveWritten = true;
            }
            Object v = e.getValue();
            g.writeObjectFieldStart(a.hex());
            g.writeStringField("vr", a.vr);
            if (v != null) {
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
