package org.mist.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * Frame reads in the audit trail (needs {@code ../shared/data/dicom/ct-series}): the successful reads of one caller and
 * series within a second are gathered into records that count them, and together count every read; a refused or
 * failed read stays a record of its own.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class AuditGatheringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void successfulFrameReadsAreCountedNotRepeated() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        List<Path> slices = List.of(DicomFiles.ctSlice(1, study, series, "GATHER"), DicomFiles.ctSlice(2, study, series, "GATHER"));
        String web = base + "stores/gather/dicomweb";
        assertEquals(200, Stow.post(web + "/studies", slices.stream().map(Stow.Part::file).toList()).status());
        long start = 0;
        for (JsonNode e : audit(0)) {
            start = Math.max(start, e.get("id").asLong());
        }

        String seriesPath = web + "/studies/" + study + "/series/" + series + "/instances/";
        String first = seriesPath + DicomFiles.sopInstanceUid(slices.get(0)) + "/frames/1";
        String second = seriesPath + DicomFiles.sopInstanceUid(slices.get(1)) + "/frames/1";
        for (String frame : List.of(first, first, first, first, second, second)) {
            assertEquals(200, Http.get(frame, "Accept", "multipart/related; type=\"application/octet-stream\"").status());
        }
        assertEquals(404, Http.get(seriesPath + DicomFiles.sopInstanceUid(slices.get(0)) + "/frames/9").status());

        List<JsonNode> reads = new ArrayList<>();
        List<JsonNode> refused = new ArrayList<>();
        for (JsonNode e : audit(start)) {
            if (series.equals(e.path("series").asText(null)) && e.get("door").asText().equals("dicomweb")
                    && e.get("operation").asText().contains("/frames/")) {
                (e.get("status").asInt() == 200 ? reads : refused).add(e);
            }
        }
        int counted = reads.stream().mapToInt(e -> e.get("requests").asInt()).sum();
        assertEquals(6, counted, "every read counted once: " + reads);
        assertTrue(reads.size() <= 2, "six reads within a second, gathered (at most split by the window): " + reads);
        for (JsonNode e : reads) {
            assertEquals("INSTANCES_TRANSFERRED", e.get("type").asText());
            assertEquals(0, e.get("outcome").asInt());
            assertEquals("gather", e.get("store").asText());
        }
        if (reads.size() == 1) {
            assertNull(reads.get(0).path("instance").asText(null), "reads of two instances name neither: " + reads);
            assertEquals("GET " + first.substring(first.indexOf("/stores/")), reads.get(0).get("operation").asText());
        }
        assertEquals(1, refused.size(), "the failed read, on its own: " + refused);
        assertEquals(404, refused.get(0).get("status").asInt());
        assertEquals(1, refused.get(0).get("requests").asInt());
    }

    private List<JsonNode> audit(long since) throws Exception {
        Http.Answer a = Http.get(base + "api/audit?limit=10000&since=" + since);
        assertEquals(200, a.status(), a.text());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(a.body()).forEach(out::add);
        return out;
    }
}
