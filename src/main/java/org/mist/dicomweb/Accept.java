package org.mist.dicomweb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An Accept header (or the {@code accept} query parameter, which PS3.18 8.3.3.1 makes its equal): the
 * media ranges in order of preference, highest q first, ties in the order given.
 */
record Accept(List<MediaTypes> ranges) {

    static Accept parse(String header) {
        List<MediaTypes> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            out.add(MediaTypes.parse("*/*"));
            return new Accept(out);
        }
        for (String range : MediaTypes.splitOutsideQuotes(header, ',')) {
            if (!range.isBlank()) {
                out.add(MediaTypes.parse(range));
            }
        }
        out.sort(Comparator.comparingDouble(Accept::quality).reversed());
        return new Accept(out);
    }

    private static double quality(MediaTypes m) {
        String q = m.parameter("q");
        try {
            return q == null ? 1 : Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
