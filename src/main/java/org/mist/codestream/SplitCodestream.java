package org.mist.codestream;

import java.util.Arrays;

/**
 * A codestream in MIST's stored layout: one tile-part per resolution (resolution 0 first) and a TLM.
 * {@code levelEnds[k]} is the length of the prefix that holds everything level k needs: it ends with
 * the tile-part of resolution N - k, so {@code levelEnds[0]} is the whole stream but its EOC.
 */
public record SplitCodestream(byte[] bytes, int width, int height, int levels, int[] levelEnds) {

    /** The level-k prefix followed by EOC: a complete codestream for decoders that honour a skip count. */
    public byte[] prefix(int level) {
        int length = levelEnds[checkLevel(level)];
        byte[] out = Arrays.copyOf(bytes, length + 2);
        Bytes.put16(out, length, Markers.EOC);
        return out;
    }

    public int prefixLength(int level) {
        return levelEnds[checkLevel(level)];
    }

    /** A standalone codestream of the level-k image (see {@link LevelCutter}). */
    public byte[] standalone(int level) {
        return LevelCutter.standalone(bytes, checkLevel(level));
    }

    private int checkLevel(int level) {
        if (level < 0 || level > levels) {
            throw new IllegalArgumentException("level " + level + " outside 0.." + levels);
        }
        return level;
    }
}
