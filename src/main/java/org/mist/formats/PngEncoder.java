package org.mist.formats;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A PNG writer for every PNG pixel layout (grey 1-16 bits, grey+alpha, RGB, RGBA, palette with alpha), so a
 * PNG-origin image leaves with the colour type and bit depth it came in; ImageIO's writer picks its own.
 * Each row gets the filter (None, Sub, Up, Paeth) with the smallest sum of absolute differences.
 */
public final class PngEncoder {
    public static final int GREY = 0;
    public static final int RGB = 2;
    public static final int PALETTE = 3;
    public static final int GREY_ALPHA = 4;
    public static final int RGBA = 6;

    private PngEncoder() {
    }

    /** Samples per pixel of a colour type. */
    public static int channels(int colourType) {
        return switch (colourType) {
            case RGB -> 3;
            case GREY_ALPHA -> 2;
            case RGBA -> 4;
            default -> 1;
        };
    }

    /**
     * {@code samples} interleaved, each already in 0..2^bitDepth-1; {@code palette} (RGBA, 8 bits each, one int
     * per entry) only for {@link #PALETTE}.
     */
    public static byte[] encode(int width, int height, int colourType, int bitDepth, long[] samples, int[] palette) {
        int channels = channels(colourType);
        int bitsPerPixel = channels * bitDepth;
        int rowBytes = (width * bitsPerPixel + 7) / 8;
        int bpp = Math.max(1, bitsPerPixel / 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(rowBytes * height / 2 + 1024);
        try {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(width);
            d.writeInt(height);
            d.write(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            if (colourType == PALETTE) {
                byte[] plte = new byte[palette.length * 3];
                byte[] trns = new byte[palette.length];
                int lastOpaque = -1;
                for (int i = 0; i < palette.length; i++) {
                    plte[3 * i] = (byte) (palette[i] >> 24);
                    plte[3 * i + 1] = (byte) (palette[i] >> 16);
                    plte[3 * i + 2] = (byte) (palette[i] >> 8);
                    trns[i] = (byte) palette[i];
                    if ((palette[i] & 0xFF) != 0xFF) {
                        lastOpaque = i;
                    }
                }
                chunk(out, "PLTE", plte);
                if (lastOpaque >= 0) {
                    chunk(out, "tRNS", Arrays.copyOf(trns, lastOpaque + 1));
                }
            }
            ByteArrayOutputStream idat = new ByteArrayOutputStream(rowBytes * height / 2 + 64);
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(6), 1 << 16)) {
                byte[] previous = new byte[rowBytes];
                byte[] row = new byte[rowBytes];
                byte[][] candidates = new byte[5][rowBytes + 1];
                for (int y = 0; y < height; y++) {
                    pack(samples, y * width * channels, width * channels, bitDepth, row);
                    z.write(bitDepth < 8 ? withFilter(row, 0) : best(row, previous, bpp, candidates));
                    byte[] t = previous;
                    previous = row;
                    row = t;
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void pack(long[] samples, int from, int count, int bitDepth, byte[] row) {
        if (bitDepth == 8) {
            for (int i = 0; i < count; i++) {
                row[i] = (byte) samples[from + i];
            }
        } else if (bitDepth == 16) {
            for (int i = 0; i < count; i++) {
                row[2 * i] = (byte) (samples[from + i] >> 8);
                row[2 * i + 1] = (byte) samples[from + i];
            }
        } else {
            Arrays.fill(row, (byte) 0);
            int perByte = 8 / bitDepth;
            for (int i = 0; i < count; i++) {
                int shift = 8 - bitDepth * (i % perByte + 1);
                row[i / perByte] |= (byte) ((samples[from + i] & ((1 << bitDepth) - 1)) << shift);
            }
        }
    }

    private static byte[] withFilter(byte[] row, int filter) {
        byte[] out = new byte[row.length + 1];
        out[0] = (byte) filter;
        System.arraycopy(row, 0, out, 1, row.length);
        return out;
    }

    /** The row filtered four ways (None, Sub, Up, Paeth): the one with the smallest sum of |byte|. */
    private static byte[] best(byte[] row, byte[] up, int bpp, byte[][] c) {
        int[] filters = {0, 1, 2, 4};
        long bestSum = Long.MAX_VALUE;
        byte[] best = null;
        for (int f = 0; f < filters.length; f++) {
            byte[] o = c[f];
            o[0] = (byte) filters[f];
            long sum = 0;
            for (int i = 0; i < row.length; i++) {
                int a = i >= bpp ? row[i - bpp] & 0xFF : 0;
                int b = up[i] & 0xFF;
                int cc = i >= bpp ? up[i - bpp] & 0xFF : 0;
                int x = row[i] & 0xFF;
                int v = switch (filters[f]) {
                    case 0 -> x;
                    case 1 -> x - a;
                    case 2 -> x - b;
                    default -> x - paeth(a, b, cc);
                };
                o[i + 1] = (byte) v;
                sum += Math.abs((byte) v);
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = o;
            }
        }
        return best;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
