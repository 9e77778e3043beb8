package org.mist.codestream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Assumptions;
import org.mist.codec.HtCodec;
import org.mist.codec.ImageSpec;
import org.mist.codec.Levels;
import org.mist.codec.LosslessnessException;
import org.mist.codec.Samples;
import org.mist.testing.Oracles;

/**
 * The oracles of DESIGN section 4 for one frame: encode, split, then
 * (i) the full decode is bit-exact, before and after splitting;
 * (ii) every level's prefix plus EOC decodes to the skip-k decode of the full stream;
 * (iii) the standalone level-k stream decodes, with OpenJPH and the installed independent decoders and
 *       no reduce option, to exactly those samples;
 * (iv) TLM lists the Psot values; splitting is idempotent.
 */
final class OracleCheck {
    private OracleCheck() {
    }

    static SplitCodestream check(String name, Samples source) throws Exception {
        ImageSpec spec = source.spec();
        byte[] encoded = HtCodec.encode(source);
        String lost = source.firstDifference(HtCodec.decode(encoded, encoded.length, false, 0, source.planar()));
        if (lost != null && Levels.count(spec.width(), spec.height()) == 0) {
            // OpenJPH 0.21 (Debian 13) does not code some frames losslessly without a wavelet level; its own
            // ojph_compress -num_decomps 0 loses them too. The verified encode must refuse them, so that the
            // ingest keeps such a frame in the lossless fallback (FrameEncoder).
            assertThrows(LosslessnessException.class, () -> HtCodec.encodeVerified(source), name + ": a lossy encode passed the check");
            System.err.println("*** " + name + ": OpenJPH " + HtCodec.openJphVersion() + " loses samples at 0 levels (" + lost
                    + "); the verified encode refuses it, the ingest keeps the frame in the fallback ***");
            Assumptions.abort("OpenJPH " + HtCodec.openJphVersion() + " is not lossless at 0 levels for " + name);
        }
        assertNull(lost, name + ": full decode is not lossless");

        SplitCodestream split = ResolutionSplitter.split(encoded);
        int n = Levels.count(spec.width(), spec.height());
        assertEquals(n, split.levels(), name + ": decomposition levels");
        assertNull(source.firstDifference(HtCodec.decode(split.bytes(), split.bytes().length, false, 0, source.planar())),
                name + ": split stream is not lossless");

        Codestream parsed = Codestream.parse(split.bytes());
        assertEquals(n + 1, parsed.tilePartCount(), name + ": one tile-part per resolution");
        long[] psot = parsed.tileParts.stream().mapToLong(TilePart::psot).toArray();
        assertArrayEquals(psot, parsed.tlmLengths(), name + ": TLM == Psot");
        assertArrayEquals(split.bytes(), ResolutionSplitter.split(split.bytes()).bytes(), name + ": split is idempotent");

        for (int k = 0; k <= n; k++) {
            Samples reference = HtCodec.decode(encoded, k);
            assertEquals(spec.atLevel(k), reference.spec(), name + ": size at level " + k);
            assertNull(reference.firstDifference(HtCodec.decode(split.bytes(), k)),
                    name + ": split stream at level " + k);
            assertNull(reference.firstDifference(HtCodec.decodePrefix(split.bytes(), split.levelEnds()[k], k)),
                    name + ": prefix of level " + k);
            assertNull(reference.firstDifference(HtCodec.decode(split.prefix(k), k)),
                    name + ": prefix+EOC copy of level " + k);
            byte[] standalone = split.standalone(k);
            assertNull(reference.firstDifference(HtCodec.decode(standalone)), name + ": standalone level " + k);
            for (Oracles oracle : Oracles.available()) {
                assertNull(reference.firstDifference(oracle.decode(standalone, reference.spec())),
                        name + ": " + oracle + " on standalone level " + k);
            }
        }
        return split;
    }
}
