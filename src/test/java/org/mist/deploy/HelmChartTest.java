package org.mist.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * helm/mist through Helm's own code (helm-java): lint in strict mode, and template with the default values and
 * with the production example; the rendered objects validated against the Kubernetes API schemas by npm's
 * kubernetes-models (src/test/node/validate-k8s.mjs); and every environment variable the README lists either set
 * by the chart or named below with the reason it is not.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("helm", "mist");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** README variables the chart leaves alone, and why. */
    private static final Map<String, String> NOT_SET = Map.of(
            "MIST_DATA", "the embedded default's folder: the chart always names an external database and S3",
            "MIST_DURABLE", "turns fsync off, for throwaway benchmark data only",
            "MIST_VIEWER_DIR", "the image serves the viewer from its own build, when one is put into it",
            "MIST_DIMSE_ALLOWED_CALLING_AE_TITLES", "the chart lists each AE with its store and operations (dimse.callers)");

    @Test
    void lintsAndRendersValidObjects() throws Exception {
        // helm-java's lint takes the chart's own values only; the production file is checked by rendering it
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), "helm lint --strict: " + lint.getMessages());
        for (Path values : List.of(CHART.resolve("values.yaml"), CHART.resolve("values-production.yaml"))) {
            List<JsonNode> objects = render(values);
            Set<String> kinds = new TreeSet<>();
            objects.forEach(o -> kinds.add(o.path("kind").asText()));
            assertTrue(kinds.containsAll(List.of("Deployment", "Service", "ConfigMap", "PodDisruptionBudget")), values + ": " + kinds);
            validate(objects, values.getFileName().toString());

            JsonNode deployment = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(), "read-only root");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), "non-root");
            assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
            assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
            assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > 30, "longer than MIST_SHUTDOWN_GRACE");
        }
        List<JsonNode> production = render(CHART.resolve("values-production.yaml"));
        Set<String> kinds = new TreeSet<>();
        production.forEach(o -> kinds.add(o.path("kind").asText()));
        assertTrue(kinds.containsAll(List.of("Ingress", "HorizontalPodAutoscaler")), "production: " + kinds);
        assertFalse(kinds.contains("Secret"), "production reads its credentials from existing Secrets: " + kinds);
    }

    @Test
    void setsEveryVariableTheReadmeLists() throws Exception {
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `(MIST_[A-Z_]+)`(?:, `(MIST_[A-Z_]+)`)?").matcher("");
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (m.reset(line).find()) {
                listed.add(m.group(1));
                if (m.group(2) != null) {
                    listed.add(m.group(2));
                }
            }
        }
        assertTrue(listed.size() >= 15, "variables in the README's tables: " + listed);
        Set<String> set = new TreeSet<>();
        for (JsonNode o : render(CHART.resolve("values.yaml"))) {
            o.path("data").fieldNames().forEachRemaining(set::add);
            if (o.path("kind").asText().equals("Deployment")) {
                o.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                        .forEach(e -> set.add(e.path("name").asText()));
            }
        }
        Set<String> missing = new TreeSet<>(listed);
        missing.removeAll(set);
        missing.removeAll(NOT_SET.keySet());
        assertTrue(missing.isEmpty(), "README variables the chart neither sets nor explains: " + missing);
    }

    private static List<JsonNode> render(Path values) throws Exception {
        String yaml = new Helm(CHART).template().withName("mist").withNamespace("imaging").withValuesFile(values).call();
        List<JsonNode> out = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode doc : JSON.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && doc.has("kind")) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    private static void validate(List<JsonNode> objects, String name) throws Exception {
        ArrayNode array = JSON.createArrayNode();
        objects.forEach(array::add);
        Path file = Files.createTempFile("mist-chart-", ".json");
        Files.writeString(file, array.toString());
        Process p = new ProcessBuilder("node", "validate-k8s.mjs", file.toAbsolutePath().toString()).directory(Path.of("src/test/node").toFile())
                .redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), name + " against the Kubernetes schemas:\n" + report);
        assertEquals(objects.size(), report.lines().filter(l -> l.startsWith("valid ")).count(), report);
        System.out.print(name + ":\n" + report);
    }
}
