package org.mist.codestream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mist.codec.HtCodec;
import org.mist.codec.ImageSpec;
import org.mist.testing.TestFrames;

/** Garbage, truncated and hostile codestreams end in a CodestreamException with a message, quickly. */
class HostileCodestreamTest {
    private static final byte[] VALID = HtCodec.encode(TestFrames.synthetic(ImageSpec.rgb8(150, 130), 3));
    private static final byte[] SPLIT = ResolutionSplitter.split(VALID).bytes();

    @Test
    void randomBytes() {
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[random.nextInt(4000)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length >= 2) {
                junk[0] = (byte) 0xFF;  // half of them start like a codestream
                junk[1] = 0x4F;
            }
            refused(junk);
        }
    }

    @Test
    void everyTruncation() {
        for (int length = 0; length < SPLIT.length; length++) {
            refused(Arrays.copyOf(SPLIT, length));
        }
    }

    @Test
    void lyingPsot() {
        int sot = Codestream.parse(SPLIT).tileParts.get(0).sotOffset();
        byte[] longer = SPLIT.clone();
        Bytes.put32(longer, sot + 6, 0xFFFFFFF0L);
        assertTrue(refused(longer).contains("Psot"));
        byte[] shorter = SPLIT.clone();
        Bytes.put32(shorter, sot + 6, 20);
        refused(shorter);
    }

    @Test
    void sizClaimingTwoToThe31() {
        byte[] huge = VALID.clone();
        Bytes.put32(huge, 8, 1L << 31);   // Xsiz
        Bytes.put32(huge, 12, 1L << 31);  // Ysiz
        Bytes.put32(huge, 24, 1L << 31);  // XTsiz
        Bytes.put32(huge, 28, 1L << 31);  // YTsiz
        assertTrue(refused(huge).contains("SIZ claims"));
    }

    @Test
    void unsupportedFeaturesAreNamed() {
        byte[] cprl = VALID.clone();
        int cod = indexOfMarker(cprl, Markers.COD);
        cprl[cod + 5] = 4;  // progression CPRL
        assertTrue(refused(cprl).contains("not RPCL"));
    }

    /** A few thousand mutations: each one splits and cuts cleanly or is refused with a message; none hangs. */
    @Test
    void fuzz() {
        Random random = new Random(20261124);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 4000; i++) {
                byte[] m = mutate(i % 2 == 0 ? SPLIT : VALID, random);
                try {
                    SplitCodestream s = ResolutionSplitter.split(m);
                    for (int k = 0; k <= s.levels(); k++) {
                        s.standalone(k);
                    }
                    outcomes[0]++;
                } catch (CodestreamException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                    outcomes[1]++;
                }
            }
        });
        assertEquals(4000, outcomes[0] + outcomes[1]);
        assertTrue(outcomes[1] > 1000, "most mutations must be caught, refused: " + outcomes[1]);
        System.out.printf("codestream fuzz: %d accepted, %d refused%n", outcomes[0], outcomes[1]);
    }

    static byte[] mutate(byte[] source, Random random) {
        byte[] m = source.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int j = 1 + random.nextInt(4); j > 0; j--) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            case 2 -> m = Arrays.copyOf(m, random.nextInt(m.length));
            default -> {
                // a header byte: the main header is where one byte changes the most
                int at = random.nextInt(Math.min(m.length, 200));
                m[at] = (byte) random.nextInt(256);
            }
        }
        return m;
    }

    private static String refused(byte[] data) {
        CodestreamException e = assertThrows(CodestreamException.class, () -> ResolutionSplitter.split(data));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        return e.getMessage();
    }

    private static int indexOfMarker(byte[] d, int marker) {
        for (int i = 0; i + 1 < d.length; i++) {
            if ((d[i] & 0xFF) == marker >> 8 && (d[i + 1] & 0xFF) == (marker & 0xFF)) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }
}
