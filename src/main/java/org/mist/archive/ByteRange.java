package org.mist.archive;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a stored object, as {@code Range: bytes=a-b} names it (RFC 9110 14.1.2): first-last,
 * first- (to the end) or -suffix (the last bytes). One range per request; anything else is not satisfiable.
 */
public record ByteRange(long first, long last) {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() {
        return last - first + 1;
    }

    /** The range {@code header} selects in an object of {@code size} bytes. */
    public static ByteRange parse(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw unsatisfiable(size, "Range must be one range \"bytes=first-last\", \"bytes=first-\" or \"bytes=-suffix\", "
                    + "not \"" + header + "\"");
        }
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    throw unsatisfiable(size, "an empty suffix range selects no byte");
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            }
        } catch (NumberFormatException e) {
            throw unsatisfiable(size, "Range positions are too large: " + header);
        }
        if (first >= size || last < first) {
            throw unsatisfiable(size, "Range " + header + " selects no byte of the " + size + "-byte codestream");
        }
        return new ByteRange(first, last);
    }

    private static ArchiveException unsatisfiable(long size, String reason) {
        return new ArchiveException.RangeNotSatisfiable(reason, size);
    }
}
