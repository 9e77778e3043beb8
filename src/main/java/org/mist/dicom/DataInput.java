package org.mist.dicom;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A buffered reader of a file or of memory that knows its position and reads DICOM's 16- and 32-bit integers. */
final class DataInput implements AutoCloseable {
    private final InputStream in;
    private final long size;
    private long position;
    private boolean bigEndian;

    DataInput(ByteSource source, long start) throws IOException {
        this.size = source.size();
        this.in = new BufferedInputStream(source.open(start), 1 << 16);
        this.position = start;
    }

    /** A stream of unknown length (an inflating one): {@link #remaining()} is unbounded, {@link #atEnd()} tells. */
    DataInput(InputStream stream) {
        this.size = Long.MAX_VALUE;
        this.in = new BufferedInputStream(stream, 1 << 16);
    }

    /** Whether no byte is left (for a stream of unknown length: by trying to read one). */
    boolean atEnd() throws IOException {
        if (size != Long.MAX_VALUE) {
            return remaining() <= 0;
        }
        in.mark(1);
        int b = in.read();
        in.reset();
        return b < 0;
    }

    void bigEndian(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    boolean isBigEndian() {
        return bigEndian;
    }

    long position() {
        return position;
    }

    long remaining() {
        return size - position;
    }

    int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("file ends at byte " + position);
        }
        position++;
        return b;
    }

    int u16() throws IOException {
        int a = u8();
        int b = u8();
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    long u32() throws IOException {
        long a = u16();
        long b = u16();
        return bigEndian ? a << 16 | b : b << 16 | a;
    }

    /** A tag as group << 16 | element. */
    int tag() throws IOException {
        int group = u16();
        return group << 16 | u16();
    }

    String ascii(int n) throws IOException {
        byte[] b = bytes(n);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    byte[] bytes(int n) throws IOException {
        if (n > remaining()) {
            throw new EOFException("a value of " + n + " bytes at byte " + position + " runs past the end of the file");
        }
        byte[] b = in.readNBytes(n);
        position += n;
        return b;
    }

    void skip(long n) throws IOException {
        if (n > remaining()) {
            throw new EOFException("a value of " + n + " bytes at byte " + position + " runs past the end of the file");
        }
        in.skipNBytes(n);
        position += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
