package org.mist.dicomweb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Retrieve Capabilities transaction (PS3.18 8.9, Annex H): a WADL description of the service, or the same
 * tree as JSON. It is read from the routes themselves, the JAX-RS methods of {@link DicomWebResource} and the
 * Vert.x routes of {@link FrameRoutes} and {@link StowRoutes}, so it cannot name a route that does not exist or
 * leave one out. Methods carry PS3.18's transaction names where the standard has one, MIST's own otherwise.
 */
final class Capabilities {
    static final String WADL = "application/vnd.sun.wadl+xml";

    private static final String JSON = "application/dicom+json";
    private static final String PART10 = "multipart/related; type=\"application/dicom\"";
    private static final String BULK = "multipart/related; type=\"application/octet-stream\"";
    private static final String HTJ2K = "multipart/related; type=\"image/jphc\"";
    private static final String IMAGES = "image/jpeg, image/png, image/gif";

    /** Java method name: the transaction's name (PS3.18 Table 10.4.1-1, 10.5, 10.6) and what it answers in. */
    private static final Map<String, Transaction> TRANSACTIONS = Map.ofEntries(
            Map.entry("searchStudies", new Transaction("SearchForStudies", JSON)),
            Map.entry("searchAllSeries", new Transaction("SearchForSeries", JSON)),
            Map.entry("searchAllInstances", new Transaction("SearchForInstances", JSON)),
            Map.entry("searchSeries", new Transaction("SearchForStudySeries", JSON)),
            Map.entry("searchStudyInstances", new Transaction("SearchForStudyInstances", JSON)),
            Map.entry("searchInstances", new Transaction("SearchForStudySeriesInstances", JSON)),
            Map.entry("retrieveStudy", new Transaction("RetrieveStudy", PART10, BULK, HTJ2K)),
            Map.entry("retrieveSeries", new Transaction("RetrieveSeries", PART10, BULK, HTJ2K)),
            Map.entry("retrieveInstance", new Transaction("RetrieveInstance", PART10, BULK, HTJ2K)),
            Map.entry("studyMetadata", new Transaction("RetrieveStudyMetadata", JSON)),
            Map.entry("seriesMetadata", new Transaction("RetrieveSeriesMetadata", JSON)),
            Map.entry("instanceMetadata", new Transaction("RetrieveInstanceMetadata", JSON)),
            Map.entry("bulkData", new Transaction("RetrieveBulkdata", BULK, "application/octet-stream")),
            Map.entry("renderedInstance", new Transaction("RetrieveRenderedInstance", IMAGES)),
            Map.entry("renderedFrame", new Transaction("RetrieveRenderedFrames", IMAGES)),
            Map.entry("instanceThumbnail", new Transaction("RetrieveInstanceThumbnail", IMAGES)),
            Map.entry("frameThumbnail", new Transaction("RetrieveFrameThumbnail", IMAGES)),
            Map.entry("seriesThumbnail", new Transaction("RetrieveSeriesThumbnail", IMAGES)),
            Map.entry("studyThumbnail", new Transaction("RetrieveStudyThumbnail", IMAGES)),
            Map.entry("deleteStudy", new Transaction("DeleteStudy")),
            Map.entry("deleteSeries", new Transaction("DeleteSeries")),
            Map.entry("deleteInstance", new Transaction("DeleteInstance")),
            Map.entry("rejectStudy", new Transaction("RejectStudy", JSON)),
            Map.entry("rejectSeries", new Transaction("RejectSeries", JSON)));

    /** One method of a resource: HTTP method, transaction name, media types of its answer. */
    record Entry(String path, String httpMethod, String id, List<String> mediaTypes) {
    }

    private record Transaction(String id, String... mediaTypes) {
    }

    private Capabilities() {
    }

    /** Every route of the DICOMweb root, sorted by path then method. */
    static List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Method m : DicomWebResource.class.getDeclaredMethods()) {
            Path path = m.getAnnotation(Path.class);
            String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                    : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
            if (path == null || verb == null) {
                continue;
            }
            Transaction t = TRANSACTIONS.get(m.getName());
            if (t == null) {
                throw new IllegalStateException("DicomWebResource." + m.getName() + " has no entry in Capabilities");
            }
            out.add(new Entry(path.value().replace("{path: .+}", "{path}"), verb, t.id(), List.of(t.mediaTypes())));
        }
        String instance = "studies/{study}/series/{series}/instances/{instance}";
        out.add(new Entry(instance + "/frames/{frames}", "GET", "RetrieveFrames", List.of(BULK, HTJ2K)));
        out.add(new Entry("studies", "POST", "StoreInstances", List.of(JSON)));
        out.add(new Entry("studies/{study}", "POST", "StoreStudyInstances", List.of(JSON)));
        out.sort((a, b) -> a.path().equals(b.path()) ? a.httpMethod().compareTo(b.httpMethod()) : a.path().compareTo(b.path()));
        return out;
    }

    /** The WADL document (PS3.18 Annex H) with {@code base} as the resources' base URI. */
    static String wadl(String base) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<application xmlns=\"http://wadl.dev.java.net/2009/02\">\n")
                .append("  <resources base=\"").append(escape(base)).append("\">\n");
        writeXml(tree(), x, "    ");
        return x.append("  </resources>\n</application>\n").toString();
    }

    /** The same tree as JSON: {"resources": {"base": ..., "resource": [{"path", "method": [...], "resource": [...]}]}}. */
    static String json(String base) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode resources = root.putObject("application").putObject("resources");
        resources.put("base", base);
        writeJson(tree(), resources.putArray("resource"));
        return root.toString();
    }

    /** A resource: its methods and its child resources by path segment (a UID template is one segment). */
    private static final class Node {
        final List<Entry> methods = new ArrayList<>();
        final Map<String, Node> children = new TreeMap<>();
    }

    private static Node tree() {
        Node root = new Node();
        for (Entry e : entries()) {
            Node n = root;
            for (String segment : e.path().split("/")) {
                n = n.children.computeIfAbsent(segment, s -> new Node());
            }
            n.methods.add(e);
        }
        return root;
    }

    private static void writeXml(Node node, StringBuilder x, String indent) {
        for (Map.Entry<String, Node> c : node.children.entrySet()) {
            x.append(indent).append("<resource path=\"").append(escape(c.getKey())).append("\">\n");
            for (Entry m : c.getValue().methods) {
                x.append(indent).append("  <method name=\"").append(m.httpMethod()).append("\" id=\"").append(m.id()).append("\">\n");
                x.append(indent).append("    <response status=\"").append(m.mediaTypes().isEmpty() ? "204" : "200").append("\">");
                for (String type : m.mediaTypes()) {
                    x.append("<representation mediaType=\"").append(escape(type)).append("\"/>");
                }
                x.append("</response>\n").append(indent).append("  </method>\n");
            }
            writeXml(c.getValue(), x, indent + "  ");
            x.append(indent).append("</resource>\n");
        }
    }

    private static void writeJson(Node node, ArrayNode out) {
        for (Map.Entry<String, Node> c : node.children.entrySet()) {
            ObjectNode r = out.addObject();
            r.put("path", c.getKey());
            ArrayNode methods = r.putArray("method");
            for (Entry m : c.getValue().methods) {
                ObjectNode method = methods.addObject().put("name", m.httpMethod()).put("id", m.id());
                m.mediaTypes().forEach(method.putArray("mediaType")::add);
            }
            writeJson(c.getValue(), r.putArray("resource"));
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
