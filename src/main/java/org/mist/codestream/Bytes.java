package org.mist.codestream;

/** Bounds-checked big-endian reads: a short codestream ends in a CodestreamException, never an index error. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] d, int pos, int end) {
        check(pos, 1, end);
        return d[pos] & 0xFF;
    }

    static int u16(byte[] d, int pos, int end) {
        check(pos, 2, end);
        return (d[pos] & 0xFF) << 8 | d[pos + 1] & 0xFF;
    }

    static long u32(byte[] d, int pos, int end) {
        check(pos, 4, end);
        return (long) u16(d, pos, end) << 16 | u16(d, pos + 2, end);
    }

    static void check(int pos, int n, int end) {
        if (pos < 0 || pos > end - n) {
            throw new CodestreamException("codestream ends early: " + n + " bytes wanted at offset " + pos + " of " + end);
        }
    }

    static void put16(byte[] d, int pos, int v) {
        d[pos] = (byte) (v >>> 8);
        d[pos + 1] = (byte) v;
    }

    static void put32(byte[] d, int pos, long v) {
        put16(d, pos, (int) (v >>> 16));
        put16(d, pos + 2, (int) v);
    }
}
