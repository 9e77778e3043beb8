package org.mist.codestream;

import java.util.Arrays;
import java.util.List;

/**
 * Walks every packet of a single-tile RPCL codestream (15444-1 Annex B; 15444-15 for the HT codeword
 * segments) to find where each resolution's packets end in the tile data. Nothing is decoded: the walk
 * reads packet headers and skips the code-block bytes they announce, checking as it goes that the
 * announced lengths are consistent (HT cleanup suffixes, exact end of tile).
 */
final class PacketWalker {
    private final Codestream cs;
    private final byte[] d;
    private final int end;

    // Per packet: the code-block contributions in header order, as segment lengths with a cleanup flag.
    private long[] segments = new long[64];
    private int segmentCount;

    private PacketWalker(Codestream cs, Codestream.TileData tile) {
        this.cs = cs;
        this.d = tile.bytes();
        this.end = tile.end();
    }

    /**
     * Offsets, relative to the start of the tile data, at which each resolution's packets end:
     * element r is the end of resolution r (resolution 0 is the smallest).
     */
    static int[] resolutionEnds(Codestream cs, Codestream.TileData tile) {
        return new PacketWalker(cs, tile).walk(tile.start());
    }

    private int[] walk(int start) {
        List<Precinct> precincts = Precinct.allInRpclOrder(cs);
        int[] ends = new int[cs.levels() + 1];
        int pos = start;
        int resolution = 0;
        for (Precinct p : precincts) {
            while (resolution < p.resolution) {
                ends[resolution++] = pos - start;
            }
            for (int layer = 0; layer < cs.layers; layer++) {
                pos = packet(p, layer, pos);
            }
        }
        while (resolution < ends.length) {
            ends[resolution++] = pos - start;
        }
        if (pos != end) {
            throw new CodestreamException("the packets end at byte " + (pos - start) + " of " + (end - start)
                    + " in the tile: the packet walk does not match the data");
        }
        return ends;
    }

    /** Parses one packet at {@code pos}; returns the offset after its body. */
    private int packet(Precinct p, int layer, int pos) {
        if (cs.sop() && pos + 6 <= end && Bytes.u16(d, pos, end) == Markers.SOP) {
            pos += 6;
        }
        boolean ht = cs.styles[p.component].ht();
        BitReader in = new BitReader(d, pos, end);
        segmentCount = 0;
        if (in.bit() == 1) {
            for (Precinct.Band band : p.bands) {
                codeBlocks(band, layer, ht, in);
            }
        }
        pos = in.align();
        if (cs.eph()) {
            if (Bytes.u16(d, pos, end) != Markers.EPH) {
                throw new CodestreamException("EPH marker expected at offset " + pos);
            }
            pos += 2;
        }
        for (int i = 0; i < segmentCount; i++) {
            long length = segments[i] >>> 1;
            if (length > end - pos) {
                throw new CodestreamException("a code-block segment of " + length + " bytes runs past the tile data");
            }
            if ((segments[i] & 1) != 0) {
                checkCleanupSuffix(pos, (int) length);
            }
            pos += (int) length;
        }
        return pos;
    }

    private void codeBlocks(Precinct.Band band, int layer, boolean ht, BitReader in) {
        for (int j = 0; j < band.blocksHigh; j++) {
            for (int i = 0; i < band.blocksWide; i++) {
                int cb = j * band.blocksWide + i;
                boolean firstTime = !band.included[cb];
                boolean inThisLayer = firstTime
                        ? TagTree.known(band.inclusion.decode(in, i, j, layer + 1))
                        : in.bit() == 1;
                if (!inThisLayer) {
                    continue;
                }
                if (firstTime) {
                    band.zeroBitPlanes.decode(in, i, j, Integer.MAX_VALUE - 1);
                    band.included[cb] = true;
                }
                int newPasses = passCount(in);
                while (in.bit() == 1) {
                    if (++band.lblock[cb] > 32) {
                        throw new CodestreamException("Lblock above 32: the packet header is corrupt");
                    }
                }
                if (ht) {
                    htSegments(band, cb, newPasses, in);
                } else {
                    addSegment(in.bits(band.lblock[cb] + floorLog2(newPasses)), false);
                    band.passes[cb] += newPasses;
                }
            }
        }
    }

