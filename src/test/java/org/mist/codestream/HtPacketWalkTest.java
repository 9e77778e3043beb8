package org.mist.codestream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Packet-header paths OpenJPH never writes, on a codestream built here by an independent writer:
 * HT SigProp/MagRef segments, placeholder passes (in a cleanup segment and placeholder-only
 * contributions), two quality layers, Lblock growth, and 0xFF bit-stuffing in a header. The code-block
 * bytes are not decodable; the walk does not decode them, it must only find the same boundaries.
 */
class HtPacketWalkTest {

    /** Builds a 128x64, 8-bit, N=1, 2-layer HT codestream; records where each resolution ends. */
    private static final class Built {
        final byte[] codestream;
        final byte[] res0;
        final byte[] res1;

        Built(boolean breakScup) {
            ByteArrayOutputStream tile = new ByteArrayOutputStream();
            // Resolution 0: one precinct with the LL code-block.
            Block ll = new Block();
            // layer 0: first inclusion, zero bit-planes 2, 6 passes = 3 placeholders + cleanup, then SigProp+MagRef.
            Packet p = new Packet();
            p.firstInclusion(ll, 0, 0, 2);
            p.passes(6);
            p.lblockIncrement(ll, 10);  // ten 1-bits in a row: forces a 0xFF header byte and its stuffing
            p.length(ll, 4, 700, true);
            p.length(ll, 2, 45, false);
            p.write(tile, breakScup);
            // layer 1: 1 new pass, a cleanup starting a new HT set
            p = new Packet();
            p.again(true);
            p.passes(1);
            p.lblockIncrement(ll, 0);
            p.length(ll, 1, 33, true);
            p.write(tile, false);
            res0 = tile.toByteArray();

            // Resolution 1: HL, LH, HH each one code-block.
            Block hl = new Block(), lh = new Block();
            p = new Packet();
            p.firstInclusion(hl, 0, 0, 1);  // HL: placeholder passes only (cleanup length 0)
            p.passes(3);
            p.lblockIncrement(hl, 0);
            p.placeholdersOnly(hl, 3);
            p.notYet(1);                    // LH: first included in layer 1
            p.notYet(5);                    // HH: never included
            p.write(tile, false);
            p = new Packet();
            p.again(true);                  // HL: its real cleanup now
            p.passes(1);
            p.lblockIncrement(hl, 2);
            p.length(hl, 1, 20, true);
            p.firstInclusion(lh, 1, 1, 0);  // LH
            p.passes(3);
            p.lblockIncrement(lh, 4);
            p.length(lh, 1, 90, true);
            p.length(lh, 2, 12, false);
            p.notYet(5);                    // HH, already known not before layer 5: no bit needed
            p.write(tile, false);
            byte[] all = tile.toByteArray();
            res1 = Arrays.copyOfRange(all, res0.length, all.length);
            codestream = assemble(all);
        }
    }

    /** Per-code-block state of the writer (one code-block per tag tree here, so a 1x1 tree). */
    private static final class Block {
        int lblock = 3;
    }

    private static final class Packet {
        private final BitWriter header = new BitWriter();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean nonEmpty;

        Packet() {
            header.bit(1);
            nonEmpty = true;
        }

        /** Inclusion tag tree (a single leaf) for a code-block first included in {@code inclusionLayer}, then zero bit-planes. */
        void firstInclusion(Block b, int inclusionLayer, int currentLayer, int zeroBitPlanes) {
            tagTree(inclusionLayer, currentLayer + 1, currentLayer);
            tagTree(zeroBitPlanes, Integer.MAX_VALUE, 0);
        }

        /** A code-block not yet included: the tag tree says "not by this layer". */
        void notYet(int inclusionLayer) {
            tagTree(inclusionLayer, 1, 0);
        }

        void again(boolean included) {
            header.bit(included ? 1 : 0);
        }

        /**
         * A one-leaf tag tree coded up to {@code threshold}, its low bound already raised to {@code known}
         * by earlier layers (which this writer only uses for leaves not coded before).
         */
        private void tagTree(int value, int threshold, int known) {
            for (int v = known; v < threshold; v++) {
                if (v >= value) {
                    header.bit(1);
                    return;
                }
                header.bit(0);
            }
        }

        void passes(int n) {
            if (n == 1) {
                header.bits(0, 1);
            } else if (n == 2) {
                header.bits(0b10, 2);
            } else if (n <= 5) {
                header.bits(0b11, 2);
                header.bits(n - 3, 2);
            } else {
                header.bits(0b1111, 4);
                header.bits(n - 6, 5);
            }
        }

        void lblockIncrement(Block b, int increment) {
            for (int i = 0; i < increment; i++) {
                header.bit(1);
            }
            header.bit(0);
            b.lblock += increment;
        }

        /** A segment of {@code passes} passes and {@code length} bytes; cleanup segments end with a valid Scup. */
        void length(Block b, int passes, int length, boolean cleanup) {
            header.bits(length, b.lblock + 31 - Integer.numberOfLeadingZeros(passes));
            byte[] data = new byte[length];
            Arrays.fill(data, (byte) 0x5A);
            if (cleanup) {
                data[length - 2] = 0x02;  // Scup = 2
                data[length - 1] = 0x00;
            }
            body.writeBytes(data);
        }

