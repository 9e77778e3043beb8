package org.mist.dicomweb;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mist.formats.DicomOut;
import org.mist.formats.FrameSource;
import org.mist.store.ArchiveIndex.FrameRow;

/**
 * {@code Range: bytes=a-b} on one HTJ2K frame (RFC 9110 14): 206 with exactly those bytes of the stored
 * codestream, single-part. A client that knows {@code levelEnds} (from the levels table) reads level k as
 * {@code bytes=0-(levelEnds[k]-1)}. One range per request; anything else is 416.
 */
final class ByteRanges {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private ByteRanges() {
    }

    static Reply reply(FrameSource frames, FrameRow f, String header) {
        long size = f.byteSize();
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
                first = Math.max(0, size - suffix);
                last = size - 1;
                if (suffix == 0) {
                    throw unsatisfiable(size, "an empty suffix range selects no byte");
                }
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
        byte[] body = frames.range(f, first, last - first + 1);
        return new Reply(206, WadoService.JPHC + "; transfer-syntax=" + DicomOut.HTJ2K_LOSSLESS_RPCL,
                Map.of("Content-Range", "bytes " + first + "-" + last + "/" + size, "Accept-Ranges", "bytes"), List.of(body), null);
    }

    private static DicomWebException unsatisfiable(long size, String reason) {
        return new DicomWebException(416, reason, Map.of("Content-Range", "bytes */" + size));
    }
}
