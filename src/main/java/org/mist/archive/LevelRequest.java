package org.mist.archive;

import org.mist.codec.Levels;
import org.mist.store.ArchiveIndex.FrameRow;

/**
 * The level rule (DESIGN section 3), the one every door and writer uses: {@code level} k halves a frame k
 * times; {@code resolution} R picks the smallest level whose width and height are both at least R (full
 * resolution if none); neither is full resolution. A level a frame does not have is the client's mistake
 * when one frame is asked for, and the frame's smallest level when a dataset of many sizes is.
 */
public record LevelRequest(Integer level, Integer resolution) {
    public static final LevelRequest FULL = new LevelRequest(null, null);

    public LevelRequest {
        if (level != null && resolution != null) {
            throw Refusal.BAD_REQUEST.because("give level or resolution, not both");
        }
        if (level != null && level < 0) {
            throw Refusal.BAD_REQUEST.because("level must be an integer >= 0, not " + level);
        }
        if (resolution != null && resolution < 1) {
            throw Refusal.BAD_REQUEST.because("resolution must be an integer >= 1, not " + resolution);
        }
    }

    /** From query parameters as text (either may be null). */
    public static LevelRequest parse(String level, String resolution) {
        return new LevelRequest(number("level", level, 0), number("resolution", resolution, 1));
    }

    private static Integer number(String name, String value, int min) {
        if (value == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        throw Refusal.BAD_REQUEST.because(name + " must be an integer >= " + min + ", not \"" + shown + "\"");
    }

    /** The level to serve {@code f} at; a level it does not have is refused. */
    public int levelFor(FrameRow f) {
        int levels = f.maxLevel();
        if (level != null && level > levels) {
            throw Refusal.BAD_REQUEST.because("level " + level + " does not exist: frame " + f.number() + " (" + f.width()
                    + "x" + f.height() + ") has levels 0.." + levels);
        }
        return at(f, levels);
    }

    /**
     * For a rendered image: the level asked for, else the smallest level whose image still covers the
     * viewport the frame is fitted into, so the bytes read shrink with the viewport (none: full resolution).
     */
    public int levelFor(FrameRow f, int viewportWidth, int viewportHeight) {
        if (level != null || resolution != null || viewportWidth <= 0 && viewportHeight <= 0) {
            return levelFor(f);
        }
        double scale = fitScale(f.width(), f.height(), viewportWidth, viewportHeight);
        int k = f.maxLevel();
        while (k > 0 && (Levels.size(f.width(), k) < f.width() * scale || Levels.size(f.height(), k) < f.height() * scale)) {
            k--;
        }
        return k;
    }

    /** The scale that fits a width x height image into a viewport (a side of 0 or less does not constrain). */
    public static double fitScale(int width, int height, int viewportWidth, int viewportHeight) {
        double sx = viewportWidth > 0 ? (double) viewportWidth / width : Double.MAX_VALUE;
        double sy = viewportHeight > 0 ? (double) viewportHeight / height : Double.MAX_VALUE;
        return Math.min(sx, sy);
    }

    /** As {@link #levelFor}, but a level deeper than the frame has is its smallest (datasets of many sizes). */
    public int levelAtMost(FrameRow f) {
        return at(f, f.maxLevel());
    }

    private int at(FrameRow f, int levels) {
        if (level != null) {
            return Math.min(level, levels);
        }
        return resolution == null ? 0 : Levels.forResolution(f.width(), f.height(), levels, resolution);
    }
}
