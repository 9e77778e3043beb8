package org.mist.codec;

/**
 * The low-pass band of the reversible 5/3 wavelet (15444-1 F.4.8.2: columns, then rows; lifting with
 * whole-sample symmetric extension), applied {@code levels} times, with the reversible colour transform
 * around it for three components: for frames kept outside HTJ2K (the lossless fallback) this gives the
 * level-k image an HTJ2K decoder gives with skip k. Values are clamped to [min, max] like decoded samples.
 */
public final class LowPass53 {
    private LowPass53() {
    }

    /** Reduces interleaved samples of {@code width x height x components}; returns the level's samples. */
    public static long[] reduce(long[] samples, int width, int height, int components, int levels, long min, long max) {
        if (levels == 0) {
            return samples;
        }
        long[] cur = components == 3 ? rct(samples) : samples;
        int w = width;
        int h = height;
        for (int l = 0; l < levels; l++) {
            int w2 = (w + 1) / 2;
            int h2 = (h + 1) / 2;
            // Columns first (vertical), then rows, as the forward transform does.
            long[] cols = new long[w * h2 * components];
            long[] line = new long[Math.max(w, h)];
            long[] low = new long[Math.max(w2, h2)];
            for (int c = 0; c < components; c++) {
                for (int x = 0; x < w; x++) {
                    for (int y = 0; y < h; y++) {
                        line[y] = cur[(y * w + x) * components + c];
                    }
                    lowPass(line, h, low);
                    for (int y = 0; y < h2; y++) {
                        cols[(y * w + x) * components + c] = low[y];
                    }
                }
            }
            long[] next = new long[w2 * h2 * components];
            for (int c = 0; c < components; c++) {
                for (int y = 0; y < h2; y++) {
                    for (int x = 0; x < w; x++) {
                        line[x] = cols[(y * w + x) * components + c];
                    }
                    lowPass(line, w, low);
                    for (int x = 0; x < w2; x++) {
                        next[(y * w2 + x) * components + c] = low[x];
                    }
                }
            }
            cur = next;
            w = w2;
            h = h2;
        }
        if (components == 3) {
            cur = inverseRct(cur);
        }
        for (int i = 0; i < cur.length; i++) {
            cur[i] = Math.max(min, Math.min(max, cur[i]));
        }
        return cur;
    }

    /**
     * The same low-pass for float samples of one component (the lossless fallback's float frames): the 5/3
     * lifting without its roundings, columns then rows, {@code levels} times. NaN spreads to its neighbours.
     */
    public static double[] reduce(double[] samples, int width, int height, int levels) {
        double[] cur = samples;
        int w = width;
        int h = height;
        for (int l = 0; l < levels; l++) {
            cur = halve(cur, w, h, true);
            h = (h + 1) / 2;
            cur = halve(cur, w, h, false);
            w = (w + 1) / 2;
        }
        return cur;
    }

    /** The low band along y ({@code vertical}) or x of a {@code w x h} image. */
    private static double[] halve(double[] img, int w, int h, boolean vertical) {
        int n = vertical ? h : w;
        int lines = vertical ? w : h;
        int half = (n + 1) / 2;
        double[] out = new double[vertical ? w * half : half * h];
        double[] x = new double[n];
        for (int j = 0; j < lines; j++) {
            for (int i = 0; i < n; i++) {
                x[i] = vertical ? img[i * w + j] : img[j * w + i];
            }
            for (int i = 0; i < half; i++) {
                double v = n == 1 ? x[0]
                        : x[2 * i] + (high(x, n, i > 0 ? 2 * i - 1 : 1) + high(x, n, 2 * i + 1 < n ? 2 * i + 1 : 2 * i - 1)) / 4;
                out[vertical ? i * w + j : j * half + i] = v;
            }
        }
        return out;
    }

    private static double high(double[] x, int n, int j) {
        return x[j] - (x[j - 1] + (j + 1 < n ? x[j + 1] : x[j - 1])) / 2;
    }

    /** 15444-1 G.2: Y = floor((R + 2G + B) / 4), U = B - G, V = R - G. */
    private static long[] rct(long[] rgb) {
        long[] out = new long[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            long r = rgb[i];
            long g = rgb[i + 1];
            long b = rgb[i + 2];
            out[i] = Math.floorDiv(r + 2 * g + b, 4);
            out[i + 1] = b - g;
            out[i + 2] = r - g;
        }
        return out;
    }

    private static long[] inverseRct(long[] yuv) {
        long[] out = new long[yuv.length];
        for (int i = 0; i < yuv.length; i += 3) {
            long g = yuv[i] - Math.floorDiv(yuv[i + 1] + yuv[i + 2], 4);
            out[i] = yuv[i + 2] + g;
            out[i + 1] = g;
            out[i + 2] = yuv[i + 1] + g;
        }
        return out;
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
