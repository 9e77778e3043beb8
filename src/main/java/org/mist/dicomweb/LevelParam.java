package org.mist.dicomweb;

import org.mist.codec.Levels;
import org.mist.formats.FrameSource;
import org.mist.store.ArchiveIndex.FrameRow;

/**
 * The {@code level} or {@code resolution} query parameter (DESIGN section 3): level k halves the frame k
 * times; resolution R picks the smallest level whose width and height are both at least R.
 */
record LevelParam(Integer level, Integer resolution) {
    static final LevelParam FULL = new LevelParam(null, null);

    static LevelParam parse(String level, String resolution) {
        if (level != null && resolution != null) {
            throw new DicomWebException(400, "give level or resolution, not both");
        }
        Integer k = level == null ? null : number("level", level, 0);
        Integer r = resolution == null ? null : number("resolution", resolution, 1);
        return new LevelParam(k, r);
    }

    private static int number(String name, String value, int min) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw new DicomWebException(400, name + " must be an integer >= " + min + ", not \"" + value + "\"");
    }

    /** The level to serve {@code f} at; a level the frame does not have is the client's mistake. */
    int levelFor(FrameRow f) {
        int levels = FrameSource.levels(f);
        if (level != null) {
            if (level > levels) {
                throw new DicomWebException(400, "level " + level + " does not exist: frame " + f.number() + " ("
                        + f.width() + "x" + f.height() + ") has levels 0.." + levels);
            }
            return level;
        }
        return resolution == null ? 0 : Levels.forResolution(f.width(), f.height(), levels, resolution);
    }
}
