package org.mist.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.ext.web.Route;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Keycloak;
import org.mist.testing.Stow;

/**
 * Who may do what, against a real OIDC provider (Keycloak, {@link Keycloak}): every route of the running
 * application, found in the application itself (the JAX-RS resources and the Vert.x router), against ten callers,
 * with the outcome the README's access table gives; then the audit trail holds exactly those requests. The table
 * below is the README's, written out independently of {@code RouteRules}: a route neither knows fails the test.
 */
@QuarkusTest
@TestProfile(AccessTest.Oidc.class)
class AccessTest {
    public static class Oidc implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Keycloak.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mist.dimse.callers", "STORESCU=a:store;FINDSCU=a:find", "mist.viewer.stores", "a");
        }
    }

    /** What a route needs, as the README's table says. */
    enum Need { PUBLIC, AUTHENTICATED, EVERY_STORE, ADMIN, READ, WRITE, UPDATE }

    /** One caller: its Authorization header (null: none), and the stores it may read, write, update. */
    record Who(String name, String authorization, String principal, boolean valid, boolean admin, Set<String> read,
               Set<String> write, Set<String> update) {
        int expected(Need need, String store) {
            if (authorization != null && !valid) {
                return 401;  // credentials that do not hold are refused everywhere
            }
            if (need == Need.PUBLIC || admin) {
                return 200;
            }
            if (authorization == null) {
                return 401;
            }
            return switch (need) {
                case AUTHENTICATED -> 200;
                case READ -> read.contains(store) ? 200 : 403;
                case WRITE -> write.contains(store) ? 200 : 403;
                case UPDATE -> update.contains(store) ? 200 : 403;
                default -> 403;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * What an error body must not show: a stack frame, an exception's class, a source file or path, SQL, a
     * product or its version.
     */
    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "\\bat [a-z]+\\.[a-z]+\\.|[A-Za-z]+(Exception|Error)\\b|\\.java\\b|/work/|/home/|\\bselect\\b.*\\bfrom\\b"
                    + "|\\binsert into\\b|Quarkus|Vert\\.x|PostgreSQL|OpenJPH|-SNAPSHOT|\\.Final\\b|\\bversion \\d",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final String FAKE_UID = "1.2.826.0.1.3680043.10.543.999";

    @TestHTTPResource("/")
    URL base;
    @Inject
    RouteRecorder routes;
    @Inject
    org.mist.dimse.DimseServer dimse;

    @Test
    void everyRouteForEveryCallerThenTheAuditTrail() throws Exception {
        String admin = "Bearer " + Keycloak.token("admin", "mist-test");
        // One CT slice in store a, one in store b (needs ../shared/data/dicom/ct-series).
        String studyA = DicomFiles.newUid();
        Path sliceA = DicomFiles.ctSlice(1, studyA, DicomFiles.newUid(), "ACCESS-A");
        Path sliceB = DicomFiles.ctSlice(2, DicomFiles.newUid(), DicomFiles.newUid(), "ACCESS-B");
        stow("stores/a/dicomweb/studies", sliceA, admin);
        stow("stores/b/dicomweb/studies", sliceB, admin);
        String seriesA = DicomFiles.seriesInstanceUid(sliceA);
        String sopA = DicomFiles.sopInstanceUid(sliceA);

        String keyB = key(admin, "reader of b", "mist:b:read");
        String revoked = key(admin, "revoked", "mist:a:read");
        String revokedId = revoked.substring("mist_".length(), revoked.indexOf('_', "mist_".length()));
        assertEquals(204, Http.request("DELETE", base + "api/keys/" + revokedId, new byte[0], "Authorization", admin).status());
        // A token of 3 s (no clock skew in this profile), taken while valid, so that MIST keeps it as verified: after
        // it expires the matrix expects 401 with it everywhere, kept or not.
        String expiring = Keycloak.token("reader-a", "mist-short");
        assertEquals(200, Http.get(base + "stores/a/dicomweb/studies", "Authorization", "Bearer " + expiring).status());
        String readerA = Keycloak.token("reader-a", "mist-test");
        String tampered = tamper(readerA);
        Thread.sleep(4_000);

        List<Who> callers = List.of(
                new Who("anonymous", null, "anonymous", true, false, Set.of(), Set.of(), Set.of()),
                new Who("reader of a", "Bearer " + readerA, "oidc:reader-a", true, false, Set.of("a"), Set.of(), Set.of()),
                new Who("writer of a", "Bearer " + Keycloak.token("writer-a", "mist-test"), "oidc:writer-a", true, false,
                        Set.of(), Set.of("a"), Set.of()),
                new Who("admin", admin, "oidc:admin", true, true, Set.of(), Set.of(), Set.of()),
                new Who("reader of b", "Bearer " + Keycloak.token("reader-b", "mist-test"), "oidc:reader-b", true, false,
                        Set.of("b"), Set.of(), Set.of()),
                new Who("expired token", "Bearer " + expiring, "anonymous", false, false, Set.of(), Set.of(), Set.of()),
                new Who("wrong audience", "Bearer " + Keycloak.token("reader-a", "other-app"), "anonymous", false, false,
                        Set.of(), Set.of(), Set.of()),
                new Who("tampered signature", "Bearer " + tampered, "anonymous", false, false, Set.of(), Set.of(), Set.of()),
                new Who("revoked key", "Bearer " + revoked, "anonymous", false, false, Set.of(), Set.of(), Set.of()),
                new Who("key of b", "Bearer " + keyB, "key:" + keyB.substring(5, keyB.indexOf('_', 5)), true, false,
                        Set.of("b"), Set.of(), Set.of()));

        Map<String, String> values = new HashMap<>(Map.of("store", "a", "study", studyA, "series", seriesA, "instance", sopA,
                "frame", "1", "frames", "1", "format", "png", "code", "113001", "version", "1", "id", "no-such-id"));
        values.put("path", "00081140");
        values.put("file", "report.html");

        long auditStart = lastAuditId(admin);
        List<String> made = new ArrayList<>();  // principal, method, URI, status of every audited request
        List<String> failures = new ArrayList<>();
        Set<String> templates = routes.templates(base);
        assertTrue(templates.size() > 60, "the application's routes: " + templates);
        int requests = 0;
        for (String route : templates) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            Need need = need(method, template);
            if (need == null) {
                failures.add(route + ": not in the README's access table");
                continue;
            }
            boolean mutating = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
            String store = template.contains("{store}") ? "a" : template.startsWith("/api/") || template.startsWith("/dicomweb") ? "default" : null;
            String uri = fill(template, values, mutating);
            for (Who who : callers) {
                Http.Answer a = who.authorization == null ? Http.request(method, base + uri.substring(1), new byte[0])
                        : Http.request(method, base + uri.substring(1), new byte[0], "Authorization", who.authorization);
                requests++;
                int expected = who.expected(need, store);
                boolean ok = expected == 200 ? a.status() != 401 && a.status() != 403 && a.status() < 500 : a.status() == expected;
                if (!ok) {
                    failures.add(String.format("%s %s as %s: %d (expected %s): %s", method, uri, who.name, a.status(),
                            expected == 200 ? "allowed" : expected, a.text().lines().findFirst().orElse("")));
                }
                if (a.status() >= 400 && INTERNALS.matcher(a.text()).find()) {
                    failures.add(String.format("%s %s as %s: the error body shows server internals: %s", method, uri, who.name,
                            a.text()));
                }
                if (who.read.equals(Set.of("b")) && a.status() == 200) {
                    assertFalse(a.text().contains(studyA), "store a's study reached " + who.name + " through " + uri);
                }
                if (need != Need.PUBLIC || who.authorization != null && !who.valid) {
                    made.add(String.join(" ", who.valid ? who.principal : "anonymous", method, uri, Integer.toString(a.status())));
                }
            }
        }
        System.out.printf("access matrix: %d routes x %d callers = %d requests, %d unexpected; the routes: %s%n",
                templates.size(), callers.size(), requests, failures.size(), templates);
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        // The store list and the feed: b's reader sees b alone, and not the feed of every store.
        String readerB = callers.get(4).authorization;
        List<String> listed = new ArrayList<>();
        JSON.readTree(Http.get(base + "api/stores", "Authorization", readerB).body()).forEach(s -> listed.add(s.get("name").asText()));
        assertEquals(List.of("b"), listed);
        made.add("oidc:reader-b GET /api/stores 200");

        // The audit trail: exactly the requests of the matrix, each with its principal and status.
        List<String> audited = new ArrayList<>();
        for (JsonNode e : audit(admin, auditStart)) {
            if (e.get("door").asText().equals("dimse") || e.get("operation").asText().startsWith("GET /api/audit?limit=")) {
                continue;
            }
            audited.add(String.join(" ", e.get("principal").asText(), e.get("operation").asText(), e.get("status").asText()));
        }
        List<String> missing = new ArrayList<>(made);
        audited.forEach(missing::remove);
        List<String> extra = new ArrayList<>(audited);
        made.forEach(extra::remove);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "the audit trail against the " + made.size()
                + " requests made: not recorded " + missing + "; recorded but not made " + extra);
    }

    /**
     * The DICOM node's calling AE list (STORESCU may store into a, FINDSCU may find in a): an AE not on it is
     * rejected at association, one that may store but not move gets Refused: Not Authorized on C-MOVE, as DCMTK
     * shows; the audit trail has each, by AE title.
     */
    @Test
    void callingAeList() throws Exception {
        String admin = "Bearer " + Keycloak.token("admin", "mist-test");
        long auditStart = lastAuditId(admin);
        String port = Integer.toString(dimse.port());
        String study = DicomFiles.newUid();
        Path slice = DicomFiles.ctSlice(3, study, DicomFiles.newUid(), "ACCESS-DIMSE");

        Dcmtk.Run stranger = Dcmtk.run("echoscu", "-aet", "STRANGER", "-aec", "MIST", "127.0.0.1", port);
        assertTrue(stranger.exit() != 0 && stranger.output().contains("Association Rejected"), stranger.output());
        Dcmtk.Run stored = Dcmtk.run("storescu", "-aet", "STORESCU", "-aec", "MIST", "127.0.0.1", port, slice.toString());
        assertEquals(0, stored.exit(), stored.output());
        Dcmtk.Run move = Dcmtk.run("movescu", "-aet", "STORESCU", "-aec", "MIST", "-aem", "RECV", "-S",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1", port);
        assertTrue(move.output().contains("error status") && move.output().contains("0x124"), move.output());
        Dcmtk.Run find = Dcmtk.run("findscu", "-aet", "FINDSCU", "-aec", "MIST", "-S", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=" + study, "127.0.0.1", port);
        assertEquals(0, find.exit(), find.output());
        assertTrue(find.output().contains(study), "FINDSCU finds what STORESCU stored in store a: " + find.output());
        System.out.println("DCMTK, AE not listed: " + stranger.output().lines().filter(l -> l.contains("Reject")).findFirst().orElse("")
                + " | C-MOVE by an AE that may only store: " + move.output().lines().filter(l -> l.contains("0x124")).findFirst().orElse(""));

        List<String> audited = new ArrayList<>();
        for (JsonNode e : audit(admin, auditStart)) {
            if (e.get("door").asText().equals("dimse")) {
                audited.add(String.join(" ", e.get("principal").asText(), e.get("operation").asText(), e.get("status").asText(),
                        e.get("outcome").asText(), e.path("store").asText("-")));
            }
        }
        assertEquals(List.of("ae:STRANGER A-ASSOCIATE 292 4 -", "ae:STORESCU C-STORE 0 0 a", "ae:STORESCU C-MOVE 292 4 a",
                "ae:FINDSCU C-FIND 0 0 a"), audited);
    }

    /**
     * OHIF in Chromium with login: without it the viewer shows Keycloak's form and MIST answers 401; playwright fills
     * the form as reader-a, then the study list shows store a's CT study and the viewport draws it, every request
     * to MIST with the token (needs ../shared/data/dicom/ct-series, the OHIF build and Chromium).
     */
    @Test
    void ohifLogsInThroughKeycloak() throws Exception {
        Path node = Path.of("src/test/node");
        assertTrue(java.nio.file.Files.exists(Path.of("viewer/ohif/dist/index.html"))
                && java.nio.file.Files.isDirectory(node.resolve("node_modules/playwright-core")),
                "the OHIF viewer or playwright-core is missing: scripts/test.sh installs them (scripts/viewer.sh, npm ci)");
        String admin = "Bearer " + Keycloak.token("admin", "mist-test");
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        List<Stow.Part> parts = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            parts.add(Stow.Part.file(DicomFiles.ctSlice(n, study, series, "ACCESS-OHIF")));
        }
        Http.Answer stored = Http.post(base + "stores/a/dicomweb/studies", Stow.body(parts).readAllBytes(),
                "Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + Stow.BOUNDARY, "Authorization", admin);
        assertEquals(200, stored.status(), stored.text());
        Path screenshot = Path.of("target/ohif-login.png").toAbsolutePath();
        Process p = new ProcessBuilder("node", "ohif-login.mjs", JSON.writeValueAsString(Map.of("viewer", base + "viewer",
                "mist", base + "stores/a/dicomweb", "study", study, "patientName", "Pancreas-CT-CB_001", "user", "reader-a",
                "password", "pw-reader-a", "screenshot", screenshot.toString()))).directory(node.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "ohif-login.mjs did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("all checks passed"), out);
    }

    /** The README's access table. */
    static Need need(String method, String t) {
        if (t.equals("/") || t.equals("/viewer") || t.startsWith("/viewer/") || t.startsWith("/q/health")) {
            return Need.PUBLIC;
        }
        if (t.startsWith("/q/openapi") || t.equals("/api/version") || t.equals("/api/stores") || t.startsWith("/api/eval/{id}")) {
            return Need.AUTHENTICATED;
        }
        if (t.equals("/api/changes")) {
            return Need.EVERY_STORE;
        }
        if (t.startsWith("/api/keys") || t.equals("/api/audit") || t.equals("/api/transcoding") || t.startsWith("/q/")) {
            return Need.ADMIN;
        }
        if (!t.startsWith("/dicomweb") && !t.startsWith("/stores/{store}/dicomweb") && !t.startsWith("/api/")) {
            return null;
        }
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> Need.READ;
            case "DELETE", "PATCH" -> Need.UPDATE;
            case "POST" -> t.endsWith("/dicomweb/studies") || t.endsWith("/dicomweb/studies/{study}") || t.endsWith("/ingest")
                    ? Need.WRITE
                    : t.contains("/reject/") || t.endsWith("/restore") ? Need.UPDATE
                    : t.endsWith("/eval") ? Need.READ : null;
            default -> null;
        };
    }

    /** The template with its parameters; a route that changes data gets UIDs of nothing stored, so it changes nothing. */
    private static String fill(String template, Map<String, String> values, boolean mutating) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([a-z]+)(?:: [^}]+)?}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            String v = mutating && (name.equals("study") || name.equals("series") || name.equals("instance")) ? FAKE_UID
                    : values.get(name);
            if (v == null) {
                throw new AssertionError("the matrix has no value for {" + name + "} of " + template);
            }
            m.appendReplacement(out, v);
        }
        m.appendTail(out);
        return out.toString();
    }

    private void stow(String path, Path file, String authorization) throws Exception {
        Http.Answer a = Http.post(base + path, Stow.body(List.of(Stow.Part.file(file))).readAllBytes(),
                "Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + Stow.BOUNDARY,
                "Authorization", authorization);
        assertEquals(200, a.status(), a.text());
    }

    private String key(String admin, String name, String role) throws Exception {
        Http.Answer a = Http.post(base + "api/keys", ("{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"],\"lifetime\":\"P1D\"}")
                .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json", "Authorization", admin);
        assertEquals(201, a.status(), a.text());
        return JSON.readTree(a.body()).get("key").asText();
    }

    private long lastAuditId(String admin) throws Exception {
        long last = 0;
        for (JsonNode e : audit(admin, 0)) {
            last = Math.max(last, e.get("id").asLong());
        }
        return last;
    }

    private List<JsonNode> audit(String admin, long since) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            Http.Answer a = Http.get(base + "api/audit?limit=10000&since=" + since, "Authorization", admin);
            assertEquals(200, a.status(), a.text());
            JsonNode page = JSON.readTree(a.body());
            page.forEach(all::add);
            if (page.size() < 10000) {  // (each read of the trail is in it too: reading until empty never ends)
                return all;
            }
            since = page.get(page.size() - 1).get("id").asLong();
        }
    }

    /** The token with one character of its signature changed. */
    private static String tamper(String token) {
        int at = token.lastIndexOf('.') + 10;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    /** Every route of the application: the Vert.x router's (named by their templates) and the JAX-RS resources'. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class RouteRecorder {
        private volatile io.vertx.ext.web.Router router;

        void record(@jakarta.enterprise.event.Observes io.vertx.ext.web.Router router) {
            this.router = router;
        }

        Set<String> templates(URL base) throws Exception {
            Set<String> out = new TreeSet<>();
            for (Route r : router.getRoutes()) {
                String path = r.getName() != null ? r.getName() : r.isRegexPath() ? null : r.getPath();
                if (r.isRegexPath() && r.getName() == null) {
                    throw new AssertionError("a regex route without a name (its template): " + r);
                }
                if (path == null || path.isEmpty() || path.equals("/*")) {
                    continue;  // filters and handlers of every request
                }
                Set<io.vertx.core.http.HttpMethod> methods = r.methods() == null || r.methods().isEmpty()
                        ? Set.of(io.vertx.core.http.HttpMethod.GET) : r.methods();
                for (var m : methods) {
                    out.add(m.name() + " " + path.replaceAll("/\\*$", "/{file}"));
                }
            }
            out.addAll(org.mist.testing.JaxRsRoutes.all());
            return out;
        }
    }
}