        /** Placeholder passes only: a zero length in Lblock + floor(log2(passes)) bits. */
        void placeholdersOnly(Block b, int passes) {
            header.bits(0, b.lblock + 31 - Integer.numberOfLeadingZeros(passes));
        }

        void write(ByteArrayOutputStream out, boolean breakScup) {
            byte[] h = header.finish();
            out.writeBytes(h);
            byte[] b = body.toByteArray();
            if (breakScup) {
                b[699] = (byte) 0x7F;  // the first cleanup segment's Scup becomes 0x7FF = 2047 > its 700 bytes
                b[698] = (byte) 0x0F;
            }
            out.writeBytes(b);
        }
    }

    /** Packet-header bit writer with 0xFF stuffing (a byte after 0xFF carries 7 bits). */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current, count, capacity = 8;
        boolean sawFF;

        void bit(int b) {
            current = current << 1 | (b & 1);
            if (++count == capacity) {
                out.write(current);
                sawFF |= current == 0xFF;
                capacity = current == 0xFF ? 7 : 8;
                current = 0;
                count = 0;
            }
        }

        void bits(long v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                bit((int) (v >>> i) & 1);
            }
        }

        byte[] finish() {
            if (count > 0) {
                out.write(current << (capacity - count));
            } else if (capacity == 7) {
                out.write(0);  // a header ending on 0xFF is followed by a stuffed byte
            }
            return out.toByteArray();
        }
    }

    private static byte[] assemble(byte[] tileData) {
        ByteArrayOutputStream cs = new ByteArrayOutputStream();
        cs.write(0xFF);
        cs.write(0x4F);
        short16(cs, 0xFF51);
        short16(cs, 41);
        short16(cs, 0x4000);  // Rsiz: Part 15 capabilities
        for (long v : new long[]{128, 64, 0, 0, 128, 64, 0, 0}) {
            int32(cs, v);
        }
        short16(cs, 1);
        cs.write(7);          // 8-bit unsigned
        cs.write(1);
        cs.write(1);
        short16(cs, 0xFF52);  // COD: Scod 0, RPCL, 2 layers, no MCT, N=1, 64x64, HT, reversible
        short16(cs, 12);
        cs.writeBytes(new byte[]{0, 2, 0, 2, 0, 1, 4, 4, 0x40, 1});
        short16(cs, 0xFF5C);  // QCD: no quantisation, 1 + 3N entries
        short16(cs, 7);
        cs.writeBytes(new byte[]{0x20, 0x40, 0x48, 0x48, 0x50});
        short16(cs, 0xFF90);  // SOT, single tile-part
        short16(cs, 10);
        short16(cs, 0);
        int32(cs, 14 + tileData.length);
        cs.write(0);
        cs.write(1);
        short16(cs, 0xFF93);
        cs.writeBytes(tileData);
        short16(cs, 0xFFD9);
        return cs.toByteArray();
    }

    private static void short16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    private static void int32(ByteArrayOutputStream o, long v) {
        short16(o, (int) (v >> 16));
        short16(o, (int) v);
    }

    @Test
    void findsTheResolutionBoundaries() {
        Built b = new Built(false);
        SplitCodestream split = ResolutionSplitter.split(b.codestream);
        assertEquals(1, split.levels());
        Codestream parsed = Codestream.parse(split.bytes());
        TilePart tp0 = parsed.tileParts.get(0), tp1 = parsed.tileParts.get(1);
        assertArrayEquals(b.res0, Arrays.copyOfRange(split.bytes(), tp0.bodyOffset(), tp0.bodyEnd()));
        assertArrayEquals(b.res1, Arrays.copyOfRange(split.bytes(), tp1.bodyOffset(), tp1.bodyEnd()));
        assertArrayEquals(split.bytes(), ResolutionSplitter.split(split.bytes()).bytes());
        assertEquals(tp0.bodyEnd(), split.levelEnds()[1]);
        // the standalone level-1 stream holds exactly resolution 0
        Codestream reduced = Codestream.parse(split.standalone(1));
        assertEquals(64, reduced.width());
        assertEquals(32, reduced.height());
        assertEquals(0, reduced.levels());
        TilePart only = reduced.tileParts.get(0);
        assertArrayEquals(b.res0, Arrays.copyOfRange(split.standalone(1), only.bodyOffset(), only.bodyEnd()));
    }

    @Test
    void theHeadersUseStuffing() {
        // guard for the test itself: the 0xFF path must really be exercised
        BitWriter w = new BitWriter();
        w.bits(0xFFFF, 16);
        assertTrue(w.sawFF);
        Built b = new Built(false);
        boolean ff = false;
        for (int i = 0; i < 8; i++) {
            ff |= (b.res0[i] & 0xFF) == 0xFF;
        }
        assertTrue(ff, "the first packet header contains a 0xFF byte");
    }

    @Test
    void aWrongSegmentBoundaryIsCaught() {
        Built b = new Built(true);
        CodestreamException e = assertThrows(CodestreamException.class, () -> ResolutionSplitter.split(b.codestream));
        assertTrue(e.getMessage().contains("Scup"), e.getMessage());
    }
}
