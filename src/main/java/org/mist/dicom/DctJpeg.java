package org.mist.dicom;

/**
 * Sequential DCT JPEG (ISO 10918-1 baseline and extended, Huffman coded) for one component of 8 or 12
 * bits: what DICOM's JPEG Extended transfer syntax holds at 12 bits, which the JDK's decoder refuses.
 * The inverse DCT is the accurate integer one of the IJG library (jidctint, "islow"), the default of
 * DCMTK and most DICOM toolkits, so the pixels match theirs.
 */
final class DctJpeg {
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63};
    private static final int CONST_BITS = 13;
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    /** A decoded image: samples of {@code precision} bits, row by row. */
    record Image(int width, int height, int precision, short[] samples) {
    }

    private final byte[] data;
    private int pos;
    private final int[][] quant = new int[4][];
    private final Huffman[] dc = new Huffman[4];
    private final Huffman[] ac = new Huffman[4];
    private int precision;
    private int width;
    private int height;
    private int componentId = -1;
    private int quantTable;
    private int restartInterval;

    private DctJpeg(byte[] data) {
        this.data = data;
    }

    static Image decode(byte[] data) {
        try {
            return new DctJpeg(data).read();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw bad("the JPEG stream is truncated or corrupt");
        }
    }

    private Image read() {
        if (u16() != 0xFFD8) {
            throw bad("no JPEG SOI marker");
        }
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case 0xFFC0, 0xFFC1 -> frame();
                case 0xFFC4 -> huffmanTables();
                case 0xFFDB -> quantTables();
                case 0xFFDD -> {
                    u16();
                    restartInterval = u16();
                }
                case 0xFFDA -> {
                    return scan();
                }
                case 0xFFD9 -> throw bad("JPEG ends before any scan");
                default -> {
                    if (marker >= 0xFFC2 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC) {
                        throw bad(String.format("JPEG process of marker %04X (progressive, lossless or arithmetic) is not DCT sequential", marker));
                    }
                    pos += u16() - 2;
                }
            }
        }
    }

    private int nextMarker() {
        while (data[pos] != (byte) 0xFF) {
            pos++;
        }
        while (data[pos] == (byte) 0xFF) {
            pos++;
        }
        return 0xFF00 | data[pos++] & 0xFF;
    }

    private void frame() {
        int end = pos + u16();
        precision = data[pos++] & 0xFF;
        height = u16();
        width = u16();
        int components = data[pos++] & 0xFF;
        if (precision != 8 && precision != 12) {
            throw bad("DCT JPEG of " + precision + " bits");
        }
        if (components != 1) {
            throw bad("12-bit DCT JPEG with " + components + " components is not supported");
        }
        if (width < 1 || height < 1) {
            throw bad("JPEG frame of " + width + "x" + height);
        }
        componentId = data[pos++] & 0xFF;
        pos++; // sampling factors: one component, one block per MCU whatever they say
        quantTable = data[pos++] & 3;
        pos = end;
    }

    private void quantTables() {
        int end = pos + u16();
        while (pos < end) {
            int pq = (data[pos] & 0xFF) >> 4;
            int tq = data[pos++] & 3;
            int[] q = new int[64];
            for (int k = 0; k < 64; k++) {
                q[k] = pq == 0 ? data[pos++] & 0xFF : u16();
            }
            quant[tq] = q;
        }
    }

    private void huffmanTables() {
        int end = pos + u16();
        while (pos < end) {
            int tc = (data[pos] & 0xFF) >> 4;
            int th = data[pos++] & 3;
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = data[pos++] & 0xFF;
                total += counts[l];
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = data[pos++] & 0xFF;
            }
            (tc == 0 ? dc : ac)[th] = new Huffman(counts, symbols);
        }
    }

    private Image scan() {
        int end = pos + u16();
        int n = data[pos++] & 0xFF;
        if (n != 1 || (data[pos] & 0xFF) != componentId) {
            throw bad("JPEG scan is not of the frame's single component");
        }
        pos++;
        int tables = data[pos++] & 0xFF;
        Huffman dcTable = dc[tables >> 4];
        Huffman acTable = ac[tables & 3];
        int[] q = quant[quantTable];
        if (dcTable == null || acTable == null || q == null || precision == 0) {
            throw bad("JPEG scan refers to a missing table or frame header");
        }
        pos = end;

        int blocksX = (width + 7) / 8;
        int blocksY = (height + 7) / 8;
        short[] out = new short[width * height];
        BitReader bits = new BitReader();
        int[] coef = new int[64];
        long[] workspace = new long[64];
        int[] block = new int[64];
        int predictor = 0;
        int max = (1 << precision) - 1;
        int center = 1 << (precision - 1);
        int pass1 = precision == 8 ? 2 : 1;
        for (int b = 0; b < blocksX * blocksY; b++) {
            if (restartInterval > 0 && b > 0 && b % restartInterval == 0) {
                bits.restart();
                predictor = 0;
            }
            java.util.Arrays.fill(coef, 0);
            int s = dcTable.decode(bits);
            predictor += extend(bits.receive(s), s);
            coef[0] = predictor * q[0];
            for (int k = 1; k < 64; k++) {
                int rs = acTable.decode(bits);
                int r = rs >> 4;
                s = rs & 15;
                if (s == 0) {
                    if (r != 15) {
                        break;
                    }
                    k += 15;
                    continue;
                }
                k += r;
                if (k > 63) {
                    throw bad("JPEG block runs past 64 coefficients");
                }
                coef[ZIGZAG[k]] = extend(bits.receive(s), s) * q[k];
            }
            idct(coef, workspace, block, pass1);
            int bx = (b % blocksX) * 8;
            int by = (b / blocksX) * 8;
            for (int y = 0; y < 8 && by + y < height; y++) {
                for (int x = 0; x < 8 && bx + x < width; x++) {
                    out[(by + y) * width + bx + x] = (short) Math.min(max, Math.max(0, block[y * 8 + x] + center));
                }
            }
        }
        return new Image(width, height, precision, out);
    }

    private static int extend(int v, int s) {
        return s == 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
    }

    private static long descale(long x, int n) {
        return (x + (1L << (n - 1))) >> n;
    }

    /** IJG's jidctint: columns into the workspace, then rows out, with the same rounding. */
    private static void idct(int[] in, long[] ws, int[] out, int pass1) {
        for (int c = 0; c < 8; c++) {
            long[] r = butterfly(in[c], in[8 + c], in[16 + c], in[24 + c], in[32 + c], in[40 + c], in[48 + c], in[56 + c]);
            for (int i = 0; i < 8; i++) {
                ws[i * 8 + c] = descale(r[i], CONST_BITS - pass1);
            }
        }
        for (int row = 0; row < 8; row++) {
            int o = row * 8;
            long[] r = butterfly(ws[o], ws[o + 1], ws[o + 2], ws[o + 3], ws[o + 4], ws[o + 5], ws[o + 6], ws[o + 7]);
            for (int i = 0; i < 8; i++) {
                out[o + i] = (int) descale(r[i], CONST_BITS + pass1 + 3);
            }
        }
    }

    /** One 8-point inverse DCT, outputs scaled by 2^CONST_BITS. */
    private static long[] butterfly(long d0, long d1, long d2, long d3, long d4, long d5, long d6, long d7) {
        long z1 = (d2 + d6) * FIX_0_541196100;
        long tmp2 = z1 - d6 * FIX_1_847759065;
        long tmp3 = z1 + d2 * FIX_0_765366865;
        long tmp0 = (d0 + d4) << CONST_BITS;
        long tmp1 = (d0 - d4) << CONST_BITS;
        long tmp10 = tmp0 + tmp3;
        long tmp13 = tmp0 - tmp3;
        long tmp11 = tmp1 + tmp2;
        long tmp12 = tmp1 - tmp2;

        long t0 = d7;
        long t1 = d5;
        long t2 = d3;
        long t3 = d1;
        z1 = t0 + t3;
        long z2 = t1 + t2;
        long z3 = t0 + t2;
        long z4 = t1 + t3;
        long z5 = (z3 + z4) * FIX_1_175875602;
        t0 *= FIX_0_298631336;
        t1 *= FIX_2_053119869;
        t2 *= FIX_3_072711026;
        t3 *= FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 = z3 * -FIX_1_961570560 + z5;
        z4 = z4 * -FIX_0_390180644 + z5;
        t0 += z1 + z3;
        t1 += z2 + z4;
        t2 += z2 + z3;
        t3 += z1 + z4;
        return new long[] {tmp10 + t3, tmp11 + t2, tmp12 + t1, tmp13 + t0, tmp13 - t0, tmp12 - t1, tmp11 - t2, tmp10 - t3};
    }

    private int u16() {
        int v = (data[pos] & 0xFF) << 8 | data[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    private static DataSetException bad(String why) {
        return new DataSetException(DataSetException.CANNOT_UNDERSTAND, why);
    }

    /** Entropy-coded bits, with 0xFF00 stuffing removed and RST markers handled by {@link #restart()}. */
    private final class BitReader {
        private int buffer;
        private int count;

        int bit() {
            if (count == 0) {
                int b = pos < data.length ? data[pos++] & 0xFF : 0;
                if (b == 0xFF) {
                    int next = pos < data.length ? data[pos] & 0xFF : 0;
                    if (next == 0) {
                        pos++;
                    } else {
                        pos--; // a marker: feed zeros until the decoder is done with this interval
                        b = 0;
                    }
                }
                buffer = b;
                count = 8;
            }
            count--;
            return (buffer >> count) & 1;
        }

        int receive(int s) {
            int v = 0;
            for (int i = 0; i < s; i++) {
                v = v << 1 | bit();
            }
            return v;
        }

        void restart() {
            count = 0;
            while (pos + 1 < data.length && !(data[pos] == (byte) 0xFF && (data[pos + 1] & 0xF8) == 0xD0)) {
                pos++;
            }
            pos += 2;
        }
    }

    /** A Huffman table, decoded code length by code length (ISO 10918-1 F.2.2.3). */
    private static final class Huffman {
        private final int[] maxCode = new int[18];
        private final int[] valPtr = new int[17];
        private final int[] minCode = new int[17];
        private final int[] symbols;

        Huffman(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valPtr[l] = k;
                minCode[l] = code;
                code += counts[l];
                k += counts[l];
                maxCode[l] = counts[l] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(BitReader bits) {
            int code = bits.bit();
            for (int l = 1; l <= 16; l++) {
                if (maxCode[l] >= code && code >= minCode[l] && maxCode[l] != -1) {
                    return symbols[valPtr[l] + code - minCode[l]];
                }
                code = code << 1 | bits.bit();
            }
            throw bad("bad Huffman code in the JPEG stream");
        }
    }
}
