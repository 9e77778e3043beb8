package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.dimse.DimseServer;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.testing.Dcmtk;
import org.mist.testing.Http;
import org.mist.testing.PythonScripts;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * Instances without Pixel Data, each made by a real tool around one CT slice of the shared data (needs
 * {@code ../shared/data/dicom/ct-series}; {@code src/test/python/nonimage_cases.py} says which tool made which): a
 * Comprehensive SR (DCMTK xml2dsr), an Encapsulated PDF (pdf2dcm), a presentation state (dcmpsmk, sent by
 * storescu), a Key Object Selection and an RT Structure Set (pydicom). Each is stored, found by QIDO-RS and
 * findscu, retrieved in Explicit VR Little Endian and as stored with every attribute as dcmdump shows the source,
 * its bulk data byte for byte, moved by C-MOVE to storescp unchanged; frames, levels and images are 406.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class NonImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = TestServers.DIMSE_STORE;
    private static final List<String> DOCUMENTS = List.of("sr", "pdf", "pr", "kos", "rtstruct");

    @TestHTTPResource("/")
    URL base;
    @Inject
    DimseServer dimse;
    @Inject
    ObjectStore objects;

    private static AttributeList read(Path file) throws Exception {
        AttributeList l = new AttributeList();
        l.read(file.toString());
        return l;
    }

    private static String uid(Path file) throws Exception {
        return Attribute.getSingleStringValueOrEmptyString(read(file), TagFromName.SOPInstanceUID);
    }

    private static String seriesOf(Path file) throws Exception {
        return Attribute.getSingleStringValueOrEmptyString(read(file), TagFromName.SeriesInstanceUID);
    }

    @Test
    void reportsDocumentsStatesSelectionsAndStructureSetsAreStoredFoundAndGivenBackUnchanged() throws Exception {
        Path dir = Files.createTempDirectory("mist-nonimage");
        PythonScripts.run("nonimage_cases.py", SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-010.dcm")
                .toString(), dir.toString());
        Map<String, Path> files = new LinkedHashMap<>();
        DOCUMENTS.forEach(d -> files.put(d, dir.resolve(d + ".dcm")));
        String study = Attribute.getSingleStringValueOrEmptyString(read(dir.resolve("ct.dcm")), TagFromName.StudyInstanceUID);
        String web = base + "stores/" + STORE + "/dicomweb";

        // In: STOW-RS for all but the presentation state, which the DICOM node takes from storescu
        List<Path> stowed = new ArrayList<>(List.of(dir.resolve("ct.dcm")));
        files.forEach((name, f) -> {
            if (!name.equals("pr")) {
                stowed.add(f);
            }
        });
        Stow.Response stored = Stow.post(web + "/studies", stowed.stream().map(Stow.Part::file).toList());
        assertEquals(200, stored.status(), stored.body());
        assertEquals(stowed.size(), stored.storedCount(), stored.body());
        Dcmtk.Run storescu = Dcmtk.run("storescu", "-aet", "MISTTEST", "-aec", "MIST", "127.0.0.1",
                Integer.toString(dimse.port()), files.get("pr").toString());
        assertEquals(0, storescu.exit(), storescu.output());

        for (Map.Entry<String, Path> e : files.entrySet()) {
            String name = e.getKey();
            Path source = e.getValue();
            String sop = uid(source);
            String series = seriesOf(source);
            String instance = web + "/studies/" + study + "/series/" + series + "/instances/" + sop;
            // Found by QIDO-RS and C-FIND
            JsonNode found = JSON.readTree(Http.get(web + "/instances?SOPInstanceUID=" + sop).body());
            assertEquals(1, found.size(), name);
            assertEquals(Attribute.getSingleStringValueOrEmptyString(read(source), TagFromName.SOPClassUID),
                    found.get(0).get("00080016").get("Value").get(0).asText(), name);
            assertEquals(1, Dcmtk.find(dimse.port(), "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study,
                    "SeriesInstanceUID=" + series, "SOPInstanceUID=" + sop).size(), name + ": findscu");
            // Given back with every attribute as it came, in Explicit VR Little Endian and as stored
            for (String ts : List.of("1.2.840.10008.1.2.1", "*")) {
                Http.Answer a = Http.get(instance, "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=" + ts);
                assertEquals(200, a.status(), name + " " + ts + ": " + a.text());
                Path back = Files.createTempFile("mist-nonimage-", ".dcm");
                Files.write(back, a.parts().get(0).body());
                Dcmtk.assertSameDataSet(source, back, name + " in " + ts);
            }
            // Metadata; no frames, levels or images
            JsonNode metadata = JSON.readTree(Http.get(instance + "/metadata").body()).get(0);
            assertEquals(sop, metadata.get("00080018").get("Value").get(0).asText(), name);
            assertTrue(!metadata.has("7FE00010"), name + ": no Pixel Data in its metadata");
            for (String path : List.of("/frames/1", "/rendered", "/thumbnail", "/bulkdata/7FE00010")) {
                Http.Answer refused = Http.get(instance + path);
                assertEquals(406, refused.status(), name + path + ": " + refused.text());
                assertTrue(refused.text().contains("no Pixel Data"), refused.text());
            }
            String api = base + "api/stores/" + STORE + "/studies/" + study + "/series/" + series;
            assertEquals(406, Http.get(api + "/instances/" + sop + "/frames/1/levels").status(), name + " levels");
            assertEquals(406, Http.get(api + "/instances/" + sop + "/frames/1/png").status(), name + " png");
            assertEquals(406, Http.get(api + "/nifti").status(), name + " nifti");
            System.out.printf("%s: stored, found, given back with %d attribute lines as dcmdump shows the source%n",
                    name, Dcmtk.dataSet(source).size());
        }

        // The PDF by its BulkDataURI, byte for byte
        Path pdf = files.get("pdf");
        JsonNode pdfMetadata = JSON.readTree(Http.get(web + "/studies/" + study + "/series/" + seriesOf(pdf) + "/instances/"
                + uid(pdf) + "/metadata").body()).get(0);
        String uri = pdfMetadata.get("00420011").get("BulkDataURI").asText();
        Http.Answer document = Http.get(uri, "Accept", "application/octet-stream");
        assertEquals(200, document.status(), document.text());
        assertArrayEquals(read(pdf).get(TagFromName.EncapsulatedDocument).getByteValues(), document.body());
        // ... kept as an object of its own beside a small header object
        String prefix = ObjectKeys.instancePrefix(STORE, study, seriesOf(pdf), uid(pdf));
        assertArrayEquals(document.body(), objects.get(prefix + "bulk/00420011"));
        assertTrue(objects.get(ObjectKeys.header(prefix)).length < 16384, "the header object holds no PDF");

        // C-MOVE of the study to storescp: every document arrives as it was sent
        Path received = Dcmtk.moveStudyToStorescp(study, dimse.port());
        Map<String, Path> arrived = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(received)) {
            for (Path f : s.toList()) {
                arrived.put(uid(f), f);
            }
        }
        assertEquals(files.size() + 1, arrived.size(), arrived.keySet().toString());
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Dcmtk.assertSameDataSet(e.getValue(), arrived.get(uid(e.getValue())), e.getKey() + " moved");
        }
        assertEquals(204, Http.delete(web + "/studies/" + study).status());
    }
}
