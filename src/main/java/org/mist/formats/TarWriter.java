package org.mist.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed POSIX ustar archive (one entry after another, each written whole; nothing is held back), enough
 * for regular files with paths up to 255 characters.
 */
public final class TarWriter {
    private static final int BLOCK = 512;
    private final OutputStream out;
    private long written;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    public long bytesWritten() {
        return written;
    }

    public void add(String path, byte[] data) throws IOException {
        header(path, data.length);
        out.write(data);
        written += data.length;
        pad(data.length);
    }

    public void add(String path, InputStream data, long size) throws IOException {
        header(path, size);
        long copied = data.transferTo(out);
        if (copied != size) {
            throw new IOException(path + ": " + copied + " bytes instead of " + size);
        }
        written += size;
        pad(size);
    }

    /** The end-of-archive marker: two zero blocks. */
    public void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        written += 2 * BLOCK;
        out.flush();
    }

    private void header(String path, long size) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length <= 100) {
            System.arraycopy(name, 0, h, 0, name.length);
        } else {
            int cut = path.lastIndexOf('/', 155);
            byte[] prefix = path.substring(0, Math.max(0, cut)).getBytes(StandardCharsets.UTF_8);
            byte[] rest = path.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
            if (cut < 0 || prefix.length > 155 || rest.length > 100) {
                throw new IOException("path too long for ustar: " + path);
            }
            System.arraycopy(rest, 0, h, 0, rest.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        octal(h, 148, 7, sum);
        out.write(h);
        written += BLOCK;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
            written += BLOCK - rest;
        }
    }

    private static void octal(byte[] h, int at, int length, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > length - 1) {
            throw new IllegalArgumentException("value too large for the tar header: " + value);
        }
        String padded = "0".repeat(length - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, at, length - 1);
    }
}
