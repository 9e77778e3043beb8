package org.mist.codestream;

import java.util.Arrays;

/**
 * A tag-tree decoder (15444-1 B.10.2). Node state persists between calls: the same tree serves every
 * code-block of a precinct-band and every layer.
 */
final class TagTree {
    private static final int UNKNOWN = Integer.MAX_VALUE;

    private final int[] widths;
    private final int[] offsets;   // first node of each level; level 0 holds the leaves
    private final int[] value;
    private final int[] low;

    TagTree(int w, int h) {
        int levels = 1;
        for (int cw = w, ch = h; cw > 1 || ch > 1; cw = (cw + 1) >> 1, ch = (ch + 1) >> 1) {
            levels++;
        }
        widths = new int[levels];
        offsets = new int[levels];
        int nodes = 0;
        for (int l = 0, cw = w, ch = h; l < levels; l++, cw = (cw + 1) >> 1, ch = (ch + 1) >> 1) {
            widths[l] = cw;
            offsets[l] = nodes;
            nodes += cw * ch;
        }
        value = new int[nodes];
        low = new int[nodes];
        Arrays.fill(value, UNKNOWN);
    }

    /** Decodes leaf (x, y) against {@code threshold}: its value when below the threshold, else UNKNOWN. */
    int decode(BitReader in, int x, int y, int threshold) {
        int floor = 0;
        int node = 0;
        for (int l = widths.length - 1; l >= 0; l--) {
            node = offsets[l] + (y >> l) * widths[l] + (x >> l);
            if (floor > low[node]) {
                low[node] = floor;
            } else {
                floor = low[node];
            }
            while (floor < threshold && floor < value[node]) {
                if (in.bit() == 1) {
                    value[node] = floor;
                } else {
                    floor++;
                }
            }
            low[node] = floor;
        }
        return value[node] < threshold ? value[node] : UNKNOWN;
    }

    static boolean known(int v) {
        return v != UNKNOWN;
    }
}
