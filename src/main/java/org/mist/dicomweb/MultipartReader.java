package org.mist.dicomweb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of a multipart body (RFC 2046): one part at a time, each part's body an InputStream
 * that ends at the next delimiter. Memory is one buffer whatever the size of the parts.
 */
final class MultipartReader {
    private static final int BUFFER = 1 << 16;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool's shift: how far the window may move given the byte under its last position. */
    private final int[] skip = new int[256];
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean finished;
    private boolean inPart;
    /** True right after a delimiter: the reader stands at the start of a delimiter line's rest. */
    private boolean afterDelimiter;

    MultipartReader(InputStream body, String boundary) {
        // The delimiter is CRLF "--" boundary; a virtual CRLF in front lets the first one match too.
        this.in = new SequenceInputStream(new ByteArrayInputStream("\r\n".getBytes(StandardCharsets.US_ASCII)), body);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.buf = new byte[Math.max(BUFFER, delimiter.length * 4)];
        java.util.Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xFF] = delimiter.length - 1 - i;
        }
    }

    /** Advances to the next part and returns its headers (names in lower case), or null after the last part. */
    Map<String, String> nextPart() throws IOException {
        if (finished) {
            return null;
        }
        // Skip the unread rest of the current part, or the preamble, up to and including the delimiter.
        if (!afterDelimiter) {
            new PartStream().transferTo(OutputStream.nullOutputStream());
        }
        afterDelimiter = false;
        if (!fill(2)) {
            throw new MalformedMultipartException("the body ends without the closing delimiter");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        // Transport padding, then CRLF.
        while (true) {
            if (!fill(1)) {
                throw new MalformedMultipartException("the body ends inside a delimiter line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                throw new MalformedMultipartException("unexpected characters after a boundary delimiter");
            }
        }
        inPart = true;
        return readHeaders();
    }

    /** The body of the current part, up to the next delimiter. */
    InputStream partBody() {
        if (!inPart) {
            throw new IllegalStateException("no current part");
        }
        return new PartStream();
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            if (!fill(1)) {
                throw new MalformedMultipartException("the body ends inside the headers of a part");
            }
            byte b = buf[pos++];
            if (++total > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                String l = line.toString().strip();
                line.setLength(0);
                if (l.isEmpty()) {
                    return headers;
                }
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw new MalformedMultipartException("malformed part header: " + l);
                }
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            } else {
                line.append((char) (b & 0xFF));
            }
        }
    }

    /** Ensures at least {@code n} bytes are buffered; false when the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** Boyer-Moore-Horspool over the buffered bytes: part bodies are scanned about a delimiter length at a time. */
    private int indexOfDelimiter() {
        int last = delimiter.length - 1;
        for (int i = pos; i <= limit - delimiter.length; i += skip[buf[i + last] & 0xFF]) {
            int j = last;
            while (j >= 0 && buf[i + j] == delimiter[j]) {
                j--;
            }
            if (j < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Reads up to the next delimiter, then consumes it. */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int at = indexOfDelimiter();
                if (at == pos) {
                    pos += delimiter.length;
                    done = true;
                    inPart = false;
                    afterDelimiter = true;
                    return -1;
                }
                // Bytes before a found delimiter, or all but a tail that could start one, are part data.
                int safe = at >= 0 ? at : limit - delimiter.length + 1;
                if (safe > pos) {
                    int n = Math.min(len, safe - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (!fill(limit - pos + 1)) {
                    throw new MalformedMultipartException("the body ends without the closing delimiter");
                }
            }
        }
    }
}
