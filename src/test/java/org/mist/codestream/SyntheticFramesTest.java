package org.mist.codestream;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mist.codec.ImageSpec;
import org.mist.testing.TestFrames;

/** The section-4 oracles on synthetic frames of awkward sizes and every supported sample format. */
class SyntheticFramesTest {

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("u12 512x512", ImageSpec.grey(512, 512, 12, false)),
                Arguments.of("u12 515x333", ImageSpec.grey(515, 333, 12, false)),
                Arguments.of("u16 2048x2048", ImageSpec.grey(2048, 2048, 16, false)),
                Arguments.of("u12 64x64", ImageSpec.grey(64, 64, 12, false)),
                Arguments.of("u12 40x40", ImageSpec.grey(40, 40, 12, false)),
                Arguments.of("u8 1x1", ImageSpec.grey(1, 1, 8, false)),
                Arguments.of("u12 7000x1", ImageSpec.grey(7000, 1, 12, false)),
                Arguments.of("u8 600x400", ImageSpec.grey(600, 400, 8, false)),
                Arguments.of("u16 300x200", ImageSpec.grey(300, 200, 16, false)),
                Arguments.of("s16 512x512", ImageSpec.grey(512, 512, 16, true)),
                Arguments.of("s12 129x257", ImageSpec.grey(129, 257, 12, true)),
                Arguments.of("rgb8 640x480", ImageSpec.rgb8(640, 480)),
                Arguments.of("rgb8 33x17", ImageSpec.rgb8(33, 17)),
                Arguments.of("u1 100x90", ImageSpec.grey(100, 90, 1, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void oracles(String name, ImageSpec spec) throws Exception {
        OracleCheck.check(name, TestFrames.synthetic(spec, name.hashCode()));
    }

    static Stream<Arguments> colourFrames() {
        return frames().filter(a -> ((ImageSpec) a.get()[1]).components() == 3);
    }

    @ParameterizedTest(name = "{0} planar")
    @MethodSource("colourFrames")
    void planarInput(String name, ImageSpec spec) throws Exception {
        OracleCheck.check(name + " planar", TestFrames.planar(TestFrames.synthetic(spec, 7)));
    }
}
