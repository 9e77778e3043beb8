package org.mist.codestream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mist.codec.HtCodec;
import org.mist.codec.ImageSpec;
import org.mist.codec.Levels;
import org.mist.codec.Samples;
import org.mist.testing.TestFrames;

/**
 * Where OpenJPH can write tile-parts by resolution with TLM itself (0.18+, e.g. 0.21 on Debian 13),
 * splitting its single-tile-part output must give exactly its own per-resolution output.
 */
class NativeTilePartsGoldenTest {

    @BeforeAll
    static void needsOpenJphThatWritesTileParts() {
        if (!HtCodec.openJphWritesTileParts()) {
            System.err.println("*** SKIPPED: OpenJPH " + HtCodec.openJphVersion()
                    + " cannot write tile-parts by resolution; the golden comparison runs where 0.21 is installed ***");
        }
        assumeTrue(HtCodec.openJphWritesTileParts(), "OpenJPH " + HtCodec.openJphVersion() + " writes no tile-parts");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.mist.codestream.SyntheticFramesTest#frames")
    void splitEqualsNativeTileParts(String name, ImageSpec spec) {
        Samples s = TestFrames.synthetic(spec, name.hashCode());
        int levels = Levels.count(spec.width(), spec.height());
        byte[] single = HtCodec.encode(s, levels, false);
        byte[] nativeSplit = HtCodec.encode(s, levels, true);
        assertArrayEquals(nativeSplit, ResolutionSplitter.split(single).bytes(), name);
    }
}
