package org.mist.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mist.testing.TestFrames;

class HtCodecTest {

    @Test
    void reportsTheLibraryVersion() {
        assertTrue(HtCodec.openJphVersion().matches("\\d+\\.\\d+\\.\\d+"), HtCodec.openJphVersion());
    }

    @Test
    void verifiedEncodeRoundTripsEveryFormat() {
        for (ImageSpec spec : new ImageSpec[]{ImageSpec.grey(97, 61, 8, false), ImageSpec.grey(97, 61, 12, false),
                ImageSpec.grey(97, 61, 16, false), ImageSpec.grey(97, 61, 16, true), ImageSpec.rgb8(97, 61)}) {
            Samples s = TestFrames.synthetic(spec, 9);
            assertNull(s.firstDifference(HtCodec.decode(HtCodec.encodeVerified(s))), spec.toString());
        }
    }

    @Test
    void signedSamplesKeepTheirSign() {
        short[] v = {-32768, -1, 0, 1, 32767, -1000, 1000, -2};
        Samples s = Samples.ofShorts(ImageSpec.grey(4, 2, 16, true), v, false);
        Samples back = HtCodec.decode(HtCodec.encodeVerified(s));
        assertEquals(-32768, back.get(0, 0, 0));
        assertEquals(-1000, back.get(1, 1, 0));
    }

    /** Samples above the declared bit depth cannot be held: verification must catch it, not store them. */
    @Test
    void verificationRefusesSamplesOutsideTheBitDepth() {
        short[] v = new short[64 * 64];
        v[100] = (short) 0x1FFF;  // 13 bits in a 12-bit frame, as overlay bits would be
        Samples s = Samples.ofShorts(ImageSpec.grey(64, 64, 12, false), v, false);
        LosslessnessException e = assertThrows(LosslessnessException.class, () -> HtCodec.encodeVerified(s));
        assertTrue(e.getMessage().contains("not lossless"), e.getMessage());
    }

    @Test
    void reducedSamplesStayInTheStoredRange() {
        // a checkerboard of extremes overshoots in the 5/3 low-pass band unless clamped
        ImageSpec spec = ImageSpec.grey(256, 256, 12, false);
        short[] v = new short[256 * 256];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (((i / 256) / 3 + (i % 256) / 3) % 2 == 0 ? 0 : 4095);
        }
        byte[] cs = HtCodec.encode(Samples.ofShorts(spec, v, false));
        for (int k = 1; k <= Levels.count(256, 256); k++) {
            Samples s = HtCodec.decode(cs, k);
            for (short x : s.shorts()) {
                assertTrue(x >= 0 && x <= 4095, "level " + k + " sample " + x);
            }
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ImageSpec.grey(0, 5, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new ImageSpec(5, 5, 5, 8, false));
        assertThrows(IllegalArgumentException.class, () -> Samples.ofBytes(ImageSpec.grey(4, 4, 12, false), new byte[16], false));
        assertThrows(IllegalArgumentException.class, () -> Samples.ofBytes(ImageSpec.grey(4, 4, 8, false), new byte[3], false));
        byte[] cs = HtCodec.encode(TestFrames.synthetic(ImageSpec.grey(80, 80, 8, false), 1));
        CodecException e = assertThrows(CodecException.class, () -> HtCodec.decode(cs, 5));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }
}
