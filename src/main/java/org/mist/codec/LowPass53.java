package org.mist.codec;

/**
 * The low-pass band of the reversible 5/3 wavelet (15444-1 F.3.8.2, lifting with whole-sample symmetric
 * extension), applied {@code levels} times: for frames kept outside HTJ2K (the lossless fallback) this
 * gives the same level-k image that an HTJ2K decoder gives with skip k. Rows are filtered before columns,
 * as the decoder's inverse transform expects; values are clamped to [min, max] like decoded samples.
 */
public final class LowPass53 {
    private LowPass53() {
    }

    /** Reduces interleaved samples of {@code width x height x components}; returns the level's samples. */
    public static long[] reduce(long[] samples, int width, int height, int components, int levels, long min, long max) {
        long[] cur = samples;
        int w = width;
        int h = height;
        for (int l = 0; l < levels; l++) {
            int w2 = (w + 1) / 2;
            int h2 = (h + 1) / 2;
            long[] rows = new long[w2 * h * components];
            long[] line = new long[Math.max(w, h)];
            long[] low = new long[Math.max(w2, h2)];
            for (int c = 0; c < components; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        line[x] = cur[(y * w + x) * components + c];
                    }
                    lowPass(line, w, low);
                    for (int x = 0; x < w2; x++) {
                        rows[(y * w2 + x) * components + c] = low[x];
                    }
                }
            }
            long[] next = new long[w2 * h2 * components];
            for (int c = 0; c < components; c++) {
                for (int x = 0; x < w2; x++) {
                    for (int y = 0; y < h; y++) {
                        line[y] = rows[(y * w2 + x) * components + c];
                    }
                    lowPass(line, h, low);
                    for (int y = 0; y < h2; y++) {
                        next[(y * w2 + x) * components + c] = low[y];
                    }
                }
            }
            cur = next;
            w = w2;
            h = h2;
        }
        if (levels > 0) {
            for (int i = 0; i < cur.length; i++) {
                cur[i] = Math.max(min, Math.min(max, cur[i]));
            }
        }
        return cur;
    }

    /** One 1-D step: even samples updated by the neighbouring high-pass values (signal starts at 0). */
    private static void lowPass(long[] x, int n, long[] out) {
        int lows = (n + 1) / 2;
        if (n == 1) {
            out[0] = x[0];
            return;
        }
        for (int i = 0; i < lows; i++) {
            long left = i > 0 ? high(x, n, 2 * i - 1) : high(x, n, 1);
            long right = 2 * i + 1 < n ? high(x, n, 2 * i + 1) : high(x, n, 2 * i - 1);
            out[i] = x[2 * i] + Math.floorDiv(left + right + 2, 4);
        }
    }

    /** The high-pass value at odd position {@code j}, with symmetric extension at the right edge. */
    private static long high(long[] x, int n, int j) {
        long next = j + 1 < n ? x[j + 1] : x[j - 1];
        return x[j] - Math.floorDiv(x[j - 1] + next, 2);
    }
}
