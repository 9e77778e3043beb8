package org.mist.codestream;

import java.util.List;

/**
 * One tile-part: SOT at {@code sotOffset}, its header segments, and the tile data
 * [{@code bodyOffset}, {@code bodyEnd}). Psot is 32-bit unsigned, hence a long.
 */
record TilePart(int sotOffset, long psot, int tpsot, int tnsot, List<Segment> header, int bodyOffset, int bodyEnd) {

    int bodyLength() {
        return bodyEnd - bodyOffset;
    }
}
