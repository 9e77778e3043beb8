package org.mist.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mist.testing.SharedData;
import org.mist.testing.TestFrames;

/**
 * The Java 5/3 low-pass (levels of frames kept in the lossless fallback) gives, at every level, exactly
 * the samples OpenJPH decodes from the frame's HTJ2K stream with skip k: odd and even sizes, grey and
 * colour, synthetic and real.
 */
class LowPass53Test {

    @ParameterizedTest(name = "{0}x{1}x{2}, {3} bits signed={4}")
    @CsvSource({"515,333,1,12,false", "512,512,1,16,true", "97,131,3,8,false", "2,3,1,8,false", "640,480,3,8,false"})
    void equalsTheDecoderAtEveryLevel(int w, int h, int c, int bits, boolean signed) {
        check(TestFrames.synthetic(new ImageSpec(w, h, c, bits, signed), 42));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dicom/ct-series/pancreatic-ct-cbct-seg_001/1-067.dcm", "dicom/wg04/RG2/RG2_UNC.dcm"})
    void equalsTheDecoderOnRealFrames(String file) throws Exception {
        Path p = SharedData.require(file);
        check(TestFrames.dicomFrame(p));
    }

    private static void check(Samples s) {
        ImageSpec spec = s.spec();
        byte[] stream = HtCodec.encode(s);
        long[] values = new long[spec.sampleCount()];
        for (int y = 0, i = 0; y < spec.height(); y++) {
            for (int x = 0; x < spec.width(); x++) {
                for (int k = 0; k < spec.components(); k++) {
                    values[i++] = s.get(x, y, k);
                }
            }
        }
        int levels = Levels.count(spec.width(), spec.height());
        for (int k = 0; k <= levels; k++) {
            Samples decoded = HtCodec.decode(stream, k);
            long[] expected = new long[decoded.spec().sampleCount()];
            for (int y = 0, i = 0; y < decoded.spec().height(); y++) {
                for (int x = 0; x < decoded.spec().width(); x++) {
                    for (int c = 0; c < spec.components(); c++) {
                        expected[i++] = decoded.get(x, y, c);
                    }
                }
            }
            long[] reduced = LowPass53.reduce(values, spec.width(), spec.height(), spec.components(), k,
                    spec.minValue(), spec.maxValue());
            assertArrayEquals(expected, reduced, spec + " level " + k);
        }
    }

    /**
     * The float low-pass (no roundings) keeps what a 5/3 low-pass keeps: a plane a + b x + c y is sampled at the
     * even positions exactly (on lines of odd length its high-pass is 0 everywhere, the symmetric extension
     * included: 33x17 stays odd down to level 3); and it equals the integer low-pass where that one rounds nothing.
     */
    @Test
    void floatLowPassKeepsPlanesAndMatchesTheIntegerOneWithoutRounding() {
        int w = 33;
        int h = 17;
        double[] plane = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                plane[y * w + x] = 1.5 - 0.25 * x + 3.0 * y;
            }
        }
        for (int k = 1; k <= 3; k++) {
            double[] r = LowPass53.reduce(plane, w, h, k);
            int wk = Levels.size(w, k);
            for (int y = 0; y < Levels.size(h, k); y++) {
                for (int x = 0; x < wk; x++) {
                    assertEquals(1.5 - 0.25 * (x << k) + 3.0 * (y << k), r[y * wk + x], 1e-9,
                            "level " + k + " (" + x + "," + y + ")");
                }
            }
        }
        long[] steps = new long[w * h];
        double[] same = new double[w * h];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = 4L * (i % w) + 8L * (i / w);
            same[i] = steps[i];
        }
        long[] integer = LowPass53.reduce(steps, w, h, 1, 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double[] floating = LowPass53.reduce(same, w, h, 1);
        for (int i = 0; i < integer.length; i++) {
            assertEquals(integer[i], floating[i], 0.0, "sample " + i);
        }
    }
}
