package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * The accept query parameter as clients write it: an unescaped {@code ;} belongs to the media type, a
 * {@code +} stays a plus, %XX is decoded; on the frames route and on the JAX-RS resources alike.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class AcceptParameterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void parsedAsClientsWriteIt() {
        assertEquals("multipart/related;type=\"image/jphc\"", AcceptParameter.fromQuery("accept=multipart/related;type=%22image/jphc%22"));
        assertEquals("multipart/related; type=image/jphc", AcceptParameter.fromQuery("level=1&accept=multipart/related;%20type=image/jphc"));
        assertEquals("application/dicom+json", AcceptParameter.fromQuery("Accept=application/dicom+json&limit=1"));
        assertEquals("multipart/related; type=\"image/jphc\"", AcceptParameter.fromQuery(
                "accept=multipart%2Frelated%3B+type%3D%22image%2Fjphc%22"), "form-encoded, as Java's URLEncoder writes it");
        assertNull(AcceptParameter.fromQuery("accept=&level=1"));
        assertNull(AcceptParameter.fromQuery("level=1"));
        assertNull(AcceptParameter.fromQuery(null));
    }

    @Test
    void anUnescapedSemicolonReachesTheNegotiation() throws Exception {
        SharedDataArchive.load(base.toString());
        JsonNode i = JSON.readTree(Http.get(base + "stores/shared/dicomweb/instances?limit=1&Modality=CT&Rows=512").body()).get(0);
        String instance = base + "stores/shared/dicomweb/studies/" + i.get("0020000D").get("Value").get(0).asText() + "/series/"
                + i.get("0020000E").get("Value").get(0).asText() + "/instances/" + i.get("00080018").get("Value").get(0).asText();
        Http.Answer frame = Http.get(instance + "/frames/1?accept=multipart/related;type=image/jphc");
        assertEquals(200, frame.status(), frame.text());
        assertTrue(frame.header("Content-Type").contains("image/jphc"), frame.header("Content-Type"));
        Http.Answer quoted = Http.get(instance + "/frames/1?accept=multipart/related;type=%22image/jphc%22;transfer-syntax=*");
        assertTrue(quoted.header("Content-Type").contains("image/jphc"), quoted.header("Content-Type"));
        Http.Answer octets = Http.get(instance + "/frames/1?accept=multipart/related;type=application/octet-stream");
        assertTrue(octets.header("Content-Type").contains("application/octet-stream"), octets.header("Content-Type"));
        Http.Answer whole = Http.get(instance + "?accept=multipart/related;type=application/dicom;transfer-syntax=*");
        assertEquals(200, whole.status(), whole.text());
        assertTrue(whole.header("Content-Type").contains("application/dicom"), whole.header("Content-Type"));
        assertTrue(whole.parts().get(0).contentType().contains("1.2.840.10008.1.2.4.202"), whole.parts().get(0).contentType());
    }
}
