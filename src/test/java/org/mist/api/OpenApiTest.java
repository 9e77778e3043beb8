package org.mist.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mist.testing.Http;
import org.mist.testing.TestServers;

/**
 * The OpenAPI document at /q/openapi: the JAX-RS routes of /api and DICOMweb as Quarkus reads them, and the
 * Vert.x routes (STOW-RS, frames) from META-INF/openapi.yaml, in one document.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class OpenApiTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void documentsApiAndDicomWebRoutes() throws Exception {
        Http.Answer a = Http.get(base + "q/openapi", "Accept", "application/json");
        assertEquals(200, a.status(), a.text());
        JsonNode doc = new ObjectMapper().readTree(a.body());
        assertTrue(doc.path("openapi").asText().startsWith("3."), doc.path("openapi").asText());
        JsonNode paths = doc.path("paths");
        for (String path : List.of("/api/stores", "/api/stores/{store}/changes", "/dicomweb/studies", "/dicomweb/studies/{study}/metadata",
                "/stores/{store}/dicomweb/studies/{study}/series/{series}/instances/{instance}/rendered",
                "/dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frames}")) {
            assertTrue(paths.has(path), path + " in " + paths.size() + " paths");
        }
        assertTrue(paths.path("/dicomweb/studies").has("post"), "STOW-RS from the static part");
        assertTrue(paths.path("/dicomweb/studies").has("get"), "QIDO-RS from the resources");
    }
}
