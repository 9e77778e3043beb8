package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader: parts come back byte for byte however the body is chunked. */
class MultipartReaderTest {
    private static final String B = "b0undary-x";

    @Test
    void partsSurviveAnyChunkingIncludingDelimiterLookalikes() throws Exception {
        Random random = new Random(7);
        List<byte[]> parts = new ArrayList<>();
        parts.add(new byte[0]);
        parts.add(("\r\n--" + B.substring(0, 5)).getBytes(StandardCharsets.US_ASCII)); // a delimiter that stops short
        parts.add(("--" + B + "\r").getBytes(StandardCharsets.US_ASCII)); // no CRLF before it: not a delimiter
        byte[] big = new byte[300_000];
        random.nextBytes(big);
        parts.add(big);
        byte[] crlfs = new byte[70_000];
        for (int i = 0; i < crlfs.length; i++) {
            crlfs[i] = (byte) (i % 2 == 0 ? '\r' : '\n');
        }
        parts.add(crlfs);
        byte[] body = body(parts, "preamble to ignore\r\n", "\r\nepilogue to ignore");
        for (int maxChunk : new int[] {1, 2, 7, B.length() + 3, 4096, 1 << 20}) {
            MultipartReader reader = new MultipartReader(new Chunked(body, maxChunk, random), B);
            for (byte[] expected : parts) {
                Map<String, String> headers = reader.nextPart();
                assertEquals("application/dicom", headers.get("content-type"));
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                reader.partBody().transferTo(got);
                assertArrayEquals(expected, got.toByteArray(), "chunks of up to " + maxChunk);
            }
            assertNull(reader.nextPart());
        }
    }

    @Test
    void unreadPartsAreSkipped() throws Exception {
        byte[] body = body(List.of("one".getBytes(), "two".getBytes(), "three".getBytes()), "", "");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), B);
        reader.nextPart();
        reader.nextPart();
        reader.nextPart();
        assertEquals("three", new String(reader.partBody().readAllBytes()));
        assertNull(reader.nextPart());
    }

    @Test
    void truncatedBodiesAreMalformed() {
        byte[] body = body(List.of("complete".getBytes(), new byte[1000]), "", "");
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 30);
        assertThrows(MalformedMultipartException.class, () -> {
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), B);
            while (reader.nextPart() != null) {
                reader.partBody().readAllBytes();
            }
        });
        assertThrows(MalformedMultipartException.class,
                () -> new MultipartReader(new ByteArrayInputStream("no delimiter at all".getBytes()), B).nextPart());
    }

    private static byte[] body(List<byte[]> parts, String preamble, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            out.writeBytes(("--" + B + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + B + "--" + epilogue).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Hands out the body in random chunks of 1..max bytes, as a network would. */
    private static final class Chunked extends FilterInputStream {
        private final int max;
        private final Random random;

        Chunked(byte[] body, int max, Random random) {
            super(new ByteArrayInputStream(body));
            this.max = max;
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
        }
    }
}