    /**
     * Segment lengths of an HT code-block's contribution (15444-15 B.3): the cleanup pass, with any
     * placeholder passes before it, forms one codeword segment; SigProp and MagRef form the next. Each
     * length takes Lblock + floor(log2(passes in that segment)) bits.
     */
    private void htSegments(Precinct.Band band, int cb, int newPasses, BitReader in) {
        int lblock = band.lblock[cb];
        int remaining;
        int nextSegmentPasses;
        if (band.beforeCleanup[cb]) {
            int placeholders = (band.passes[cb] + newPasses - 1) % 3;
            int cleanupPasses = newPasses - placeholders;
            if (cleanupPasses < 1) {
                requireZero(in.bits(lblock + floorLog2(newPasses)));
                band.passes[cb] += newPasses;
                return;
            }
            long length = in.bits(lblock + floorLog2(cleanupPasses));
            if (length == 0) {
                // Only placeholder passes after all: the length field was wider.
                requireZero(in.bits(floorLog2(newPasses) - floorLog2(cleanupPasses)));
                band.passes[cb] += newPasses;
                return;
            }
            addSegment(length, true);
            band.beforeCleanup[cb] = false;
            band.passes[cb] += cleanupPasses;
            remaining = newPasses - cleanupPasses;
            nextSegmentPasses = 2;
        } else {
            int phase = band.passes[cb] % 3;
            int first = phase == 0 ? 1 : newPasses > 1 ? 3 - phase : 1;
            addSegment(in.bits(lblock + floorLog2(first)), phase == 0);
            band.passes[cb] += first;
            remaining = newPasses - first;
            nextSegmentPasses = phase == 0 ? 2 : 1;
        }
        while (remaining > 0) {
            int passes = remaining > 1 ? nextSegmentPasses : 1;
            addSegment(in.bits(lblock + floorLog2(passes)), nextSegmentPasses == 1);
            nextSegmentPasses = 3 - nextSegmentPasses;
            band.passes[cb] += passes;
            remaining -= passes;
        }
    }

    /** Number of new coding passes (15444-1 Table B.4). */
    private static int passCount(BitReader in) {
        if (in.bit() == 0) {
            return 1;
        }
        if (in.bit() == 0) {
            return 2;
        }
        int v = (int) in.bits(2);
        if (v < 3) {
            return 3 + v;
        }
        v = (int) in.bits(5);
        if (v < 31) {
            return 6 + v;
        }
        return 37 + (int) in.bits(7);
    }

    /**
     * An HT cleanup segment ends with Scup, its suffix length, in 12 bits spread over its last two bytes
     * (15444-15 7.1.2); it lies between 2 and min(Lcup, 4079). A wrong boundary almost never satisfies this.
     */
    private void checkCleanupSuffix(int pos, int length) {
        if (length < 2) {
            throw new CodestreamException("HT cleanup segment of " + length + " bytes at offset " + pos);
        }
        int scup = (d[pos + length - 1] & 0xFF) << 4 | d[pos + length - 2] & 0x0F;
        if (scup < 2 || scup > Math.min(length, 4079)) {
            throw new CodestreamException("HT cleanup segment at offset " + pos + " has Scup " + scup
                    + " for " + length + " bytes: the segment boundaries are wrong");
        }
    }

    private void addSegment(long length, boolean cleanup) {
        if (segmentCount == segments.length) {
            segments = Arrays.copyOf(segments, segments.length * 2);
        }
        segments[segmentCount++] = length << 1 | (cleanup ? 1 : 0);
    }

    private static void requireZero(long length) {
        if (length != 0) {
            throw new CodestreamException("placeholder passes announce " + length + " bytes");
        }
    }

    private static int floorLog2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }
}
