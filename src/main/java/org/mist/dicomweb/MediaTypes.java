package org.mist.dicomweb;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses a media type with its parameters, quoted or not (OHIF and cornerstone send both). */
record MediaTypes(String type, Map<String, String> parameters) {
    /** Native frames and bulk data. */
    static final String OCTET_STREAM = "application/octet-stream";
    /** An HTJ2K codestream (PS3.18 Table 8.7.3-2). */
    static final String JPHC = "image/jphc";

    static MediaTypes parse(String header) {
        if (header == null || header.isBlank()) {
            return new MediaTypes("", Map.of());
        }
        String[] pieces = splitOutsideQuotes(header, ';').toArray(String[]::new);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < pieces.length; i++) {
            int eq = pieces[i].indexOf('=');
            if (eq > 0) {
                String value = pieces[i].substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                params.put(pieces[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
            }
        }
        return new MediaTypes(pieces[0].trim().toLowerCase(Locale.ROOT), params);
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    /** Splits at {@code separator} where it is not inside double quotes. */
    static java.util.List<String> splitOutsideQuotes(String s, char separator) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
