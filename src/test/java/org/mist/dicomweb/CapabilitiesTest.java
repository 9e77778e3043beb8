package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The Retrieve Capabilities transaction (PS3.18 8.9) on a CT slice of the shared data (needs
 * {@code ../shared/data/dicom/ct-series}): OPTIONS on the service root gives a WADL document whose base is that
 * root, with the standard's transaction names; every GET it lists, asked with the slice's UIDs, is answered by a
 * route (not 404 or 405); the JSON form lists the same methods.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class CapabilitiesTest {
    private static final String WADL_NS = "http://wadl.dev.java.net/2009/02";

    @TestHTTPResource("/")
    URL base;

    @Test
    void wadlListsEveryRouteAndEachAnswers() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        Path slice = DicomFiles.ctSlice(1, study, series, "CAPABILITIES");
        String root = base + "stores/capabilities/dicomweb";
        assertEquals(200, Stow.post(root + "/studies", List.of(Stow.Part.file(slice))).status());

        Http.Answer wadl = Http.options(root, "Accept", "application/vnd.sun.wadl+xml");
        assertEquals(200, wadl.status(), wadl.text());
        assertTrue(wadl.header("content-type").startsWith("application/vnd.sun.wadl+xml"), wadl.header("content-type"));
        Element application = DocumentBuilderFactory.newNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(wadl.body())).getDocumentElement();
        assertEquals(WADL_NS, application.getNamespaceURI());
        Element resources = (Element) application.getElementsByTagNameNS(WADL_NS, "resources").item(0);
        assertEquals(root, resources.getAttribute("base"));
        List<String[]> methods = new ArrayList<>();
        collect(resources, "", methods);
        List<String> ids = methods.stream().map(m -> m[1] + " " + m[2]).toList();
        for (String expected : List.of("GET SearchForStudies", "POST StoreInstances", "GET RetrieveStudy", "GET RetrieveSeriesMetadata",
                "GET RetrieveFrames", "GET RetrieveRenderedInstance", "GET RetrieveBulkdata", "DELETE DeleteInstance")) {
            assertTrue(ids.contains(expected), expected + " in " + ids);
        }

        Map<String, String> values = Map.of("{study}", study, "{series}", series, "{instance}", DicomFiles.sopInstanceUid(slice),
                "{frames}", "1", "{frame}", "1", "{path}", "7FE00010");
        int asked = 0;
        for (String[] m : methods) {
            if (!m[1].equals("GET")) {
                continue;
            }
            String path = m[0];
            for (Map.Entry<String, String> v : values.entrySet()) {
                path = path.replace(v.getKey(), v.getValue());
            }
            assertTrue(!path.contains("{"), "a template the test cannot fill: " + m[0]);
            Http.Answer a = Http.get(root + path, "Accept", "*/*");
            assertTrue(a.status() != 404 && a.status() != 405, m[2] + " GET " + path + " answered " + a.status() + ": " + a.text());
            asked++;
        }
        assertTrue(asked >= 20, asked + " GET routes asked");

        Http.Answer json = Http.options(root, "Accept", "application/json");
        assertEquals(200, json.status(), json.text());
        JsonNode tree = new ObjectMapper().readTree(json.body()).path("application").path("resources");
        assertEquals(root, tree.path("base").asText());
        assertEquals(methods.size(), countMethods(tree.path("resource")), "the JSON lists the same methods");
        assertEquals(200, Http.options(base + "dicomweb").status(), "the default store's root");
    }

    /** Depth-first: each method as {path, HTTP method, id}. */
    private static void collect(Element parent, String path, List<String[]> out) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "resource".equals(e.getLocalName())) {
                String p = path + "/" + e.getAttribute("path");
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m && "method".equals(m.getLocalName())) {
                        out.add(new String[] {p, m.getAttribute("name"), m.getAttribute("id")});
                    }
                }
                collect(e, p, out);
            }
        }
    }

    private static int countMethods(JsonNode resources) {
        int n = 0;
        for (JsonNode r : resources) {
            n += r.path("method").size() + countMethods(r.path("resource"));
        }
        return n;
    }
}
