package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.TestServers;

/**
 * WADO-RS metadata of every DICOM instance in ../shared/data against DCMTK's {@code dcm2json} of the file it
 * came from, attribute by attribute and item by item: VR, VM, every value (empty ones included), person
 * name groups, numbers as numbers. Intended differences, and only these:
 * <ul>
 * <li>binary values over 1 KiB are a BulkDataURI (dcm2json inlines everything): their VR is compared;</li>
 * <li>Pixel Data is a BulkDataURI whose VR follows the frames as MIST serves them natively (OB for 8 bits or
 * fewer, OW above), where dcm2json says OB for every encapsulated source;</li>
 * <li>Photometric Interpretation is that of the stored pixels where a JPEG decoder gave RGB for YBR;</li>
 * <li>Specific Character Set stays as in the source: dcm2json rewrites it to ISO_IR 192 for its UTF-8 output
 * (the JSON is UTF-8 either way; MIST decodes every character set it names);</li>
 * <li>Data Set Trailing Padding (FFFC,FFFC) is padding, not data (PS3.10 7.2), and is not kept;</li>
 * <li>a private attribute of an implicit-VR source is UN on one side where the other's private dictionary
 * knows it (DCMTK knows Siemens' CSA attributes as CS, LO, OB; PixelMed sends their bytes as UN).</li>
 * </ul>
 * Files that share a SOP Instance UID (pydicom's encodings of one image) are left out: which one of them was
 * stored depends on the order in which concurrent STOW parts finish. Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class MetadataFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BINARY = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN");

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyInstanceAgreesWithDcm2json() throws Exception {
        SharedDataArchive.load(base.toString());
        Path root = SharedData.require("dicom");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        Map<String, Path> firstBySop = new LinkedHashMap<>();
        Map<String, JsonNode> expectedBySop = new LinkedHashMap<>();
        java.util.Set<String> shared = new java.util.HashSet<>();
        for (Path f : files) {
            JsonNode expected = Dcmtk.json(f);
            if (expected == null) {
                continue;  // not DICOM (or not readable by DCMTK either)
            }
            String sop = text(expected, "00080018");
            if (sop != null && firstBySop.putIfAbsent(sop, f) != null) {
                shared.add(sop);
            }
            expectedBySop.putIfAbsent(sop, expected);
        }
        // Several files under one SOP Instance UID (pydicom's encodings of one image, some with other attributes):
        // the parts of one STOW request are stored concurrently, so which of them MIST kept is not fixed.
        shared.forEach(expectedBySop::remove);
        Map<String, List<String>> differences = new TreeMap<>();
        int compared = 0;
        int notStored = 0;
        int attributes = 0;
        for (Map.Entry<String, JsonNode> e : expectedBySop.entrySet()) {
            JsonNode expected = e.getValue();
            String path = "/studies/" + text(expected, "0020000D") + "/series/" + text(expected, "0020000E") + "/instances/"
                    + e.getKey() + "/metadata";
            Http.Answer a = Http.get(base + "stores/" + SharedDataArchive.STORE + "/dicomweb" + path);
            if (a.status() == 404) {
                notStored++;  // refused at ingest (the STOW tests say why)
                continue;
            }
            assertEquals(200, a.status(), path + ": " + a.text());
            JsonNode actual = JSON.readTree(a.body()).get(0);
            List<String> diff = new ArrayList<>();
            attributes += compare("", expected, actual, diff);
            if (!diff.isEmpty()) {
                differences.put(root.relativize(firstBySop.get(e.getKey())).toString(), diff);
            }
            compared++;
        }
        System.out.printf("metadata vs dcm2json: %d files, %d SOP Instance UIDs (%d shared by several files, left out), %d not "
                + "stored; %d instances, %d attributes compared, %d instances differ%n", files.size(), firstBySop.size(),
                shared.size(), notStored, compared,
                attributes, differences.size());
        differences.forEach((file, diff) -> System.out.println("  " + file + ": " + diff.subList(0, Math.min(5, diff.size()))
                + (diff.size() > 5 ? " and " + (diff.size() - 5) + " more" : "")));
        assertTrue(compared > 150 && notStored < 10, compared + " instances compared, " + notStored + " not stored");
        assertTrue(differences.isEmpty(), () -> differences.size() + " instances differ from dcm2json; the first: "
                + differences.entrySet().iterator().next());
    }

    /** Compares one data set (object of attributes); returns how many attributes it compared. */
    private static int compare(String at, JsonNode expected, JsonNode actual, List<String> diff) {
        int n = 0;
        Set<String> keys = new java.util.TreeSet<>();
        expected.fieldNames().forEachRemaining(keys::add);
        actual.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (key.endsWith("0000") || key.equals("00080005") || key.equals("FFFCFFFC")) {
                continue;  // group lengths are not part of the model; the character set and padding: see above
            }
            JsonNode x = expected.get(key);
            JsonNode y = actual.get(key);
            String where = at + key;
            if (x == null || y == null) {
                diff.add(where + (x == null ? " only in MIST" : " missing"));
                continue;
            }
            n++;
            String vr = x.path("vr").asText();
            boolean privateUn = (vr.equals("UN") || y.path("vr").asText().equals("UN"))
                    && (Integer.parseInt(key.substring(0, 4), 16) & 1) == 1;
            if (privateUn) {
                continue;
            }
            if (!vr.equals(y.path("vr").asText()) && !key.equals("7FE00010")) {
                diff.add(where + " VR " + vr + " vs " + y.path("vr").asText());
                continue;
            }
            if (key.equals("7FE00010")) {
                continue;
            }
            if (key.equals("00280004") && !x.equals(y) && text(x) != null && text(x).startsWith("YBR") && "RGB".equals(text(y))) {
                continue;
            }
            if (vr.equals("SQ")) {
                JsonNode xi = x.path("Value");
                JsonNode yi = y.path("Value");
                if (xi.size() != yi.size()) {
                    diff.add(where + " items " + xi.size() + " vs " + yi.size());
                    continue;
                }
                for (int i = 0; i < xi.size(); i++) {
                    n += compare(where + "/" + (i + 1) + "/", xi.get(i), yi.get(i), diff);
                }
                continue;
            }
            if (BINARY.contains(vr)) {
                if (y.has("InlineBinary") && !x.path("InlineBinary").equals(y.path("InlineBinary"))) {
                    diff.add(where + " InlineBinary differs");
                }
                continue;
            }
            if (!sameValues(vr, x.path("Value"), y.path("Value"))) {  // FL: as 32-bit floats
                diff.add(where + " " + vr + " " + clip(x.path("Value")) + " vs " + clip(y.path("Value")));
            }
        }
        return n;
    }

    private static boolean sameValues(String vr, JsonNode x, JsonNode y) {
        if (x.size() != y.size()) {
            return false;
        }
        Iterator<JsonNode> i = x.elements();
        Iterator<JsonNode> j = y.elements();
        while (i.hasNext()) {
            JsonNode a = i.next();
            JsonNode b = j.next();
            if (a.isNumber() && b.isNumber()) {
                double u = a.asDouble();
                double v = b.asDouble();
                boolean same = vr.equals("FL") ? (float) u == (float) v : Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u));
                if (!same) {
                    return false;
                }
            } else if (!a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    private static String clip(JsonNode v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String text(JsonNode dataSet, String key) {
        return text(dataSet.get(key));
    }

    private static String text(JsonNode attribute) {
        JsonNode v = attribute == null ? null : attribute.path("Value").path(0);
        return v == null || v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
