package org.mist.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Siemens' CSA header (private (0029,xx10), "SV10" layout): named elements, each a list of strings. MIST
 * reads it for mosaics only, where SliceNormalVector says which way the tiles' slices run. A value it cannot
 * read ends the parse with what it has: the header is vendor data, not to be trusted.
 */
public final class SiemensCsa {
    private SiemensCsa() {
    }

    public static Map<String, List<String>> parse(byte[] b) {
        Map<String, List<String>> out = new HashMap<>();
        if (b == null || b.length < 16 || b[0] != 'S' || b[1] != 'V' || b[2] != '1' || b[3] != '0') {
            return out;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int tags = buf.getInt(8);
        int p = 16;
        for (int t = 0; t < tags && t < 10_000 && p + 84 <= b.length; t++) {
            String name = cString(b, p, 64);
            int items = buf.getInt(p + 76);
            p += 84;
            List<String> values = new ArrayList<>();
            for (int i = 0; i < items && i < 100_000; i++) {
                if (p + 16 > b.length) {
                    return out;
                }
                int length = buf.getInt(p + 4);
                p += 16;
                if (length < 0 || p + length > b.length) {
                    return out;
                }
                if (length > 0) {
                    values.add(cString(b, p, length).trim());
                }
                p += (length + 3) / 4 * 4;
            }
            out.put(name, values);
        }
        return out;
    }

    /** The first {@code n} numbers of element {@code name}, or null when it has fewer. */
    public static double[] numbers(Map<String, List<String>> csa, String name, int n) {
        List<String> v = csa.get(name);
        if (v == null || v.size() < n) {
            return null;
        }
        double[] out = new double[n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = Double.parseDouble(v.get(i));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    private static String cString(byte[] b, int from, int max) {
        int end = from;
        while (end < from + max && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
    }
}
