package org.mist.codec;

/**
 * The sample format of one frame: every component shares it (HTJ2K frames here are never subsampled).
 * Samples of up to 8 bits travel in {@code byte[]}, 9 to 16 bits in {@code short[]}.
 */
public record ImageSpec(int width, int height, int components, int bitDepth, boolean signed) {

    public ImageSpec {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (components < 1 || components > 4) {
            throw new IllegalArgumentException("1 to 4 components supported (grey, grey+alpha, RGB, RGBA), not " + components);
        }
        if (bitDepth < 1 || bitDepth > 16) {
            throw new IllegalArgumentException("bit depth must be 1..16, not " + bitDepth);
        }
        if ((long) width * height * components > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("frame too large for one array: " + width + "x" + height);
        }
    }

    public static ImageSpec grey(int width, int height, int bitDepth, boolean signed) {
        return new ImageSpec(width, height, 1, bitDepth, signed);
    }

    public static ImageSpec rgb8(int width, int height) {
        return new ImageSpec(width, height, 3, 8, false);
    }

    public int bytesPerSample() {
        return bitDepth <= 8 ? 1 : 2;
    }

    public int sampleCount() {
        return width * height * components;
    }

    public int minValue() {
        return signed ? -(1 << (bitDepth - 1)) : 0;
    }

    public int maxValue() {
        return signed ? (1 << (bitDepth - 1)) - 1 : (1 << bitDepth) - 1;
    }

    /** The same format at resolution level {@code level} (each dimension halved, rounded up, level times). */
    public ImageSpec atLevel(int level) {
        return new ImageSpec(Levels.size(width, level), Levels.size(height, level), components, bitDepth, signed);
    }
}
