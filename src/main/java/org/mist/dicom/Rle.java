package org.mist.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DICOM RLE (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte of
 * each sample, most significant byte first. The frame comes out planar, one component after another.
 */
final class Rle {
    private Rle() {
    }

    static DecodedFrame decode(PixelFormat f, byte[] data) {
        int bytesPerSample = f.bitsAllocated() / 8;
        int segments = f.samplesPerPixel() * bytesPerSample;
        if (data.length < 64) {
            throw bad("the RLE header is truncated");
        }
        ByteBuffer header = ByteBuffer.wrap(data, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
        int count = header.getInt(0);
        if (count != segments) {
            throw bad("RLE frame has " + count + " segments, " + segments + " expected");
        }
        int pixels = (int) f.pixelsPerFrame();
        byte[] planes = new byte[pixels * segments];
        for (int s = 0; s < segments; s++) {
            long start = header.getInt(4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < segments ? header.getInt(8 + 4 * s) & 0xFFFFFFFFL : data.length;
            if (start < 64 || start > end || end > data.length) {
                throw bad("RLE segment " + (s + 1) + " lies outside the frame");
            }
            unpack(data, (int) start, (int) end, planes, s * pixels, pixels);
        }
        if (bytesPerSample == 1) {
            return new DecodedFrame(f, planes, true, f.photometric());
        }
        short[] words = new short[pixels * f.samplesPerPixel()];
        for (int c = 0; c < f.samplesPerPixel(); c++) {
            int high = 2 * c * pixels;
            int low = high + pixels;
            for (int i = 0; i < pixels; i++) {
                words[c * pixels + i] = (short) ((planes[high + i] & 0xFF) << 8 | planes[low + i] & 0xFF);
            }
        }
        return new DecodedFrame(f, words, true, f.photometric());
    }

    /** PackBits: n in 0..127 copies n+1 bytes, -127..-1 repeats the next byte 1-n times, -128 does nothing. */
    private static void unpack(byte[] in, int at, int end, byte[] out, int outAt, int length) {
        int outEnd = outAt + length;
        int o = outAt;
        while (at < end && o < outEnd) {
            int n = in[at++];
            if (n >= 0) {
                int copy = Math.min(n + 1, Math.min(end - at, outEnd - o));
                System.arraycopy(in, at, out, o, copy);
                at += n + 1;
                o += copy;
            } else if (n != -128) {
                if (at >= end) {
                    break;
                }
                int repeat = Math.min(1 - n, outEnd - o);
                java.util.Arrays.fill(out, o, o + repeat, in[at++]);
                o += repeat;
            }
        }
        if (o < outEnd) {
            throw bad("RLE segment decodes to " + (o - outAt) + " bytes, " + length + " expected");
        }
    }

    private static DataSetException bad(String why) {
        return new DataSetException(DataSetException.CANNOT_UNDERSTAND, why);
    }
}
