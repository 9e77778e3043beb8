package org.mist.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelsTest {

    @ParameterizedTest(name = "{0}x{1} -> N={2}")
    @CsvSource({"512,512,3", "515,333,3", "2048,2048,5", "1760,2140,5", "64,64,1", "65,65,1", "128,128,1",
            "129,129,2", "40,40,1", "2,2,1", "1,1,0", "7000,1,0", "3064,4664,6", "384,384,3", "1024,1024,4"})
    void decompositionCount(int w, int h, int n) {
        assertEquals(n, Levels.count(w, h));
        if (Math.min(w, h) > 64) {
            // the smallest level's shorter side is at most 64, one level fewer would leave it above
            assertEquals(true, Math.min(Levels.size(w, n), Levels.size(h, n)) <= 64);
            assertEquals(true, Math.min(Levels.size(w, n - 1), Levels.size(h, n - 1)) > 64);
        }
    }

    @ParameterizedTest(name = "{0} at level {1} -> {2}")
    @CsvSource({"512,1,256", "515,1,258", "515,3,65", "333,3,42", "1,5,1", "7000,0,7000"})
    void sizeAtLevel(int n, int level, int size) {
        assertEquals(size, Levels.size(n, level));
    }

    @ParameterizedTest(name = "{0}x{1}, R={2} -> level {3}")
    @CsvSource({"512,512,224,1", "512,512,256,1", "512,512,257,0", "512,512,64,3", "512,512,1,3",
            "1024,1024,224,2", "512,512,4096,0", "1760,2140,224,2"})
    void levelForResolution(int w, int h, int resolution, int level) {
        assertEquals(level, Levels.forResolution(w, h, Levels.count(w, h), resolution));
    }
}
