package org.mist.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP/1.1 client (GET, POST and PATCH of a body, DELETE), with a multipart/related parser. */
public final class Http {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** One answer. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public List<Part> parts() {
            return Http.parts(header("content-type"), body);
        }
    }

    /** One part of a multipart body. */
    public record Part(String contentType, byte[] body) {
    }

    private Http() {
    }

    /** GET with headers given as name, value, name, value... */
    public static Answer get(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET(), headers);
    }

    /** POST of {@code body} with headers given as name, value, name, value... */
    public static Answer post(String url, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    /** PATCH of a DICOM JSON (or JSON) body. */
    public static Answer patch(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)), "Content-Type", "application/dicom+json");
    }

    /** OPTIONS with headers given as name, value, name, value... */
    public static Answer options(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), headers);
    }

    /** Any method, with a body (empty for none) and headers given as name, value, name, value... */
    public static Answer request(String method, String url, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)),
                headers);
    }

    public static Answer delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).DELETE());
    }

    /** The DICOM JSON (or JSON) array at {@code url}, which must answer 200; an empty body is an empty array. */
    public static List<com.fasterxml.jackson.databind.JsonNode> jsonArray(String url) {
        Answer a = get(url);
        if (a.status() != 200) {
            throw new AssertionError(url + " answered " + a.status() + ": " + a.text());
        }
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        if (a.body().length > 0) {
            try {
                JSON.readTree(a.body()).forEach(out::add);
            } catch (IOException e) {
                throw new AssertionError(url + " is not JSON: " + e.getMessage());
            }
        }
        return out;
    }

    /** The first value of {@code tag} (8 hex digits) in a DICOM JSON item, or null. */
    public static String firstValue(com.fasterxml.jackson.databind.JsonNode item, String tag) {
        com.fasterxml.jackson.databind.JsonNode v = item.get(tag);
        return v == null || !v.has("Value") ? null : v.get("Value").get(0).asText();
    }

    private static Answer send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> h = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), v));
            return new Answer(r.statusCode(), h, r.body());
        } catch (IOException e) {
            throw new AssertionError(b.build().method() + " " + b.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Splits a multipart body into its parts (headers parsed for Content-Type only). */
    public static List<Part> parts(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!contentType.toLowerCase().startsWith("multipart/related") || !m.find()) {
            throw new AssertionError("not a multipart/related answer: " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        List<Part> out = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new AssertionError("no boundary in the body");
        }
        while (true) {
            int after = pos + delimiter.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                return out;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), after);
            String head = new String(body, after, headersEnd - after, StandardCharsets.US_ASCII);
            String type = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    type = line.substring(13).trim();
                }
            }
            int next = indexOf(body, ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            if (next < 0) {
                throw new AssertionError("multipart body ends without a closing boundary");
            }
            byte[] part = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
            out.add(new Part(type, part));
            pos = next + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
