package org.mist.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real OIDC provider for the tests: Keycloak's Quarkus distribution (copied from Maven Central into
 * target/keycloak by the build), unpacked once, started in dev mode on a free loopback port with the realm of
 * {@code src/test/resources/keycloak/mist-realm.json} (users admin, reader-a, writer-a, reader-b; clients
 * mist-test, mist-short, other-app, ohif). Keycloak needs Java 21 or later: the newest JDK under /usr/lib/jvm
 * (or KEYCLOAK_JAVA_HOME) runs it.
 */
public final class Keycloak implements QuarkusTestResourceLifecycleManager {
    private static final Path HOME = Path.of("target/keycloak").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile String issuer;
    private Process process;

    /** The realm's issuer URL while Keycloak runs. */
    public static String issuer() {
        return issuer;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dist = unpack();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Trees.delete(dist.resolve("data"));
            Files.createDirectories(dist.resolve("data/import"));
            try (InputStream realm = Keycloak.class.getResourceAsStream("/keycloak/mist-realm.json")) {
                Files.copy(realm, dist.resolve("data/import/mist-realm.json"));
            }
            ProcessBuilder pb = new ProcessBuilder("sh", "bin/kc.sh", "start-dev", "--http-host=127.0.0.1",
                    "--http-port=" + port, "--import-realm").directory(dist.toFile()).redirectErrorStream(true)
                    .redirectOutput(HOME.resolve("keycloak.log").toFile());
            pb.environment().put("JAVA_HOME", java21().toString());
            long started = System.nanoTime();
            process = pb.start();
            String url = "http://127.0.0.1:" + port + "/realms/mist";
            waitFor(url + "/.well-known/openid-configuration", Duration.ofMinutes(4));
            System.out.printf("Keycloak ready at %s in %.1f s%n", url, (System.nanoTime() - started) / 1e9);
            issuer = url;
            return Map.of("mist.auth.mode", "oidc", "quarkus.oidc.auth-server-url", url,
                    // the expired-token case waits 2 s past expiry, so no clock skew is allowed in the tests
                    "quarkus.oidc.token.lifespan-grace", "0");
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not start: " + e.getMessage() + " (log: " + HOME.resolve("keycloak.log") + ")", e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        issuer = null;
    }

    /** An access token of {@code user} (password "pw-" + user) through {@code client}'s direct grant. */
    public static String token(String user, String client) {
        String form = "grant_type=password&client_id=" + enc(client) + "&username=" + enc(user) + "&password=" + enc("pw-" + user);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("Keycloak refused a token for " + user + " via " + client + ": " + r.body());
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Path unpack() throws IOException {
        Path zip = HOME.resolve("keycloak.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: the Maven build copies it from Maven Central"
                    + " (org.keycloak:keycloak-quarkus-dist, maven-dependency-plugin); run the tests through ./mvnw");
        }
        Path done = HOME.resolve("dist/.unpacked-" + Files.size(zip));
        if (!Files.exists(done)) {
            Trees.delete(HOME.resolve("dist"));
            try (ZipFile z = new ZipFile(zip.toFile())) {
                for (ZipEntry e : java.util.Collections.list(z.entries())) {
                    Path to = HOME.resolve("dist").resolve(e.getName()).normalize();
                    if (!to.startsWith(HOME.resolve("dist"))) {
                        throw new IOException("zip entry outside its folder: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        try (InputStream in = z.getInputStream(e)) {
                            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            Files.createFile(done);
        }
        try (Stream<Path> s = Files.list(HOME.resolve("dist"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IOException("no keycloak-* folder in " + zip));
        }
    }

    /** A JDK of release 21 or later: KEYCLOAK_JAVA_HOME, this JVM, or the newest under /usr/lib/jvm. */
    static Path java21() throws IOException {
        String given = System.getenv("KEYCLOAK_JAVA_HOME");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        List<Path> candidates;
        try (Stream<Path> s = Files.isDirectory(jvms) ? Files.list(jvms) : Stream.empty()) {
            candidates = s.filter(p -> release(p) >= 21).sorted(Comparator.comparingInt(Keycloak::release).reversed()).toList();
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("Keycloak needs a Java 21+ JDK and none is under /usr/lib/jvm: install one"
                    + " (e.g. Temurin 21 or 25) or set KEYCLOAK_JAVA_HOME");
        }
        return candidates.get(0);
    }

    private static int release(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(jdk.resolve("bin/java"))) {
            return 0;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return 0;
        }
        String v = p.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        try {
            return Integer.parseInt(v.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void waitFor(String url, Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("not ready within " + limit.toSeconds() + " s");
    }
}
