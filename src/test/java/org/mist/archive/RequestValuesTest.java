package org.mist.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Series;

/** The typed request values every door builds at its edge: what they accept, and the refusal for what they do not. */
class RequestValuesTest {
    /** A 512x512 HTJ2K frame with 3 levels, and a 100x30 lossless-fallback frame (levels computed when read). */
    private static final FrameRow CT = new FrameRow(1, "k", Frame.Codec.HTJ2K, 512, 512, 1, 16, true, 3,
            new int[] {1000, 4000, 16000, 64000}, 64000, null);
    private static final FrameRow SMALL = new FrameRow(2, "k2", Frame.Codec.DEFLATE, 100, 30, 1, 32, true, 0, new int[0], 9000, null);

    private static Refusal refusal(Runnable r) {
        return assertThrows(ArchiveException.class, r::run).refusal();
    }

    @Test
    void scopeChecksEveryNameOnce() {
        Scope s = Scope.instance("default", "1.2.3", "1.2.3.4", "1.2.3.4.5");
        assertEquals("instance 1.2.3.4.5", s.describe());
        assertEquals(Refusal.BAD_REQUEST, refusal(() -> Scope.study("default", "1..2")));
        assertEquals(Refusal.BAD_REQUEST, refusal(() -> Scope.series("default", "1.2", "1.2.x")));
        assertEquals(Refusal.BAD_REQUEST, refusal(() -> Scope.instance("default", "1.2", "1.3", "9".repeat(65))));
        assertEquals(Refusal.BAD_REQUEST, refusal(() -> Scope.instance("default", "1.2", "1.3", null)));
        assertEquals(Refusal.NOT_FOUND, refusal(() -> Scope.study("../etc", "1.2")));
        assertEquals(Refusal.NOT_FOUND, refusal(() -> Scope.study("Upper", "1.2")));
        ArchiveException e = assertThrows(ArchiveException.class, () -> Scope.study("default", "1.2.03a"));
        assertTrue(e.getMessage().startsWith("Study Instance UID: "), e.getMessage());
    }

    @Test
    void frameListsAreOneBasedNumbers() {
        assertEquals(List.of(1, 3, 5), FrameList.parse("1, 3,5").numbers());
        for (String bad : new String[] {"", "1,", "a", "1;2", "1-3", "99999999999"}) {
            assertEquals(Refusal.BAD_REQUEST, refusal(() -> FrameList.parse(bad)), bad);
        }
        InstanceRow row = new InstanceRow(1, "default", "1.2", "1.3", "1.4", "1.2.840.10008.5.1.4.1.1.2", 1, 2, "h",
                Series.OriginFormat.DICOM, List.of(CT, SMALL), null, List.of());
        assertEquals(List.of(SMALL, CT), FrameList.parse("2,1").select(row));
        assertEquals(Refusal.NOT_FOUND, refusal(() -> FrameList.parse("3").select(row)));
        assertEquals(Refusal.NOT_FOUND, refusal(() -> FrameList.parse("0").select(row)));
    }

    @Test
    void theLevelRule() {
        assertEquals(0, LevelRequest.FULL.levelFor(CT));
        assertEquals(2, LevelRequest.parse("2", null).levelFor(CT));
        // resolution R: the smallest level whose sides are both >= R
        assertEquals(1, LevelRequest.parse(null, "256").levelFor(CT));
        assertEquals(2, LevelRequest.parse(null, "100").levelFor(CT));
        assertEquals(0, LevelRequest.parse(null, "4096").levelFor(CT));
        // a level the frame does not have: refused for one frame, its smallest level in a dataset
        ArchiveException deep = assertThrows(ArchiveException.class, () -> LevelRequest.parse("4", null).levelFor(CT));
        assertEquals(Refusal.BAD_REQUEST, deep.refusal());
        assertTrue(deep.getMessage().contains("has levels 0..3"), deep.getMessage());
        assertEquals(3, LevelRequest.parse("9", null).levelAtMost(CT));
        // the fallback's levels come from its size: min(100, 30) / 64 needs 1 level (DESIGN section 3)
        assertEquals(1, SMALL.maxLevel());
        assertEquals(1, LevelRequest.parse("5", null).levelAtMost(SMALL));
        for (String[] bad : new String[][] {{"-1", null}, {"x", null}, {null, "0"}, {"1", "64"}, {"1.5", null}}) {
            assertEquals(Refusal.BAD_REQUEST, refusal(() -> LevelRequest.parse(bad[0], bad[1])), String.join(",", List.of(
                    String.valueOf(bad[0]), String.valueOf(bad[1]))));
        }
    }

    @Test
    void aViewportPicksTheSmallestLevelThatCoversIt() {
        assertEquals(2, LevelRequest.FULL.levelFor(CT, 128, 128));  // 512 / 4 = 128 covers 128
        assertEquals(1, LevelRequest.FULL.levelFor(CT, 200, 0));
        assertEquals(0, LevelRequest.FULL.levelFor(CT, 0, 0));
        assertEquals(3, LevelRequest.FULL.levelFor(CT, 10, 10));
        assertEquals(0, LevelRequest.parse("0", null).levelFor(CT, 10, 10), "a level asked for wins over the viewport");
    }

    @Test
    void byteRanges() {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(10, 999), ByteRange.parse("bytes=10-", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=0-5000", 1000));
        for (String bad : new String[] {"bytes=1000-", "bytes=5-1", "bytes=-0", "bytes=0-1,5-6", "items=0-1", "bytes=-",
                "bytes=99999999999999999999-"}) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> ByteRange.parse(bad, 1000), bad);
            assertEquals(Refusal.RANGE_NOT_SATISFIABLE, e.refusal(), bad);
            assertEquals(1000, ((ArchiveException.RangeNotSatisfiable) e).size());
        }
    }
}
