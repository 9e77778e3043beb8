package org.mist.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.dicom.ByteSource;

/** A received body stays in memory while small and moves to a file, byte for byte, once it is not. */
class TempSpaceTest {
    private Path root;
    private TempSpace temp;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("mist-tempspace-");
        temp = new TempSpace();
        temp.settings = new TempSettings() {
            @Override
            public Path dir() {
                return root;
            }

            @Override
            public long maxBytes() {
                return 64L << 20;
            }
        };
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aSmallBodyStaysInMemoryALargeOneSpillsToAFile() throws IOException {
        byte[] small = body(300_000);
        TempSpace.Spool s = temp.receive("t-", ".dcm", 1L << 30);
        write(s, small, 7_000);
        assertInstanceOf(ByteSource.InMemory.class, s.bytes());
        assertArrayEquals(small, read(s.bytes()));
        assertEquals(0, files(), "nothing on disk for a small body");
        assertThrows(IllegalStateException.class, s::file);
        s.release();

        byte[] large = body(TempSpace.IN_MEMORY + 12_345);
        TempSpace.Spool l = temp.receive("t-", ".dcm", 1L << 30);
        write(l, large, 65_536);
        assertInstanceOf(ByteSource.OfFile.class, l.bytes());
        assertArrayEquals(large, read(l.bytes()));
        assertArrayEquals(large, Files.readAllBytes(l.file()));
        positional(l.bytes(), large);
        l.release();
        assertFalse(Files.exists(l.file()));
        assertEquals(0, files());
    }

    @Test
    void aBodyOverItsLimitIsRefusedInMemoryToo() throws IOException {
        TempSpace.Spool s = temp.receive("t-", ".dcm", 1000);
        assertThrows(TempSpace.TooLarge.class, () -> s.write(new byte[1001], 0, 1001));
        s.release();
    }

    @Test
    void positionalReadsOfMemoryMatchTheBytes() throws IOException {
        byte[] small = body(100_000);
        TempSpace.Spool s = temp.receive("t-", ".dcm", 1L << 30);
        write(s, small, 4096);
        positional(s.bytes(), small);
        s.release();
    }

    /** Reads a few ranges through {@link ByteSource#reader()}, as the frame reader does. */
    private static void positional(ByteSource source, byte[] expected) throws IOException {
        try (ByteSource.Reader r = source.reader()) {
            for (long at : new long[] {0, 1, expected.length / 3, expected.length - 10}) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10);
                while (b.hasRemaining() && r.read(b, at + b.position()) > 0) {
                    // until full
                }
                assertArrayEquals(java.util.Arrays.copyOfRange(expected, (int) at, (int) at + 10), b.array(), "at " + at);
            }
            assertEquals(-1, r.read(java.nio.ByteBuffer.allocate(1), expected.length));
        }
    }

    private long files() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private static void write(TempSpace.Spool s, byte[] data, int chunk) throws IOException {
        try (s) {
            for (int at = 0; at < data.length; at += chunk) {
                s.write(data, at, Math.min(chunk, data.length - at));
            }
        }
    }

    private static byte[] read(ByteSource source) throws IOException {
        try (InputStream in = source.open(0)) {
            return in.readAllBytes();
        }
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
