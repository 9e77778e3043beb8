package org.mist.codestream;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the standalone codestream of resolution level k out of a split codestream: a normal codestream
 * of the reduced size that any decoder reads with no options and that gives exactly the samples of the
 * full stream decoded with skip k. Nothing is re-encoded; only headers change (15444-1 A.5, A.6):
 * <ul>
 * <li>SIZ: Xsiz, Ysiz, XOsiz, YOsiz become ceil(v / 2^k); the single tile is moved and sized with them;</li>
 * <li>COD/COC: r = N - k decomposition levels, precinct sizes cut to the first r + 1;</li>
 * <li>QCD/QCC: the first 1 + 3r subband entries;</li>
 * <li>tile-parts 0..r as they are, a TLM with r + 1 entries, EOC.</li>
 * </ul>
 */
public final class LevelCutter {
    private static final int QUANT_NONE = 0, QUANT_SCALAR_DERIVED = 1, QUANT_SCALAR_EXPOUNDED = 2;

    private LevelCutter() {
    }

    /**
     * @param codestream a codestream in the split layout (one tile-part per resolution), or the level's
     *                   prefix of one followed by EOC; a single-tile-part RPCL stream is split first
     */
    public static byte[] standalone(byte[] codestream, int level) {
        Codestream cs = Codestream.parse(codestream);
        int n = cs.levels();
        if (level < 0 || level > n) {
            throw new IllegalArgumentException("level " + level + " outside 0.." + n);
        }
        int r = n - level;
        boolean split = cs.tilePartCount() == n + 1 || cs.tlmLengths().length == n + 1;
        if (!split) {
            cs = Codestream.parse(ResolutionSplitter.split(codestream).bytes());
        } else if (cs.tilePartCount() < r + 1) {
            throw new CodestreamException("level " + level + " needs " + (r + 1) + " tile-parts, the stream has "
                    + cs.tilePartCount());
        }
        for (Siz.Component c : cs.siz.components()) {
            if (c.xr() != 1 || c.yr() != 1) {
                throw new CodestreamException("subsampled components cannot be reduced");
            }
        }
        List<TilePartWriter.Range> main = new ArrayList<>();
        for (TilePartWriter.Range s : ResolutionSplitter.keptMainSegments(cs)) {
            main.add(level == 0 ? s : rewritten(cs, s, level, r));
        }
        List<TilePartWriter.Range> bodies = new ArrayList<>(r + 1);
        for (TilePart tp : cs.tileParts.subList(0, r + 1)) {
            bodies.add(new TilePartWriter.Range(cs.data, tp.bodyOffset(), tp.bodyEnd()));
        }
        return TilePartWriter.write(main, ResolutionSplitter.firstTilePartHeader(cs), bodies, new long[r + 1]);
    }

    private static TilePartWriter.Range rewritten(Codestream cs, TilePartWriter.Range s, int k, int r) {
        byte[] d = s.bytes();
        int p = s.from() + 4, end = s.to();
        int cb = Codestream.componentBytes(cs.siz);
        byte[] out = switch (Bytes.u16(d, s.from(), end)) {
            case Markers.SIZ -> cs.siz.reduced(k);
            case Markers.COD -> segment(Markers.COD, d, p, 5, codingParameters(d, p + 5, end, r, d[p]));
            case Markers.COC -> segment(Markers.COC, d, p, cb + 1, codingParameters(d, p + cb + 1, end, r, d[p + cb]));
            case Markers.QCD -> segment(Markers.QCD, d, p, 0, quantisation(d, p, end, r));
            case Markers.QCC -> segment(Markers.QCC, d, p, cb, quantisation(d, p + cb, end, r));
            default -> null;
        };
        return out == null ? s : new TilePartWriter.Range(out, 0, out.length);
    }

    /**
     * A marker segment made of {@code headLength} bytes copied from {@code p} (Scod+SGcod, Ccoc+Scoc, or
     * Cqcc) and the rewritten parameters that follow them.
     */
    private static byte[] segment(int marker, byte[] d, int p, int headLength, byte[] tail) {
        byte[] out = new byte[4 + headLength + tail.length];
        Bytes.put16(out, 0, marker);
        Bytes.put16(out, 2, out.length - 2);
        System.arraycopy(d, p, out, 4, headLength);
        System.arraycopy(tail, 0, out, 4 + headLength, tail.length);
        return out;
    }

    /** SPcod/SPcoc with r levels; {@code scod} is the Scod/Scoc byte (bit 0: precinct sizes follow). */
    private static byte[] codingParameters(byte[] d, int q, int end, int r, byte scod) {
        boolean userPrecincts = (scod & 1) != 0;
        byte[] out = new byte[CodingStyle.spLength(r, userPrecincts)];
        Bytes.check(q, out.length, end);
        System.arraycopy(d, q, out, 0, out.length);
        out[0] = (byte) r;
        return out;
    }

    /** Sqcd/Sqcc and the first 1 + 3r step entries (one byte each without quantisation, else two). */
    private static byte[] quantisation(byte[] d, int q, int end, int r) {
        int style = Bytes.u8(d, q, end) & 0x1F;
        int length = switch (style) {
            case QUANT_NONE -> 1 + (1 + 3 * r);
            case QUANT_SCALAR_DERIVED -> 3;  // one base step; derived steps do not depend on N
            case QUANT_SCALAR_EXPOUNDED -> 1 + 2 * (1 + 3 * r);
            default -> throw new CodestreamException("quantisation style " + style + " is not defined");
        };
        if (q + length > end) {
            throw new CodestreamException("quantisation segment has fewer entries than the subbands need");
        }
        byte[] out = new byte[length];
        System.arraycopy(d, q, out, 0, length);
        return out;
    }
}
