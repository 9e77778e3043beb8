package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * Client mistakes on the read side get the status PS3.18 and RFC 9110 give, with the reason in the body,
 * and never a 5xx: unknown UIDs 404, what cannot be given 406, bad ranges 416, bad parameters 400.
 * Also: the accept query parameter, quoted and unquoted type=, and CORS headers for browser clients.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class WadoBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JPHC = "multipart/related; type=\"image/jphc\"";

    @TestHTTPResource("/")
    URL base;

    private String web;
    private String instance;
    private long frameBytes;

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
        web = base + "stores/" + SharedDataArchive.STORE + "/dicomweb";
        JsonNode ct = JSON.readTree(Http.get(web + "/instances?Modality=CT&Rows=512&limit=1").body()).get(0);
        instance = web + "/studies/" + text(ct, "0020000D") + "/series/" + text(ct, "0020000E") + "/instances/" + text(ct, "00080018");
        frameBytes = Http.get(instance + "/frames/1", "Accept", JPHC).parts().get(0).body().length;
    }

    private record Case(String what, String url, int status, String reasonContains, String... headers) {
    }

    @Test
    void clientMistakesGetTheirStatusAndAReason() {
        String unknown = "1.2.3.4.5.6.7.8.9";
        List<Case> cases = new ArrayList<>(List.of(
                new Case("unknown study", web + "/studies/" + unknown, 404, "no study"),
                new Case("unknown study metadata", web + "/studies/" + unknown + "/metadata", 404, "no study"),
                new Case("unknown series metadata", web + "/studies/" + unknown + "/series/" + unknown + "/metadata", 404, "no series"),
                new Case("unknown instance frames", web + "/studies/" + unknown + "/series/" + unknown + "/instances/" + unknown
                        + "/frames/1", 404, "no instance"),
                new Case("unknown store", base + "stores/No_Such/dicomweb/studies/" + unknown, 404, "no store"),
                new Case("malformed UID", web + "/studies/1..2", 400, "empty component"),
                new Case("frame 0", instance + "/frames/0", 404, "has frames 1..1"),
                new Case("frame 2 of 1", instance + "/frames/1,2", 404, "has frames 1..1"),
                new Case("frame list not numbers", instance + "/frames/one", 400, "frame list"),
                new Case("level too deep", instance + "/frames/1?level=9", 400, "does not exist"),
                new Case("negative level", instance + "/frames/1?level=-1", 400, "level must be"),
                new Case("level and resolution", instance + "/frames/1?level=1&resolution=64", 400, "not both"),
                new Case("resolution zero", instance + "/frames/1?resolution=0", 400, "resolution must be"),
                new Case("JPEG baseline instance", instance, 406, "transfer-syntax",
                        "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50"),
                new Case("instance as PNG", instance, 406, "application/dicom", "Accept", "image/png"),
                new Case("frames as JPEG", instance + "/frames/1", 406, "image/jphc",
                        "Accept", "multipart/related; type=\"image/jpeg\""),
                new Case("rendered as GIF", instance + "/rendered", 406, "image/png", "Accept", "image/gif"),
                new Case("range past the end", instance + "/frames/1", 416, "selects no byte",
                        "Accept", JPHC, "Range", "bytes=" + frameBytes + "-"),
                new Case("range not bytes", instance + "/frames/1", 416, "Range must be", "Accept", JPHC, "Range", "lines=1-2"),
                new Case("two ranges", instance + "/frames/1", 416, "Range must be", "Accept", JPHC, "Range", "bytes=0-1,4-5"),
                new Case("range backwards", instance + "/frames/1", 416, "selects no byte", "Accept", JPHC, "Range", "bytes=9-3"),
                new Case("window not numbers", instance + "/rendered?window=a,b", 400, "window center must be a number"),
                new Case("window width 0", instance + "/rendered?window=40,0", 400, "window width must be positive"),
                new Case("viewport zero", instance + "/rendered?viewport=0,0", 400, "viewport width"),
                new Case("quality 500", instance + "/rendered?quality=500", 400, "quality must be"),
                new Case("bulk data path", instance + "/bulkdata/zz", 400, "not a tag"),
                new Case("bulk data absent", instance + "/bulkdata/00091234", 404, "no attribute"),
                new Case("limit not a number", web + "/studies?limit=ten", 400, "limit must be"),
                new Case("limit too large", web + "/studies?limit=100000", 400, "limit must be"),
                new Case("offset negative", web + "/studies?offset=-1", 400, "offset must be"),
                new Case("date not a date", web + "/studies?StudyDate=2012", 400, "StudyDate must be a date"),
                new Case("date range of nothing", web + "/studies?StudyDate=-", 400, "StudyDate must be a date"),
                new Case("time not a time", web + "/studies?StudyTime=noon", 400, "StudyTime must be a time"),
                new Case("unknown key", web + "/studies?FavouriteColour=blue", 400, "cannot match on"),
                new Case("instance key on studies", web + "/studies?SOPInstanceUID=1.2", 400, "not a matching key"),
                new Case("count as a key", web + "/studies?NumberOfStudyRelatedSeries=2", 400, "not a matching key"),
                new Case("bad includefield", web + "/studies?includefield=0010,0010", 400, "includefield"),
                new Case("bad UID list", web + "/studies?StudyInstanceUID=1.2,abc", 400, "StudyInstanceUID"),
                new Case("fuzzymatching not boolean", web + "/studies?fuzzymatching=maybe", 400, "fuzzymatching must be"),
                new Case("series number not a number", web + "/series?SeriesNumber=x", 400, "SeriesNumber must be")));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Http.Answer a = Http.get(c.url(), c.headers());
            if (a.status() != c.status() || !a.text().contains(c.reasonContains())) {
                wrong.add(c.what() + ": " + a.status() + " " + a.text().strip());
            }
            assertTrue(a.status() < 500, c.what() + " answered " + a.status());
        }
        assertEquals(List.of(), wrong);
        Http.Answer range = Http.get(instance + "/frames/1", "Accept", JPHC, "Range", "bytes=" + frameBytes + "-");
        assertEquals("bytes */" + frameBytes, range.header("content-range"));
    }

    @Test
    void acceptParameterQuotesAndCors() throws Exception {
        // cornerstone puts the media type in the accept query parameter; it wins over the header.
        Http.Answer a = Http.get(instance + "/frames/1?accept=" + java.net.URLEncoder.encode(JPHC, "UTF-8"),
                "Accept", "multipart/related; type=\"application/octet-stream\"");
        assertEquals(200, a.status(), a.text());
        assertTrue(a.parts().get(0).contentType().startsWith("image/jphc"), a.parts().get(0).contentType());
        for (String accept : List.of("multipart/related; type=image/jphc", "multipart/related;type=\"image/jphc\"",
                "multipart/related; type=application/octet-stream; transfer-syntax=*")) {
            Http.Answer b = Http.get(instance + "/frames/1", "Accept", accept);
            assertEquals(200, b.status(), accept);
            assertEquals(frameBytes, b.parts().get(0).body().length, accept);
        }
        // A suffix range, and the headers a browser client of a configured origin must be allowed to read
        // (the tests name http://127.0.0.1:*); an origin not named is refused.
        assertEquals(403, Http.get(instance + "/frames/1", "Accept", JPHC, "Origin", "http://viewer.example").status());
        Http.Answer tail = Http.get(instance + "/frames/1", "Accept", JPHC, "Range", "bytes=-2", "Origin", "http://127.0.0.1:3000");
        assertEquals(206, tail.status());
        assertEquals(2, tail.body().length);
        assertEquals(0xD9, tail.body()[1] & 0xFF, "the last two bytes are EOC");
        assertEquals("http://127.0.0.1:3000", tail.header("access-control-allow-origin"));
        String exposed = tail.header("access-control-expose-headers");
        assertTrue(exposed != null && exposed.contains("Content-Range") && exposed.contains("Content-Length"), exposed);
    }

    static String text(JsonNode item, String tag) {
        return item.get(tag).get("Value").get(0).asText();
    }
}
