package org.mist.eval;

/**
 * SSIM and PSNR as scikit-image computes them with the paper's settings: both images min-max scaled to [0, 1]
 * by their own range first ({@link #minMax}); SSIM over a 7x7 uniform window with sample covariance
 * (N / (N - 1)), K1 = 0.01, K2 = 0.03, data range 1, averaged over the windows that lie inside the image (a
 * border of 3 left out) and, for colour, over the components; PSNR = 10 log10(1 / MSE), infinite when equal.
 */
public final class Similarity {
    private static final int WINDOW = 7;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private Similarity() {
    }

    /** Scaled to [0, 1] by the image's own minimum and maximum (over all components); a flat image is all 0. */
    public static double[] minMax(double[] v) {
        double[] out = v.clone();
        scaleInPlace(out);
        return out;
    }

    /** {@link #minMax} without a copy, for an array nothing else reads (an image at its largest is 30 MB of doubles). */
    public static void scaleInPlace(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double range = max - min;
        for (int i = 0; i < v.length; i++) {
            v[i] = range > 0 ? (v[i] - min) / range : 0;
        }
    }

    public static double psnr(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        double mse = sum / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /** NaN when a side is shorter than the window (scikit-image refuses such images). */
    public static double ssim(double[] a, double[] b, int width, int height, int components) {
        if (width < WINDOW || height < WINDOW) {
            return Double.NaN;
        }
        double total = 0;
        for (int c = 0; c < components; c++) {
            total += ssimPlane(plane(a, c, components), plane(b, c, components), width, height);
        }
        return total / components;
    }

    private static double[] plane(double[] v, int c, int components) {
        double[] out = new double[v.length / components];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i * components + c];
        }
        return out;
    }

    /**
     * The mean of the SSIM map over the window centres at least 3 from every edge, from running sums of x, y,
     * x^2, y^2 and xy over each 7x7 window (summed area tables).
     */
    private static double ssimPlane(double[] x, double[] y, int w, int h) {
        double[][] tables = {table(x, y, w, h, 0), table(x, y, w, h, 1), table(x, y, w, h, 2), table(x, y, w, h, 3),
            table(x, y, w, h, 4)};
        int n = WINDOW * WINDOW;
        double norm = (double) n / (n - 1);
        double sum = 0;
        int count = 0;
        int pad = WINDOW / 2;
        for (int cy = pad; cy < h - pad; cy++) {
            for (int cx = pad; cx < w - pad; cx++) {
                double ux = window(tables[0], w, cx, cy) / n;
                double uy = window(tables[1], w, cx, cy) / n;
                double vx = norm * (window(tables[2], w, cx, cy) / n - ux * ux);
                double vy = norm * (window(tables[3], w, cx, cy) / n - uy * uy);
                double vxy = norm * (window(tables[4], w, cx, cy) / n - ux * uy);
                sum += (2 * ux * uy + C1) * (2 * vxy + C2) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
                count++;
            }
        }
        return sum / count;
    }

    /** Summed-area table of x, y, x^2, y^2 or xy, one row and column of zeros in front. */
    private static double[] table(double[] x, double[] y, int w, int h, int which) {
        double[] t = new double[(w + 1) * (h + 1)];
        for (int r = 0; r < h; r++) {
            double row = 0;
            for (int c = 0; c < w; c++) {
                double a = x[r * w + c];
                double b = y[r * w + c];
                row += switch (which) {
                    case 0 -> a;
                    case 1 -> b;
                    case 2 -> a * a;
                    case 3 -> b * b;
                    default -> a * b;
                };
                t[(r + 1) * (w + 1) + c + 1] = t[r * (w + 1) + c + 1] + row;
            }
        }
        return t;
    }

    private static double window(double[] t, int w, int cx, int cy) {
        int pad = WINDOW / 2;
        int x0 = cx - pad;
        int y0 = cy - pad;
        int x1 = cx + pad + 1;
        int y1 = cy + pad + 1;
        return t[y1 * (w + 1) + x1] - t[y0 * (w + 1) + x1] - t[y1 * (w + 1) + x0] + t[y0 * (w + 1) + x0];
    }
}
