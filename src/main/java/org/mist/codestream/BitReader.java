package org.mist.codestream;

/**
 * Reads packet-header bits (15444-1 B.10.1): after a 0xFF byte the next byte carries only 7 bits, its
 * most significant bit being a stuffed 0.
 */
final class BitReader {
    private final byte[] d;
    private final int end;
    private int pos;
    private int current;
    private int bitsLeft;
    private boolean afterFF;

    BitReader(byte[] d, int pos, int end) {
        this.d = d;
        this.pos = pos;
        this.end = end;
    }

    int bit() {
        if (bitsLeft == 0) {
            if (pos >= end) {
                throw new CodestreamException("packet header runs past the end of the tile data");
            }
            current = d[pos++] & 0xFF;
            if (afterFF) {
                if ((current & 0x80) != 0) {
                    throw new CodestreamException("marker inside a packet header at offset " + (pos - 1));
                }
                bitsLeft = 7;
            } else {
                bitsLeft = 8;
            }
            afterFF = current == 0xFF;
        }
        bitsLeft--;
        return (current >>> bitsLeft) & 1;
    }

    long bits(int n) {
        if (n > 48) {
            throw new CodestreamException(n + "-bit field in a packet header: the header is corrupt");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    /** Ends the header: drops the rest of the byte and, after a final 0xFF, the stuffed byte that follows. */
    int align() {
        bitsLeft = 0;
        if (afterFF) {
            if (pos >= end || (d[pos] & 0x80) != 0) {
                throw new CodestreamException("packet header ends on 0xFF without a stuffed byte");
            }
            pos++;
            afterFF = false;
        }
        return pos;
    }
}
