package org.mist.codestream;

/**
 * The coding style of one component: SPcod/SPcoc (15444-1 A.6.1-2) with the Scod/Scoc precinct flag.
 * Code-block sizes are exponents (xcb = 6 means 64 samples).
 */
record CodingStyle(int levels, int xcb, int ycb, int blockStyle, int transform, int[] ppx, int[] ppy) {
    static final int HT = 0x40;        // code-block style: HT block coder (15444-15)
    static final int HT_MIXED = 0x80;  // HT and Part-1 code-blocks may be mixed
    static final int BYPASS = 0x01, TERMALL = 0x04;

    /** Parses SPcod/SPcoc at {@code p}; {@code userPrecincts} is bit 0 of Scod/Scoc. */
    static CodingStyle parse(byte[] d, int p, int end, boolean userPrecincts) {
        int levels = Bytes.u8(d, p, end);
        if (levels > 32) {
            throw new CodestreamException(levels + " decomposition levels: at most 32 are allowed");
        }
        int xcb = Bytes.u8(d, p + 1, end) + 2, ycb = Bytes.u8(d, p + 2, end) + 2;
        if (xcb > 10 || ycb > 10 || xcb + ycb > 12) {
            throw new CodestreamException("code-block size 2^" + xcb + " x 2^" + ycb + " is not allowed");
        }
        int[] ppx = new int[levels + 1], ppy = new int[levels + 1];
        for (int r = 0; r <= levels; r++) {
            int b = userPrecincts ? Bytes.u8(d, p + 5 + r, end) : 0xFF;
            ppx[r] = b & 0x0F;
            ppy[r] = b >> 4;
            if (r > 0 && (ppx[r] == 0 || ppy[r] == 0)) {
                throw new CodestreamException("precinct exponent 0 is only allowed at resolution 0");
            }
        }
        CodingStyle cs = new CodingStyle(levels, xcb, ycb, Bytes.u8(d, p + 3, end), Bytes.u8(d, p + 4, end), ppx, ppy);
        if (cs.ht() && (cs.blockStyle & HT_MIXED) != 0) {
            throw new CodestreamException("HT mixed mode code-blocks are not supported");
        }
        if (!cs.ht() && (cs.blockStyle & (BYPASS | TERMALL)) != 0) {
            throw new CodestreamException("Part-1 BYPASS/TERMALL code-block styles are not supported");
        }
        return cs;
    }

    boolean ht() {
        return (blockStyle & HT) != 0;
    }

    /** Byte count of SPcod/SPcoc as stored. */
    static int spLength(int levels, boolean userPrecincts) {
        return 5 + (userPrecincts ? levels + 1 : 0);
    }
}
