package org.mist.codec;

/**
 * Resolution levels: level k is the frame halved k times (0 = full resolution), matching OpenJPH's
 * skip count and OpenJPEG's {@code -r}.
 */
public final class Levels {
    /** The smallest level's shorter side is at most this (DICOM HTJ2K RPCL asks for 64). */
    public static final int SMALLEST_SIDE = 64;

    private Levels() {
    }

    /**
     * Decomposition count N for a frame: the least N with ceil(min(w,h) / 2^N) <= 64, i.e.
     * ceil(log2(min/64)), but at least 1 when the shorter side is 2 px or more, because OpenJPH 0.21
     * is not lossless with 0 levels.
     */
    public static int count(int width, int height) {
        int shorter = Math.min(width, height);
        if (shorter < 2) {
            return 0;
        }
        int n = 0;
        while (shorter > (long) SMALLEST_SIDE << n) {
            n++;
        }
        return Math.max(1, n);
    }

    /** ceil(n / 2^level). */
    public static int size(int n, int level) {
        if (level >= 31) {
            return n > 0 ? 1 : 0;
        }
        return (int) (((long) n + (1L << level) - 1) >> level);
    }

    /**
     * The level to serve for a requested resolution R: the smallest image whose width and height are
     * both at least R, or full resolution when even that is smaller than R.
     */
    public static int forResolution(int width, int height, int levels, int resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("resolution must be positive, not " + resolution);
        }
        for (int k = levels; k > 0; k--) {
            if (size(width, k) >= resolution && size(height, k) >= resolution) {
                return k;
            }
        }
        return 0;
    }
}
