package org.mist.codestream;

import java.util.List;

/**
 * Writes SOC, main-header segments, a TLM listing every tile-part, one tile-part per body range, EOC.
 * The layout is DICOM's HTJ2K RPCL one: TLM with Stlm = 0x60 (16-bit Ttlm, 32-bit Ptlm), Ptlm == Psot.
 */
final class TilePartWriter {
    private TilePartWriter() {
    }

    /** A run of bytes to copy: {@code bytes[from, to)}. */
    record Range(byte[] bytes, int from, int to) {
        int length() {
            return to - from;
        }
    }

    /**
     * @param mainSegments       main-header segments, in order, without TLM/PLM
     * @param firstTilePartHeader segments for tile-part 0's header (other tile-parts get none)
     * @param bodies             the tile data of each tile-part, resolution 0 first
     * @param tilePartLengths    receives each Psot
     */
    static byte[] write(List<Range> mainSegments, Range firstTilePartHeader, List<Range> bodies, long[] tilePartLengths) {
        int n = bodies.size();
        if (n > 255) {
            throw new CodestreamException(n + " tile-parts: at most 255 fit TPsot");
        }
        long total = 2 + 6 + 6L * n + 2;
        for (Range r : mainSegments) {
            total += r.length();
        }
        for (int i = 0; i < n; i++) {
            tilePartLengths[i] = 14L + (i == 0 ? firstTilePartHeader.length() : 0) + bodies.get(i).length();
            if (tilePartLengths[i] > 0xFFFFFFFFL) {
                throw new CodestreamException("tile-part " + i + " is longer than Psot can say");
            }
            total += tilePartLengths[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new CodestreamException("codestream of " + total + " bytes is too large");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        Bytes.put16(out, at, Markers.SOC);
        at += 2;
        for (Range r : mainSegments) {
            at = copy(r, out, at);
        }
        Bytes.put16(out, at, Markers.TLM);
        Bytes.put16(out, at + 2, 4 + 6 * n);
        out[at + 4] = 0;            // Ztlm
        out[at + 5] = 0x60;         // Stlm: ST = 2 (16-bit Ttlm), SP = 1 (32-bit Ptlm)
        at += 6;
        for (int i = 0; i < n; i++) {
            Bytes.put16(out, at, 0);
            Bytes.put32(out, at + 2, tilePartLengths[i]);
            at += 6;
        }
        for (int i = 0; i < n; i++) {
            Bytes.put16(out, at, Markers.SOT);
            Bytes.put16(out, at + 2, 10);
            Bytes.put16(out, at + 4, 0);
            Bytes.put32(out, at + 6, tilePartLengths[i]);
            out[at + 10] = (byte) i;
            out[at + 11] = (byte) n;
            at += 12;
            if (i == 0) {
                at = copy(firstTilePartHeader, out, at);
            }
            Bytes.put16(out, at, Markers.SOD);
            at = copy(bodies.get(i), out, at + 2);
        }
        Bytes.put16(out, at, Markers.EOC);
        return out;
    }

    private static int copy(Range r, byte[] out, int at) {
        System.arraycopy(r.bytes(), r.from(), out, at, r.length());
        return at + r.length();
    }
}
