package org.mist.codestream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed single-tile JPEG 2000 / HTJ2K codestream: the main header's marker segments, the coding
 * parameters the packet walk needs, and the tile-parts, all as offsets into the original bytes.
 * Parsing refuses what the rewrite rules do not cover (several tiles, POC/PPM/PPT/RGN, tile-part coding
 * parameters, components with different decomposition counts).
 */
public final class Codestream {
    static final int RPCL = 2;

    final byte[] data;
    final List<Segment> main;
    final Siz siz;
    final CodingStyle[] styles;
    final int scod;
    final int layers;
    final List<TilePart> tileParts;

    private Codestream(byte[] data, List<Segment> main, Siz siz, CodingStyle[] styles, int scod, int layers,
                       List<TilePart> tileParts) {
        this.data = data;
        this.main = main;
        this.siz = siz;
        this.styles = styles;
        this.scod = scod;
        this.layers = layers;
        this.tileParts = tileParts;
    }

    public static Codestream parse(byte[] data) {
        int end = data.length;
        if (Bytes.u16(data, 0, end) != Markers.SOC) {
            throw new CodestreamException("not a JPEG 2000 codestream: no SOC marker");
        }
        List<Segment> main = new ArrayList<>();
        int pos = 2;
        while (true) {
            int marker = Bytes.u16(data, pos, end);
            if (marker == Markers.SOT) {
                break;
            }
            Segment s = segmentAt(data, pos, marker, "main header");
            switch (marker) {
                case Markers.POC, Markers.PPM, Markers.RGN ->
                        throw new CodestreamException(Markers.name(marker) + " in the main header is not supported");
                case Markers.SOD, Markers.EOC -> throw new CodestreamException(Markers.name(marker) + " before the first SOT");
                default -> main.add(s);
            }
            pos = s.end();
        }
        if (main.isEmpty() || main.get(0).marker() != Markers.SIZ) {
            throw new CodestreamException("SIZ must follow SOC");
        }
        Siz siz = Siz.parse(data, main.get(0));
        if (siz.tilesAcross() * siz.tilesDown() != 1) {
            throw new CodestreamException("codestream has " + siz.tilesAcross() * siz.tilesDown() + " tiles: only one is supported");
        }
        Segment cod = only(main, Markers.COD);
        only(main, Markers.QCD);
        int p = cod.body();
        int scod = Bytes.u8(data, p, cod.end());
        int progression = Bytes.u8(data, p + 1, cod.end());
        int layers = Bytes.u16(data, p + 2, cod.end());
        if (layers < 1) {
            throw new CodestreamException("COD gives 0 quality layers");
        }
        boolean userPrecincts = (scod & 1) != 0;
        CodingStyle defaults = CodingStyle.parse(data, p + 5, cod.end(), userPrecincts);
        if (cod.length() != 9 + CodingStyle.spLength(defaults.levels(), userPrecincts)) {
            throw new CodestreamException("COD length " + cod.length() + " does not match its contents");
        }
        CodingStyle[] styles = new CodingStyle[siz.components().length];
        Arrays.fill(styles, defaults);
        for (Segment coc : main) {
            if (coc.marker() == Markers.COC) {
                int cb = componentBytes(siz);
                int c = cb == 1 ? Bytes.u8(data, coc.body(), coc.end()) : Bytes.u16(data, coc.body(), coc.end());
                if (c >= styles.length) {
                    throw new CodestreamException("COC for component " + c + " of " + styles.length);
                }
                boolean user = (Bytes.u8(data, coc.body() + cb, coc.end()) & 1) != 0;
                styles[c] = CodingStyle.parse(data, coc.body() + cb + 1, coc.end(), user);
            }
        }
        for (CodingStyle s : styles) {
            if (s.levels() != defaults.levels()) {
                throw new CodestreamException("components with different decomposition counts are not supported");
            }
        }
        if (progression != RPCL) {
            throw new CodestreamException("progression order " + progression + " is not RPCL");
        }
        List<TilePart> tileParts = parseTileParts(data, pos);
        return new Codestream(data, List.copyOf(main), siz, styles, scod, layers, tileParts);
    }

