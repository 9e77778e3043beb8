package org.mist.dicomweb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a {@code multipart/related} body (RFC 2387) part by part. */
final class Multipart {
    private final String boundary;
    private boolean started;

    Multipart() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.boundary = "mist-" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    /** The response's Content-Type for parts of {@code type}. */
    String contentType(String type) {
        return "multipart/related; type=\"" + type + "\"; boundary=" + boundary;
    }

    void part(OutputStream out, String contentType, byte[] body) throws IOException {
        out.write(head(contentType, body.length));
        out.write(body);
    }

    void end(OutputStream out) throws IOException {
        out.write(tail());
    }

    /** A whole body as chunks: each part's headers, the part, ..., the closing delimiter. */
    List<byte[]> chunks(List<String> contentTypes, List<byte[]> bodies) {
        List<byte[]> out = new ArrayList<>(2 * bodies.size() + 1);
        for (int i = 0; i < bodies.size(); i++) {
            out.add(head(contentTypes.get(i), bodies.get(i).length));
            out.add(bodies.get(i));
        }
        out.add(tail());
        return out;
    }

    private byte[] head(String contentType, int length) {
        String delimiter = (started ? "\r\n--" : "--") + boundary;
        started = true;
        return (delimiter + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] tail() {
        return ((started ? "\r\n--" : "--") + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
