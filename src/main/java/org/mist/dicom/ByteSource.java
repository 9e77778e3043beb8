package org.mist.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the bytes of a received Part 10 file are: a file, or memory when a STOW-RS part or a C-STORE data set was
 * small enough to be kept there while it is stored (no file to create, write, read again and delete per instance).
 */
public sealed interface ByteSource {
    long size() throws IOException;

    /** The bytes from {@code offset} on. */
    InputStream open(long offset) throws IOException;

    /** Random access (frames, float pixels); the caller closes it. */
    Reader reader() throws IOException;

    /** Positional reads. */
    interface Reader extends AutoCloseable {
        /** Reads into {@code dst} from {@code position}: the count, or -1 at the end. */
        int read(ByteBuffer dst, long position) throws IOException;

        @Override
        void close() throws IOException;
    }

    static ByteSource of(Path file) {
        return new OfFile(file);
    }

    /** The first {@code length} bytes of {@code data}, which the caller no longer changes. */
    static ByteSource of(byte[] data, int length) {
        return new InMemory(data, length);
    }

    record OfFile(Path file) implements ByteSource {
        @Override
        public long size() throws IOException {
            return Files.size(file);
        }

        @Override
        public InputStream open(long offset) throws IOException {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return in;
        }

        @Override
        public Reader reader() throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return new Reader() {
                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return channel.read(dst, position);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }

    record InMemory(byte[] data, int length) implements ByteSource {
        @Override
        public long size() {
            return length;
        }

        @Override
        public InputStream open(long offset) {
            int from = (int) Math.min(offset, length);
            return new ByteArrayInputStream(data, from, length - from);
        }

        @Override
        public Reader reader() {
            return new Reader() {
                @Override
                public int read(ByteBuffer dst, long position) {
                    if (position >= length) {
                        return -1;
                    }
                    int n = (int) Math.min(dst.remaining(), length - position);
                    dst.put(data, (int) position, n);
                    return n;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
