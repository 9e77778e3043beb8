package org.mist.codestream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One precinct of the tile with the code-blocks of each of its subbands, and the reference-grid position
 * at which the RPCL progression (15444-1 B.12.1.3) visits it.
 */
final class Precinct {
    /** RPCL: resolution, then position on the reference grid (y, then x), then component. */
    static final Comparator<Precinct> RPCL = Comparator.<Precinct>comparingInt(p -> p.resolution)
            .thenComparingLong(p -> p.yRef).thenComparingLong(p -> p.xRef).thenComparingInt(p -> p.component);

    /** Geometry beyond this is refused before anything is allocated for it. */
    static final long MAX_PRECINCTS = 1 << 20, MAX_CODE_BLOCKS = 1 << 22;

    final int component;
    final int resolution;
    final long xRef;
    final long yRef;
    final Band[] bands;

    private Precinct(int component, int resolution, long xRef, long yRef, Band[] bands) {
        this.component = component;
        this.resolution = resolution;
        this.xRef = xRef;
        this.yRef = yRef;
        this.bands = bands;
    }

    /** The code-blocks of one subband inside a precinct, with their packet-header state. */
    static final class Band {
        final int blocksWide;
        final int blocksHigh;
        final TagTree inclusion;
        final TagTree zeroBitPlanes;
        final boolean[] included;
        final boolean[] beforeCleanup;  // HT: no cleanup segment yet, so placeholder passes may come
        final int[] lblock;
        final int[] passes;

        Band(int blocksWide, int blocksHigh) {
            this.blocksWide = blocksWide;
            this.blocksHigh = blocksHigh;
            int n = blocksWide * blocksHigh;
            inclusion = new TagTree(blocksWide, blocksHigh);
            zeroBitPlanes = new TagTree(blocksWide, blocksHigh);
            included = new boolean[n];
            beforeCleanup = new boolean[n];
            Arrays.fill(beforeCleanup, true);
            lblock = new int[n];
            Arrays.fill(lblock, 3);
            passes = new int[n];
        }
    }

    /** Every precinct of the single tile, in RPCL order. */
    static List<Precinct> allInRpclOrder(Codestream cs) {
        Siz s = cs.siz;
        long tx0 = Math.max(s.xtosiz(), s.xosiz()), ty0 = Math.max(s.ytosiz(), s.yosiz());
        long tx1 = Math.min(s.xtosiz() + s.xtsiz(), s.xsiz()), ty1 = Math.min(s.ytosiz() + s.ytsiz(), s.ysiz());
        List<Precinct> out = new ArrayList<>();
        long[] blocks = {0};
        for (int c = 0; c < s.components().length; c++) {
            Siz.Component comp = s.components()[c];
            CodingStyle style = cs.styles[c];
            long cx0 = Siz.ceilDiv(tx0, comp.xr()), cy0 = Siz.ceilDiv(ty0, comp.yr());
            long cx1 = Siz.ceilDiv(tx1, comp.xr()), cy1 = Siz.ceilDiv(ty1, comp.yr());
            int levels = style.levels();
            for (int r = 0; r <= levels; r++) {
                addResolution(out, blocks, c, r, style, comp, cx0, cy0, cx1, cy1, tx0, ty0);
            }
        }
        out.sort(RPCL);
        return out;
    }

    private static void addResolution(List<Precinct> out, long[] blocks, int c, int r, CodingStyle style, Siz.Component comp,
                                      long cx0, long cy0, long cx1, long cy1, long tx0, long ty0) {
        int levels = style.levels();
        long scale = 1L << (levels - r);
        long rx0 = Siz.ceilDiv(cx0, scale), ry0 = Siz.ceilDiv(cy0, scale);
        long rx1 = Siz.ceilDiv(cx1, scale), ry1 = Siz.ceilDiv(cy1, scale);
        int ppx = style.ppx()[r], ppy = style.ppy()[r];
        // Subbands of this resolution: {index, x offset, y offset}; LL at r = 0, else HL, LH, HH.
        int[][] subbands = r == 0 ? new int[][]{{0, 0, 0}} : new int[][]{{1, 1, 0}, {2, 0, 1}, {3, 1, 1}};
        int decompositions = r == 0 ? levels : levels - r + 1;
        int bandPpx = r == 0 ? ppx : ppx - 1, bandPpy = r == 0 ? ppy : ppy - 1;
        int xcb = Math.min(style.xcb(), bandPpx), ycb = Math.min(style.ycb(), bandPpy);
        long[][] bandRects = new long[subbands.length][];
        for (int b = 0; b < subbands.length; b++) {
            if (decompositions == 0) {
                bandRects[b] = new long[]{cx0, cy0, cx1, cy1};
            } else {
                long d = 1L << decompositions;
                long hx = (1L << (decompositions - 1)) * subbands[b][1], hy = (1L << (decompositions - 1)) * subbands[b][2];
                bandRects[b] = new long[]{Siz.ceilDiv(cx0 - hx, d), Siz.ceilDiv(cy0 - hy, d),
                        Siz.ceilDiv(cx1 - hx, d), Siz.ceilDiv(cy1 - hy, d)};
            }
        }
        long across = rx1 > rx0 ? Siz.ceilDiv(rx1, 1L << ppx) - (rx0 >> ppx) : 0;
        long down = ry1 > ry0 ? Siz.ceilDiv(ry1, 1L << ppy) - (ry0 >> ppy) : 0;
        if (out.size() + across * down > MAX_PRECINCTS) {
            throw new CodestreamException("the tile has more than " + MAX_PRECINCTS + " precincts");
        }
        for (long ky = 0; ky < down; ky++) {
            for (long kx = 0; kx < across; kx++) {
                long px = ((rx0 >> ppx) + kx) << ppx, py = ((ry0 >> ppy) + ky) << ppy;
                List<Band> bands = new ArrayList<>(3);
                for (long[] rect : bandRects) {
                    long bx0 = r == 0 ? px : px >> 1, by0 = r == 0 ? py : py >> 1;
                    long bx1 = bx0 + (1L << bandPpx), by1 = by0 + (1L << bandPpy);
                    bx0 = Math.max(bx0, rect[0]);
                    by0 = Math.max(by0, rect[1]);
                    bx1 = Math.min(bx1, rect[2]);
                    by1 = Math.min(by1, rect[3]);
                    if (bx1 <= bx0 || by1 <= by0) {
                        continue;  // no code-blocks of this subband here: the packet has no bits for it
                    }
                    long wide = Siz.ceilDiv(bx1, 1L << xcb) - (bx0 >> xcb);
                    long high = Siz.ceilDiv(by1, 1L << ycb) - (by0 >> ycb);
                    blocks[0] += wide * high;
                    if (blocks[0] > MAX_CODE_BLOCKS) {
                        throw new CodestreamException("the tile has more than " + MAX_CODE_BLOCKS + " code-blocks");
                    }
                    bands.add(new Band((int) wide, (int) high));
                }
                long xRef = Math.max(tx0, comp.xr() * (px << (levels - r)));
                long yRef = Math.max(ty0, comp.yr() * (py << (levels - r)));
                out.add(new Precinct(c, r, xRef, yRef, bands.toArray(new Band[0])));
            }
        }
    }
}
