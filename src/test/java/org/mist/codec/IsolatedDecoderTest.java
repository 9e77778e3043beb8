package org.mist.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mist.testing.TestFrames;

/**
 * Codestreams from outside are decoded in a child process: hostile ones end in a CodecException with a
 * reason, never in a crashed JVM or a hung thread (OpenJPH 0.9 asserts and loops on some; seen here).
 */
class IsolatedDecoderTest {
    private static final Samples SOURCE = TestFrames.synthetic(ImageSpec.grey(96, 80, 12, false), 5);
    private static final byte[] VALID = HtCodec.encode(SOURCE);
    private final IsolatedDecoder decoder = new IsolatedDecoder(Duration.ofSeconds(5), 1L << 30);

    @Test
    void decodesLikeTheInProcessCodecAtEveryLevel() {
        for (int k = 0; k <= Levels.count(96, 80); k++) {
            assertNull(HtCodec.decode(VALID, k).firstDifference(decoder.decode(VALID, k)), "level " + k);
        }
        Samples rgb = TestFrames.synthetic(ImageSpec.rgb8(70, 50), 2);
        assertNull(rgb.firstDifference(decoder.decode(HtCodec.encode(rgb), 0)));
    }

    @Test
    void garbageTruncatedAndHuge() {
        byte[] junk = new byte[1000];
        new Random(3).nextBytes(junk);
        reason(junk);
        reason(Arrays.copyOf(VALID, 30));
        byte[] huge = VALID.clone();
        for (int field : new int[]{8, 12, 24, 28}) {  // Xsiz, Ysiz, XTsiz, YTsiz = 2^31
            huge[field] = (byte) 0x80;
            huge[field + 1] = huge[field + 2] = huge[field + 3] = 0;
        }
        reason(huge);
        assertTrue(reason(VALID, 9).contains("exceeds"), "skip beyond the levels is named");
    }

    @Test
    void inProcessDecoderRefusesGarbageWithAMessage() {
        byte[] junk = new byte[300];
        new Random(4).nextBytes(junk);
        CodecException e = assertThrows(CodecException.class, () -> HtCodec.decode(junk));
        assertTrue(e.getMessage().contains("OpenJPH"), e.getMessage());
    }

    @Test
    void fuzz() {
        Random random = new Random(11);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            for (int i = 0; i < 1500; i++) {
                byte[] m = VALID.clone();
                for (int j = 1 + random.nextInt(4); j > 0; j--) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
                try {
                    Samples s = decoder.decode(m, random.nextInt(3));
                    assertTrue(s.spec().width() > 0);
                    outcomes[0]++;
                } catch (CodecException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                    outcomes[1]++;
                }
            }
        });
        assertEquals(1500, outcomes[0] + outcomes[1]);
        System.out.printf("isolated decoder fuzz: %d decoded, %d refused%n", outcomes[0], outcomes[1]);
    }

    private String reason(byte[] codestream) {
        return reason(codestream, 0);
    }

    private String reason(byte[] codestream, int skip) {
        CodecException e = assertThrows(CodecException.class, () -> decoder.decode(codestream, skip));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        return e.getMessage();
    }
}
