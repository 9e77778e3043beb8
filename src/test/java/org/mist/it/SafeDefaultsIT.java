package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.ServiceProcess;

/**
 * The packaged service's safe default: on any address but loopback it does not start without MIST_AUTH, and says
 * which setting to set; with API keys it starts, the first admin key made by {@code mist key} on the command line,
 * and a caller without a key gets 401.
 */
class SafeDefaultsIT {
    private static final String JAR = System.getProperty("mist.app.jar", "target/quarkus-app/quarkus-run.jar");

    @Test
    void refusesToExposeAnOpenArchiveAndStartsWithKeys() throws Exception {
        Path dir = Files.createTempDirectory("mist-safe-defaults");
        Run refused = run(dir, Map.of("MIST_HTTP_HOST", "0.0.0.0"));
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("MIST_AUTH") && refused.output().contains("0.0.0.0"), refused.output());
        assertTrue(!Files.exists(dir.resolve("mist-data")), "nothing was created before the refusal");

        Run badMode = run(dir, Map.of("MIST_AUTH", "sometimes"));
        assertEquals(2, badMode.exit(), badMode.output());
        assertTrue(badMode.output().contains("oidc, keys or none"), badMode.output());

        Run made = run(dir, Map.of(), "key", "first admin", "mist:admin");
        assertEquals(0, made.exit(), made.output());
        String key = made.output().lines().filter(l -> l.startsWith("mist_")).findFirst().orElseThrow(() ->
                new AssertionError("no key printed: " + made.output()));

        try (ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx512m"),
                Map.of("MIST_HTTP_HOST", "0.0.0.0", "MIST_AUTH", "keys"))) {
            Http.Answer anonymous = Http.get(service.base() + "dicomweb/studies");
            assertEquals(401, anonymous.status(), anonymous.text());
            assertEquals(200, Http.get(service.base() + "dicomweb/studies", "Authorization", "Bearer " + key).status());
            Http.Answer token = Http.get(service.base() + "dicomweb/studies", "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.x");
            assertEquals(401, token.status(), "a token where only keys are taken");
            assertTrue(token.text().contains("MIST_AUTH=keys"), token.text());
        }
    }

    private record Run(int exit, String output) {
    }

    /** {@code mist [args]} on the packaged jar with MIST_DATA under {@code dir}: its exit status and output. */
    private static Run run(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MIST_DATA", dir.resolve("mist-data").toString());
        pb.environment().put("MIST_HTTP_PORT", "0");
        pb.environment().put("MIST_DIMSE_ENABLED", "false");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "mist " + String.join(" ", args) + " did not end");
        return new Run(p.exitValue(), out);
    }
}
