package org.mist.dicomweb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.mist.formats.FrameSource;

/** A piece of an answer's body: bytes in memory, or a range of a stored file read straight into a pooled buffer. */
sealed interface Chunk {
    long length();

    byte[] bytes();

    /** For Netty: wrapped bytes, or the file range read into a pooled direct buffer (released once written). */
    ByteBuf buffer();

    static Chunk of(byte[] bytes) {
        return new Bytes(bytes);
    }

    record Bytes(byte[] bytes) implements Chunk {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public ByteBuf buffer() {
            return Unpooled.wrappedBuffer(bytes);
        }
    }

    record File(FrameSource.FileRange range) implements Chunk {
        @Override
        public long length() {
            return range.length();
        }

        @Override
        public byte[] bytes() {
            try (FileChannel c = FileChannel.open(range.file(), StandardOpenOption.READ)) {
                byte[] out = new byte[(int) range.length()];
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out);
                while (b.hasRemaining() && c.read(b, range.offset() + b.position()) > 0) {
                    // until full
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + range.file(), e);
            }
        }

        @Override
        public ByteBuf buffer() {
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer((int) range.length());
            try (FileChannel c = FileChannel.open(range.file(), StandardOpenOption.READ)) {
                long position = range.offset();
                while (b.writableBytes() > 0) {
                    int n = b.writeBytes(c, position, b.writableBytes());
                    if (n < 0) {
                        throw new IOException("the file ended early");
                    }
                    position += n;
                }
                return b;
            } catch (IOException e) {
                b.release();
                throw new UncheckedIOException("cannot read " + range.file() + ": " + e.getMessage(), e);
            }
        }
    }
}
