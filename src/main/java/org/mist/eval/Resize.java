package org.mist.eval;

/**
 * Bilinear resize with anti-aliasing, computed as scikit-image's {@code resize(image, shape, order=1,
 * anti_aliasing=True, preserve_range=True)} does it (mode 'reflect', which is SciPy's 'mirror'): a Gaussian
 * pre-filter of sigma max(0, (factor - 1) / 2) per axis, truncated at 4 sigma; then linear interpolation on
 * pixel-area-aligned coordinates (x_in = (x_out + 0.5) x factor - 0.5); then the result clipped to the input's
 * range. Images are row-major, {@code components} samples per pixel; each component is resized alone.
 */
public final class Resize {
    private Resize() {
    }

    public static double[] resize(double[] image, int width, int height, int components, int newWidth, int newHeight) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : image) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double fx = (double) width / newWidth;
        double fy = (double) height / newHeight;
        double[] out = new double[newWidth * newHeight * components];
        double[] plane = components == 1 ? image : new double[width * height];  // grey: no copy (the filter makes new arrays)
        for (int c = 0; c < components; c++) {
            for (int i = 0; components > 1 && i < plane.length; i++) {
                plane[i] = image[i * components + c];
            }
            double[] filtered = gaussian(plane, width, height, Math.max(0, (fx - 1) / 2), Math.max(0, (fy - 1) / 2));
            for (int y = 0; y < newHeight; y++) {
                double sy = (y + 0.5) * fy - 0.5;
                int y0 = (int) Math.floor(sy);
                double wy = sy - y0;
                int r0 = mirror(y0, height);
                int r1 = mirror(y0 + 1, height);
                for (int x = 0; x < newWidth; x++) {
                    double sx = (x + 0.5) * fx - 0.5;
                    int x0 = (int) Math.floor(sx);
                    double wx = sx - x0;
                    int c0 = mirror(x0, width);
                    int c1 = mirror(x0 + 1, width);
                    double top = filtered[r0 * width + c0] * (1 - wx) + filtered[r0 * width + c1] * wx;
                    double bottom = filtered[r1 * width + c0] * (1 - wx) + filtered[r1 * width + c1] * wx;
                    double v = top * (1 - wy) + bottom * wy;
                    out[(y * newWidth + x) * components + c] = Math.max(min, Math.min(max, v));
                }
            }
        }
        return out;
    }

    /**
     * SciPy's gaussian_filter, mode 'mirror', truncate 4: rows then columns; an axis of sigma 0 is left alone.
     * A row is copied once with its mirrored margins, so the taps index it directly; the column pass adds whole
     * rows, weighted, in row order.
     */
    static double[] gaussian(double[] plane, int width, int height, double sigmaX, double sigmaY) {
        double[] out = plane;
        if (sigmaX > 1e-15) {
            double[] k = kernel(sigmaX);
            int r = k.length / 2;
            double[] next = new double[out.length];
            double[] padded = new double[width + 2 * r];
            for (int y = 0; y < height; y++) {
                for (int i = 0; i < padded.length; i++) {
                    padded[i] = out[y * width + mirror(i - r, width)];
                }
                for (int x = 0; x < width; x++) {
                    double s = 0;
                    for (int i = 0; i < k.length; i++) {
                        s += k[i] * padded[x + i];
                    }
                    next[y * width + x] = s;
                }
            }
            out = next;
        }
        if (sigmaY > 1e-15) {
            double[] k = kernel(sigmaY);
            int r = k.length / 2;
            double[] next = new double[out.length];
            for (int y = 0; y < height; y++) {
                int row = y * width;
                for (int i = -r; i <= r; i++) {
                    double weight = k[i + r];
                    int from = mirror(y + i, height) * width;
                    for (int x = 0; x < width; x++) {
                        next[row + x] += weight * out[from + x];
                    }
                }
            }
            out = next;
        }
        return out;
    }

    private static double[] kernel(double sigma) {
        int r = (int) (4.0 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** SciPy's 'mirror' boundary: reflection about the edge samples, which are not repeated. */
    static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
