package org.mist.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A STOW-RS client for the tests: real HTTP, a streamed multipart/related body, the response parsed. */
public final class Stow {
    public static final String BOUNDARY = "mist-test-boundary-7d3f";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One part: its Content-Type and where its bytes come from. */
    public record Part(String contentType, Supplier<InputStream> body) {
        public static Part file(Path file) {
            return new Part("application/dicom", () -> open(file));
        }

        public static Part bytes(String contentType, byte[] data) {
            return new Part(contentType, () -> new ByteArrayInputStream(data));
        }
    }

    /** The outcome of one instance in a STOW response. */
    public record Outcome(String sopInstanceUid, boolean stored, int failureReason, String reason) {
    }

    /** The HTTP status, the outcomes keyed by SOP Instance UID (failures without one under "?n"), the raw body. */
    public record Response(int status, Map<String, Outcome> outcomes, String body) {
        public long storedCount() {
            return outcomes.values().stream().filter(Outcome::stored).count();
        }
    }

    private Stow() {
    }

    public static Response post(String url, List<Part> parts) {
        return post(url, "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY, body(parts));
    }

    public static Response post(String url, String contentType, InputStream body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", contentType).header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        String authorization = System.getProperty("mist.bench.authorization");  // bench/access.sh's credentials
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpRequest request = b.build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), parse(r.body()), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The multipart body, streamed part by part. */
    public static InputStream body(List<Part> parts) {
        List<Supplier<InputStream>> pieces = new ArrayList<>();
        for (Part p : parts) {
            pieces.add(() -> ascii("--" + BOUNDARY + "\r\nContent-Type: " + p.contentType() + "\r\n\r\n"));
            pieces.add(p.body());
            pieces.add(() -> ascii("\r\n"));
        }
        pieces.add(() -> ascii("--" + BOUNDARY + "--\r\n"));
        Iterator<Supplier<InputStream>> it = pieces.iterator();
        return new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return it.next().get();
            }
        });
    }

    private static Map<String, Outcome> parse(String body) throws IOException {
        Map<String, Outcome> out = new LinkedHashMap<>();
        if (body == null || body.isBlank() || !body.startsWith("{")) {
            return out;
        }
        JsonNode root = JSON.readTree(body);
        int anonymous = 0;
        for (JsonNode item : root.path("00081198").path("Value")) {
            String uid = item.path("00081155").path("Value").path(0).asText(null);
            out.put(uid == null ? "?" + anonymous++ : uid, new Outcome(uid, false,
                    item.path("00081197").path("Value").path(0).asInt(), item.path("00000902").path("Value").path(0).asText(null)));
        }
        for (JsonNode item : root.path("00081199").path("Value")) {
            String uid = item.path("00081155").path("Value").path(0).asText();
            out.put(uid, new Outcome(uid, true, 0, null));
        }
        return out;
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
