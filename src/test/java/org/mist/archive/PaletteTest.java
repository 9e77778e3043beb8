package org.mist.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Segmented lookup tables (PS3.3 C.7.9.2) expanded by hand. The rendering test checks discrete and linear
 * segments against pydicom; indirect segments are checked here, since pydicom 2.3 reads their offset as a
 * count of words where the standard says bytes.
 */
class PaletteTest {

    @Test
    void discreteLinearAndIndirectSegments() {
        int[] words = {
                0, 3, 10, 20, 30,  // discrete: 10 20 30
                1, 4, 70,          // linear from 30 to 70 in 4 steps: 40 50 60 70
                2, 2, 0, 0,        // indirect: the 2 segments at byte offset 0 again: 10 20 30, then 30 to 70
        };
        assertArrayEquals(new int[] {10, 20, 30, 40, 50, 60, 70, 10, 20, 30, 40, 50, 60, 70},
                Palette.expand(words, 14));
    }

    @Test
    void anIndirectSegmentPointsAtABytesOffset() {
        int[] words = {0, 1, 5, 0, 2, 100, 200, 2, 1, 6, 0};  // the copied segment starts at word 3, byte 6
        assertArrayEquals(new int[] {5, 100, 200, 100, 200}, Palette.expand(words, 5));
    }

    @Test
    void aTableThatDoesNotMatchItsDescriptorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Palette.expand(new int[] {0, 2, 1, 2}, 3));
        assertThrows(IllegalArgumentException.class, () -> Palette.expand(new int[] {1, 2, 9}, 2));
        // An indirect segment that copies itself: refused instead of looping.
        assertThrows(IllegalArgumentException.class, () -> Palette.expand(new int[] {0, 1, 1, 2, 1, 6, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> Palette.expand(new int[] {0, 1, 1, 7, 1, 0}, 2));
    }
}
