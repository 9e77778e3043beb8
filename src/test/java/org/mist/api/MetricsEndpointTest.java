package org.mist.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mist.dimse.DimseServer;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * The Prometheus endpoint, scraped before and after a known set of requests on CT slices of the shared data (needs
 * {@code ../shared/data/dicom/ct-series}): each route's request count grows by exactly the requests made, routes
 * are named by their templates (no UID ever becomes a label), and the archive's meters (instances, codec, object
 * store, frame bytes, DIMSE) and the database pool report, and every series the dashboard in deploy/ plots is served.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class MetricsEndpointTest {
    private static final String STORE = "metrics";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{.*\\})?) (\\S+)$");
    private static final Pattern UID_IN_LABEL = Pattern.compile("\"[^\"]*\\d+\\.\\d+\\.\\d+\\.\\d+[^\"]*\"");

    @TestHTTPResource("/")
    URL base;
    @Inject
    DimseServer dimse;

    private Map<String, Double> scrape() {
        Http.Answer a = Http.get(base + "q/metrics", "Accept", "text/plain");
        assertEquals(200, a.status(), a.text());
        Map<String, Double> out = new HashMap<>();
        for (String line : a.text().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!line.startsWith("#") && m.matches()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    /** The sum, over the samples of {@code name} whose labels include every one of {@code labels}, of after - before. */
    private static double grew(Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            String key = e.getKey();
            if (!(key.equals(name) || key.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= key.contains(l);
            }
            if (all) {
                sum += e.getValue() - before.getOrDefault(key, 0.0);
            }
        }
        return sum;
    }

    @Test
    void requestCountsAddUpAndNoUidBecomesALabel() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        List<Path> slices = List.of(DicomFiles.ctSlice(1, study, series, "METRICS"), DicomFiles.ctSlice(2, study, series, "METRICS"));
        String web = base + "stores/" + STORE + "/dicomweb";
        Map<String, Double> before = scrape();

        assertEquals(200, Stow.post(web + "/studies", slices.stream().map(Stow.Part::file).toList()).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.get(web + "/studies?StudyInstanceUID=" + study).status());
        }
        String instance = web + "/studies/" + study + "/series/" + series + "/instances/" + DicomFiles.sopInstanceUid(slices.get(0));
        for (int i = 0; i < 2; i++) {
            assertEquals(200, Http.get(instance + "/frames/1?level=" + i, "Accept", "multipart/related; type=\"application/octet-stream\"")
                    .status());
        }
        assertEquals(404, Http.get(web + "/studies/" + DicomFiles.newUid() + "/metadata").status());
        Dcmtk.Run echo = Dcmtk.run("echoscu", "-aet", "MISTTEST", "-aec", "MIST", "127.0.0.1", Integer.toString(dimse.port()));
        assertEquals(0, echo.exit(), echo.output());

        Map<String, Double> after = scrape();
        String requests = "http_server_requests_seconds_count";
        String routes = after.keySet().stream().filter(k -> k.startsWith(requests)).sorted().toList().toString();
        assertEquals(1, grew(before, after, requests, "method=\"POST\"", "status=\"200\""), "one STOW-RS: " + routes);
        assertEquals(3, grew(before, after, requests, "method=\"GET\"", "status=\"200\"", "uri=\"/stores/{store}/dicomweb/studies\""),
                "three QIDO-RS: " + routes);
        assertEquals(2, grew(before, after, requests, "status=\"200\"", "/frames/{frames}\""), "two frame requests: " + routes);
        assertEquals(1, grew(before, after, requests, "status=\"404\""), "one 404");
        for (String key : after.keySet()) {
            assertTrue(!key.startsWith("http_server_requests") || !UID_IN_LABEL.matcher(key).find(), "a UID became a label: " + key);
        }
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("http_server_requests_seconds_bucket")), "latency histograms");

        assertEquals(2, grew(before, after, "mist_instances_total", "outcome=\"stored\""));
        assertEquals(2, grew(before, after, "mist_codec_seconds_count", "operation=\"encode\""));
        assertTrue(grew(before, after, "mist_codec_seconds_count", "operation=\"decode\"") >= 0);
        assertTrue(grew(before, after, "mist_frame_bytes_read_bytes_total", "level=\"0\"") > 0, "bytes read at level 0");
        assertTrue(grew(before, after, "mist_frame_bytes_read_bytes_total", "level=\"1\"") > 0, "bytes read at level 1");
        assertTrue(grew(before, after, "mist_object_store_seconds_count", "operation=\"put\"") >= 4, "2 frames and 2 headers written");
        assertEquals(1, grew(before, after, "mist_dimse_requests_total", "command=\"C-ECHO\"", "status=\"0000\""));
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("agroal_")), "the database pool");
        assertEquals(0.0, after.entrySet().stream().filter(e -> e.getKey().startsWith("mist_in_flight{transfer=\"stow\"")).findFirst()
                .orElseThrow().getValue(), "STOW in flight, none once answered");

        // Every series deploy/grafana-dashboard.json plots is one the endpoint serves.
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy", "grafana-dashboard.json").toFile());
        Matcher metric = Pattern.compile("\\b((?:http_server_requests|mist|agroal|jvm)_[a-z_]+)\\b").matcher("");
        int plotted = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                metric.reset(target.path("expr").asText());
                while (metric.find()) {
                    String name = metric.group(1);
                    assertTrue(after.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{")),
                            "the dashboard plots " + name + ", which /q/metrics does not serve");
                    plotted++;
                }
            }
        }
        assertTrue(plotted >= 10, plotted + " series in the dashboard");
    }
}
