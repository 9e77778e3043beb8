package org.mist.codestream;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a single-tile RPCL codestream into one tile-part per resolution with a TLM marker, without
 * re-encoding: the packet walk finds where each resolution's packets end and the tile data is cut there.
 * The result depends only on the input bytes, so stored frames look the same whichever OpenJPH made them.
 */
public final class ResolutionSplitter {
    private ResolutionSplitter() {
    }

    public static SplitCodestream split(byte[] codestream) {
        Codestream cs = Codestream.parse(codestream);
        Codestream.TileData tile = cs.tileData();
        int[] ends = PacketWalker.resolutionEnds(cs, tile);
        List<TilePartWriter.Range> bodies = new ArrayList<>(ends.length);
        int from = tile.start();
        for (int end : ends) {
            bodies.add(new TilePartWriter.Range(tile.bytes(), from, tile.start() + end));
            from = tile.start() + end;
        }
        List<TilePartWriter.Range> main = keptMainSegments(cs);
        long[] psot = new long[ends.length];
        byte[] out = TilePartWriter.write(main, firstTilePartHeader(cs), bodies, psot);
        return new SplitCodestream(out, cs.width(), cs.height(), cs.levels(), levelEnds(main, psot));
    }

    /** The main header minus TLM and PLM, which the new tile-parts would make stale. */
    static List<TilePartWriter.Range> keptMainSegments(Codestream cs) {
        List<TilePartWriter.Range> kept = new ArrayList<>();
        for (Segment s : cs.main) {
            if (s.marker() != Markers.TLM && s.marker() != Markers.PLM) {
                kept.add(new TilePartWriter.Range(cs.data, s.offset(), s.end()));
            }
        }
        return kept;
    }

    /** The first tile-part's header segments but PLT (packet lengths no longer match the tile-parts). */
    static TilePartWriter.Range firstTilePartHeader(Codestream cs) {
        List<Segment> header = cs.tileParts.get(0).header();
        byte[] out = new byte[header.stream().filter(s -> s.marker() != Markers.PLT).mapToInt(Segment::length).sum()];
        int at = 0;
        for (Segment s : header) {
            if (s.marker() != Markers.PLT) {
                System.arraycopy(cs.data, s.offset(), out, at, s.length());
                at += s.length();
            }
        }
        return new TilePartWriter.Range(out, 0, out.length);
    }

    /** levelEnds[k] = end of tile-part N - k, counted from the start of the codestream. */
    static int[] levelEnds(List<TilePartWriter.Range> main, long[] psot) {
        long header = 2 + 6 + 6L * psot.length;
        for (TilePartWriter.Range r : main) {
            header += r.length();
        }
        int n = psot.length - 1;
        int[] ends = new int[psot.length];
        long at = header;
        for (int r = 0; r <= n; r++) {
            at += psot[r];
            ends[n - r] = (int) at;
        }
        return ends;
    }
}