    private static List<TilePart> parseTileParts(byte[] data, int pos) {
        int end = data.length;
        List<TilePart> parts = new ArrayList<>();
        while (Bytes.u16(data, pos, end) == Markers.SOT) {
            int sot = pos;
            if (Bytes.u16(data, sot + 2, end) != 10) {
                throw new CodestreamException("SOT length must be 10");
            }
            int isot = Bytes.u16(data, sot + 4, end);
            long psot = Bytes.u32(data, sot + 6, end);
            int tpsot = Bytes.u8(data, sot + 10, end), tnsot = Bytes.u8(data, sot + 11, end);
            if (isot != 0) {
                throw new CodestreamException("tile index " + isot + ": only one tile is supported");
            }
            if (tpsot != parts.size()) {
                throw new CodestreamException("tile-part " + tpsot + " where " + parts.size() + " was expected");
            }
            long partEnd = psot == 0 ? end - 2 : sot + psot;
            if (psot != 0 && psot < 14 || partEnd > end) {
                throw new CodestreamException("SOT at " + sot + " claims Psot " + psot + ", the codestream has "
                        + (end - sot) + " bytes from there");
            }
            List<Segment> header = new ArrayList<>();
            pos = sot + 12;
            int marker;
            while ((marker = Bytes.u16(data, pos, (int) partEnd)) != Markers.SOD) {
                Segment s = segmentAt(data, pos, marker, "tile-part header");
                if (s.end() > partEnd) {
                    throw new CodestreamException("tile-part header runs past Psot");
                }
                switch (marker) {
                    case Markers.PPT, Markers.POC, Markers.RGN, Markers.COD, Markers.COC, Markers.QCD, Markers.QCC ->
                            throw new CodestreamException(Markers.name(marker) + " in a tile-part header is not supported");
                    default -> header.add(s);
                }
                pos = s.end();
            }
            parts.add(new TilePart(sot, psot, tpsot, tnsot, List.copyOf(header), pos + 2, (int) partEnd));
            pos = (int) partEnd;
        }
        if (parts.isEmpty()) {
            throw new CodestreamException("no tile-part");
        }
        if (Bytes.u16(data, pos, end) != Markers.EOC) {
            throw new CodestreamException(String.format("expected EOC at offset %d, found 0x%04X", pos,
                    Bytes.u16(data, pos, end)));
        }
        return List.copyOf(parts);
    }

    private static Segment segmentAt(byte[] data, int pos, int marker, String where) {
        if (marker >>> 8 != 0xFF || marker < 0xFF30) {
            throw new CodestreamException(String.format("%s: 0x%04X at offset %d is not a marker", where, marker, pos));
        }
        int length = Bytes.u16(data, pos + 2, data.length);
        if (length < 2) {
            throw new CodestreamException(where + ": " + Markers.name(marker) + " has length " + length);
        }
        Bytes.check(pos, length + 2, data.length);
        return new Segment(marker, pos, length + 2);
    }

    private static Segment only(List<Segment> segments, int marker) {
        Segment found = null;
        for (Segment s : segments) {
            if (s.marker() == marker) {
                if (found != null) {
                    throw new CodestreamException("two " + Markers.name(marker) + " segments in the main header");
                }
                found = s;
            }
        }
        if (found == null) {
            throw new CodestreamException("no " + Markers.name(marker) + " in the main header");
        }
        return found;
    }

    static int componentBytes(Siz siz) {
        return siz.components().length < 257 ? 1 : 2;
    }

    public Siz siz() {
        return siz;
    }

    /** Decomposition levels N: the codestream holds resolutions 0..N, levels 0..N. */
    public int levels() {
        return styles[0].levels();
    }

    public int width() {
        return siz.width();
    }

    public int height() {
        return siz.height();
    }

    public int tilePartCount() {
        return tileParts.size();
    }

    /** Tile-part lengths listed by the TLM segments of the main header (empty without TLM). */
    long[] tlmLengths() {
        List<Long> out = new ArrayList<>();
        for (Segment s : main) {
            if (s.marker() != Markers.TLM) {
                continue;
            }
            int stlm = Bytes.u8(data, s.body() + 1, s.end());
            int tBytes = (stlm >> 4) & 3, pBytes = (stlm & 0x40) != 0 ? 4 : 2;
            for (int p = s.body() + 2; p + tBytes + pBytes <= s.end(); p += tBytes + pBytes) {
                out.add(pBytes == 4 ? Bytes.u32(data, p + tBytes, s.end()) : Bytes.u16(data, p + tBytes, s.end()));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    boolean sop() {
        return (scod & 2) != 0;
    }

    boolean eph() {
        return (scod & 4) != 0;
    }

    /** The tile's data: the bodies of all tile-parts, in order (shared, not copied, when there is one). */
    TileData tileData() {
        if (tileParts.size() == 1) {
            TilePart tp = tileParts.get(0);
            return new TileData(data, tp.bodyOffset(), tp.bodyEnd());
        }
        int total = 0;
        for (TilePart tp : tileParts) {
            total += tp.bodyLength();
        }
        byte[] joined = new byte[total];
        int at = 0;
        for (TilePart tp : tileParts) {
            System.arraycopy(data, tp.bodyOffset(), joined, at, tp.bodyLength());
            at += tp.bodyLength();
        }
        return new TileData(joined, 0, total);
    }

    /** A contiguous run of tile data: bytes [start, end) of {@code bytes}. */
    record TileData(byte[] bytes, int start, int end) {
        int length() {
            return end - start;
        }
    }
}
