package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * QIDO-RS matching on the ingested shared data: each filtered search must return exactly the results
 * that the same rule, applied here to the unfiltered listing, selects, in the same (stable) order; paging
 * with limit/offset walks the whole listing without gaps or repeats; the counts agree with the levels below.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class QidoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private String web;

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
        web = base + "stores/" + SharedDataArchive.STORE + "/dicomweb";
    }

    private List<JsonNode> get(String path) throws Exception {
        Http.Answer a = Http.get(web + path);
        assertEquals(200, a.status(), path + ": " + a.text());
        assertTrue(a.header("content-type").startsWith("application/dicom+json"), a.header("content-type"));
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(a.body()).forEach(out::add);
        return out;
    }

    private static String value(JsonNode item, String tag) {
        JsonNode v = item.get(tag);
        if (v == null || !v.has("Value")) {
            return null;
        }
        JsonNode first = v.get("Value").get(0);
        return first.has("Alphabetic") ? first.get("Alphabetic").asText() : first.asText();
    }

    private static List<String> uids(List<JsonNode> items, String tag) {
        return items.stream().map(i -> value(i, tag)).toList();
    }

    private void sameAsFilter(String level, String uidTag, String query, Predicate<JsonNode> rule) throws Exception {
        List<JsonNode> all = get("/" + level + "?limit=10000");
        List<String> expected = uids(all.stream().filter(rule).toList(), uidTag);
        List<String> actual = uids(get("/" + level + "?limit=10000&" + query), uidTag);
        assertEquals(expected, actual, query);
        System.out.printf("QIDO %s?%s: %d of %d%n", level, query, actual.size(), all.size());
    }

    @Test
    void matchingAgreesWithTheRuleAppliedToTheListing() throws Exception {
        List<JsonNode> studies = get("/studies?limit=10000");
        assertTrue(studies.size() > 10, "studies: " + studies.size());
        String someName = studies.stream().map(s -> value(s, "00100010")).filter(n -> n != null && n.length() > 4)
                .findFirst().orElseThrow();
        String fragment = someName.substring(1, 4).toLowerCase(Locale.ROOT);
        sameAsFilter("studies", "0020000D", "PatientName=" + enc("*" + fragment + "*"),
                s -> value(s, "00100010") != null && value(s, "00100010").toLowerCase(Locale.ROOT).contains(fragment));
        String prefix = someName.substring(0, 2);
        sameAsFilter("studies", "0020000D", "00100010=" + enc(prefix + "?*"),
                s -> value(s, "00100010") != null && value(s, "00100010").toLowerCase(Locale.ROOT)
                        .startsWith(prefix.toLowerCase(Locale.ROOT)) && value(s, "00100010").length() >= 3);
        sameAsFilter("studies", "0020000D", "StudyDate=20000101-20121231",
                s -> value(s, "00080020") != null && value(s, "00080020").compareTo("20000101") >= 0
                        && value(s, "00080020").compareTo("20121231") <= 0);
        List<String> dates = studies.stream().map(s -> value(s, "00080020")).filter(d -> d != null).sorted().toList();
        String middle = dates.get(dates.size() / 2);
        sameAsFilter("studies", "0020000D", "StudyDate=-" + middle,
                s -> value(s, "00080020") != null && value(s, "00080020").compareTo(middle) <= 0);
        sameAsFilter("studies", "0020000D", "StudyDate=" + middle + "-",
                s -> value(s, "00080020") != null && value(s, "00080020").compareTo(middle) >= 0);
        sameAsFilter("studies", "0020000D", "StudyDate=" + middle, s -> middle.equals(value(s, "00080020")));
        sameAsFilter("studies", "0020000D", "ModalitiesInStudy=MR",
                s -> s.has("00080061") && s.get("00080061").has("Value") && s.get("00080061").get("Value").toString().contains("\"MR\""));
        String two = value(studies.get(0), "0020000D") + "," + value(studies.get(studies.size() - 1), "0020000D");
        sameAsFilter("studies", "0020000D", "StudyInstanceUID=" + two, s -> two.contains(value(s, "0020000D")));
        sameAsFilter("series", "0020000E", "Modality=CT", s -> "CT".equals(value(s, "00080060")));
        sameAsFilter("instances", "00080018", "Rows=512", i -> "512".equals(value(i, "00280010")));
        sameAsFilter("studies", "0020000D", "StudyDescription=", s -> true);
    }

    @Test
    void pagingWalksTheListingOnceAndCountsAgree() throws Exception {
        List<String> all = uids(get("/series?limit=10000"), "0020000E");
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < all.size(); offset += 7) {
            paged.addAll(uids(get("/series?limit=7&offset=" + offset), "0020000E"));
        }
        assertEquals(all, paged);
        for (JsonNode study : get("/studies?limit=10000")) {
            String uid = value(study, "0020000D");
            List<JsonNode> series = get("/studies/" + uid + "/series");
            assertEquals(series.size(), Integer.parseInt(value(study, "00201206")), uid);
            int instances = 0;
            for (JsonNode s : series) {
                int n = get("/studies/" + uid + "/series/" + value(s, "0020000E") + "/instances").size();
                assertEquals(n, Integer.parseInt(value(s, "00201209")));
                instances += n;
            }
            assertEquals(instances, Integer.parseInt(value(study, "00201208")), uid);
            assertEquals(instances, get("/studies/" + uid + "/instances").size());
            assertTrue(value(study, "00081190").endsWith("/studies/" + uid), "RetrieveURL " + value(study, "00081190"));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
