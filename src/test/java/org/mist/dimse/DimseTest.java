package org.mist.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.Association;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.PresentationContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.dicom.DicomFile;
import org.mist.store.ObjectStore;
import org.mist.testing.CancellingGetScu;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.TestServers;

/**
 * MIST as a DICOM node, driven by DCMTK: the whole shared tree in by {@code storescu}, each instance stored
 * with the very data set that was sent and served over WADO-RS with the pixels of the same file stored by
 * STOW-RS; {@code findscu} at every level agrees with QIDO-RS; {@code movescu} to a {@code storescp} and
 * {@code getscu} bring back the instances with their pixels and key attributes; refusals are the standard
 * ones; an association aborted in the middle of a C-STORE leaves nothing behind.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DimseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AE = "MISTTEST";
    private static boolean loaded;

    @TestHTTPResource("/")
    URL base;
    @Inject
    DimseServer server;
    @Inject
    ObjectStore objects;
    @Inject
    DimseSettings settings;
    @Inject
    DimseServices services;
    @Inject
    jakarta.persistence.EntityManager em;

    private String port;
    private String web;

    @BeforeEach
    void storeTheTree() throws Exception {
        port = Integer.toString(server.port());
        web = base + "stores/" + TestServers.DIMSE_STORE + "/dicomweb";
        if (loaded) {
            return;
        }
        Path root = SharedData.require("dicom");
        List<Path> files = part10Files(root);
        Path work = Files.createTempDirectory("mist-dimse-test");
        Path cfg = Dcmtk.storescuConfig(files, work);
        long started = System.nanoTime();
        Dcmtk.Run r = Dcmtk.run("storescu", "-nh", "-aet", AE, "-aec", "MIST", "-xf", cfg.toString(), "MIST", "+sd", "+r",
                "127.0.0.1", port, root.toString());
        System.out.printf("storescu of %d files: %.1f s, exit %d%n", files.size(), (System.nanoTime() - started) / 1e9, r.exit());
        assertTrue(!r.output().contains("Association Rejected") && !r.output().contains("Association Aborted"), r.output());
        loaded = true;
    }

    private static List<Path> part10Files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(DimseTest::isPart10).sorted().toList();
        }
    }

    private static boolean isPart10(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && new String(head, 128, 4).equals("DICM");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private List<JsonNode> qido(String path) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(Http.get(web + path).body()).forEach(out::add);
        return out;
    }

    private static String text(JsonNode item, String tag) {
        JsonNode v = item.get(tag);
        return v == null || !v.has("Value") ? null : v.get("Value").get(0).has("Alphabetic")
                ? v.get("Value").get(0).get("Alphabetic").asText() : v.get("Value").get(0).asText();
    }

    /**
     * pydicom's encodings of one image share a SOP Instance UID: the first one sent is stored and the others
     * are refused (0x0111), so storescu runs with -nh (do not halt on a refusal).
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyFileSentIsStoredAsSentAndServedWithItsPixels() throws Exception {
        Path root = SharedData.require("dicom");
        Map<String, Set<String>> hashesBySop = new HashMap<>();
        Path temp = Files.createTempDirectory("mist-dimse-hash");
        for (Path f : part10Files(root)) {
            try (DicomFile d = DicomFile.open(f, temp)) {
                String sop = Attribute.getSingleStringValueOrNull(d.attributes(), TagFromName.SOPInstanceUID);
                hashesBySop.computeIfAbsent(sop, k -> new HashSet<>()).add(d.dataSetSha256());
            } catch (RuntimeException e) {
                // not readable: MIST refuses it too (the STOW test lists these)
            }
        }
        List<JsonNode> stored = qido("/instances?limit=10000");
        Set<String> storedSops = new HashSet<>();
        stored.forEach(i -> storedSops.add(text(i, "00080018")));
        Set<String> missing = new HashSet<>(hashesBySop.keySet());
        missing.removeAll(storedSops);
        assertEquals(Set.of(), missing.stream().limit(5).collect(java.util.stream.Collectors.toSet()),
                missing.size() + " of " + hashesBySop.size() + " SOP Instance UIDs sent are not stored, e.g.");
        assertEquals(hashesBySop.size(), storedSops.size());
        // Most stored data sets are byte for byte a file sent under their UID (SHA-256 of the data set); storescu
        // re-encodes some on the way (sequence and item lengths), so the pixel and metadata check below decides.
        int identical = 0;
        // DICOM-origin instances only: the store may also hold NIfTI or PNG data (CrossDoorTest puts a volume there).
        List<Object[]> rows = em.createNativeQuery("select i.sop_instance_uid, i.content_sha256 from instance i "
                + "join store s on s.id = i.store_id join series se on se.id = i.series_fk where s.name = '"
                + TestServers.DIMSE_STORE + "' and se.origin_format = 'DICOM'").getResultList();
        for (Object[] row : rows) {
            identical += hashesBySop.get((String) row[0]).contains((String) row[1]) ? 1 : 0;
        }
        System.out.printf("C-STORE: %d of %d data sets byte-identical to the file sent%n", identical, rows.size());
        // The stored data set is byte for byte one that was sent, and its pixels are those STOW-RS stored.
        org.mist.testing.SharedDataArchive.load(base.toString());
        int compared = 0;
        for (JsonNode i : stored) {
            String path = "/studies/" + text(i, "0020000D") + "/series/" + text(i, "0020000E") + "/instances/" + text(i, "00080018");
            byte[] viaDimse = Http.get(web + path + "/frames/1", "Accept", "multipart/related; type=\"application/octet-stream\"").parts().get(0).body();
            Http.Answer viaStow = Http.get(base + "stores/shared/dicomweb" + path + "/frames/1",
                    "Accept", "multipart/related; type=\"application/octet-stream\"");
            if (viaStow.status() == 200 && Http.get(web + path + "/metadata").text().equals(
                    Http.get(base + "stores/shared/dicomweb" + path + "/metadata").text().replace("/stores/shared/", "/stores/dimse/"))) {
                assertArrayEquals(viaStow.parts().get(0).body(), viaDimse, path);
                compared++;
            }
        }
        System.out.printf("C-STORE: %d instances stored, %d with metadata and pixels equal to the STOW-RS copy%n", stored.size(), compared);
        assertTrue(compared > 200, "compared " + compared);
    }

    @Test
    void findAtEveryLevelAgreesWithQido() throws Exception {
        Path out = Files.createTempDirectory("mist-findscu");
        record Find(String model, List<String> keys, String qido, String uidTag) {
        }
        List<JsonNode> studies = qido("/studies?limit=10000");
        String study = text(studies.stream().filter(s -> "Pancreas-CT-CB_001".equals(text(s, "00100010"))).findFirst().orElseThrow(), "0020000D");
        String series = text(qido("/studies/" + study + "/series").get(0), "0020000E");
        List<Find> finds = List.of(
                new Find("-P", List.of("QueryRetrieveLevel=PATIENT", "PatientName=*", "PatientID"), null, "00100020"),
                new Find("-S", List.of("QueryRetrieveLevel=STUDY", "PatientName=*a*", "StudyDate=20000101-20121231", "StudyInstanceUID"),
                        "/studies?limit=10000&PatientName=*a*&StudyDate=20000101-20121231", "0020000D"),
                new Find("-S", List.of("QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + study, "Modality=CT", "SeriesInstanceUID"),
                        "/series?limit=10000&StudyInstanceUID=" + study + "&Modality=CT", "0020000E"),
                new Find("-S", List.of("QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study, "SeriesInstanceUID=" + series,
                        "SOPInstanceUID", "InstanceNumber"), "/instances?limit=10000&SeriesInstanceUID=" + series, "00080018"));
        for (Find f : finds) {
            Path dir = Files.createDirectories(out.resolve("f" + finds.indexOf(f)));
            List<String> cmd = new ArrayList<>(List.of("findscu", "-aet", AE, "-aec", "MIST", f.model(), "-X", "-od", dir.toString()));
            f.keys().forEach(k -> cmd.addAll(List.of("-k", k)));
            cmd.addAll(List.of("127.0.0.1", port));
            Dcmtk.Run r = Dcmtk.run(cmd.toArray(String[]::new));
            assertEquals(0, r.exit(), r.output());
            Set<String> found = new HashSet<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path rsp : s.toList()) {
                    AttributeList l = new AttributeList();
                    l.read(rsp.toString());
                    found.add(Attribute.getSingleStringValueOrEmptyString(l, com.pixelmed.dicom.AttributeTag.class.cast(
                            new com.pixelmed.dicom.AttributeTag((int) Long.parseLong(f.uidTag(), 16) >>> 16,
                                    (int) Long.parseLong(f.uidTag(), 16) & 0xFFFF))).trim());
                }
            }
            assertTrue(!found.isEmpty(), String.join(" ", f.keys()) + ": no match");
            if (f.qido() != null) {
                Set<String> expected = new HashSet<>();
                qido(f.qido()).forEach(i -> expected.add(text(i, f.uidTag())));
                assertEquals(expected, found, String.join(" ", f.keys()));
            }
            System.out.printf("C-FIND %s: %d matches%n", String.join(" ", f.keys()), found.size());
        }
    }

    @Test
    void moveAndGetBringBackTheInstances() throws Exception {
        List<JsonNode> studies = qido("/studies?limit=10000&PatientName=Pancreas*");
        String study = text(studies.get(0), "0020000D");
        JsonNode seriesItem = qido("/studies/" + study + "/series").get(0);
        String series = text(seriesItem, "0020000E");
        int count = Integer.parseInt(text(seriesItem, "00201209"));
        Path received = Files.createTempDirectory("mist-storescp");
        Process storescp = Dcmtk.start("storescp", "-aet", "RECV", "-od", received.toString(),
                Integer.toString(TestServers.dimseReceiverPort()));
        try {
            Thread.sleep(500);
            Dcmtk.Run move = Dcmtk.run("movescu", "-v", "-aet", AE, "-aec", "MIST", "-aem", "RECV", "-S", "-k", "QueryRetrieveLevel=SERIES",
                    "-k", "StudyInstanceUID=" + study, "-k", "SeriesInstanceUID=" + series, "127.0.0.1", port);
            assertEquals(0, move.exit(), move.output());
            checkReceived(received, study, series, count, "C-MOVE");
            // A pending response after every sub-operation but the last, which the final response counts
            assertEquals(count - 1, move.output().split("Move Response \\d+ \\(Pending\\)", -1).length - 1, move.output());
            assertTrue(move.output().contains("Final Move Response (Success)"), move.output());

            // Cancelled after two pending responses: the sub-operations stop, the final response says so
            try (Stream<Path> s = Files.list(received)) {
                for (Path f : s.toList()) {
                    Files.delete(f);
                }
            }
            Dcmtk.Run cancelled = Dcmtk.run("movescu", "-v", "--cancel", "2", "-aet", AE, "-aec", "MIST", "-aem", "RECV", "-S",
                    "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=" + study, "-k", "SeriesInstanceUID=" + series,
                    "127.0.0.1", port);
            assertTrue(cancelled.output().contains("Final Move Response (Cancel"), cancelled.output());
            long arrived;
            try (Stream<Path> s = Files.list(received)) {
                arrived = s.count();
            }
            assertTrue(arrived >= 2 && arrived < count, arrived + " of " + count + " arrived after the cancel");
            System.out.printf("C-MOVE: %d pending responses for %d instances; cancelled after 2, %d arrived%n", count - 1, count, arrived);
        } finally {
            storescp.destroy();
        }
        JsonNode other = qido("/series?limit=10000&Modality=MR").stream()
                .filter(x -> Integer.parseInt(text(x, "00201209")) > 4).findFirst().orElseThrow();
        String otherStudy = text(other, "0020000D");
        String otherSeries = text(other, "0020000E");
        Path got = Files.createTempDirectory("mist-getscu");
        Dcmtk.Run get = Dcmtk.run("getscu", "-v", "-aet", AE, "-aec", "MIST", "-S", "-od", got.toString(), "-k", "QueryRetrieveLevel=SERIES",
                "-k", "StudyInstanceUID=" + otherStudy, "-k", "SeriesInstanceUID=" + otherSeries, "127.0.0.1", port);
        assertEquals(0, get.exit(), get.output());
        assertEquals(Integer.parseInt(text(other, "00201209")) - 1, get.output().split("C-GET Response \\(Pending\\)", -1).length - 1,
                get.output());
        checkReceived(got, otherStudy, otherSeries, Integer.parseInt(text(other, "00201209")), "C-GET");

        // A C-GET cancelled after two C-STOREs, the cancel sent after the second's response (it waits between
        // sub-operations) or before it (it comes among the responses): the final response is Cancel with what is left.
        int total = Integer.parseInt(text(other, "00201209"));
        String sopClass = text(qido("/studies/" + otherStudy + "/series/" + otherSeries + "/instances").get(0), "00080016");
        for (boolean beforeResponse : List.of(false, true)) {
            CancellingGetScu.Result r = CancellingGetScu.getSeries(Integer.parseInt(port), AE, sopClass, otherStudy, otherSeries, 2,
                    beforeResponse);
            assertEquals(0xFE00, r.status(), r.toString());
            assertTrue(r.stored() >= 2 && r.stored() < total, r + " of " + total);
            assertEquals(total - r.stored(), r.remaining(), r.toString());
            assertEquals(r.stored(), r.completed(), r.toString());
            System.out.printf("C-GET cancelled after 2 (%s the response): %d of %d sent, %d remaining%n",
                    beforeResponse ? "before" : "after", r.stored(), total, r.remaining());
        }
    }

    /**
     * A destination that accepts HTJ2K gets the stored codestreams, not decoded pixels: the C-MOVE goes to a
     * second MIST node in this JVM (store "htj2k-in", listening on RECV's port), which records the transfer
     * syntax each instance arrived in; its pixels equal the originals'.
     */
    @Test
    void moveToAnHtj2kPeerSendsTheStoredCodestreams() throws Exception {
        JsonNode seriesItem = qido("/series?limit=10000&Modality=MR").stream()
                .filter(x -> Integer.parseInt(text(x, "00201209")) > 4).findFirst().orElseThrow();
        String study = text(seriesItem, "0020000D");
        String series = text(seriesItem, "0020000E");
        DimseSettings second = (DimseSettings) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DimseSettings.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "store" -> "htj2k-in";
                    case "aeTitle" -> "RECV";
                    default -> method.invoke(settings, args);
                });
        try (java.net.ServerSocket listener = new java.net.ServerSocket(TestServers.dimseReceiverPort(), 5,
                java.net.InetAddress.getLoopbackAddress())) {
            Thread node = new Thread(() -> {
                try (java.net.Socket s = listener.accept()) {
                    new DimseAssociation(new ReplayingSocket(s, new byte[0], settings.maxPduLength()), second, services,
                            new CallingAes(second).of(AE), "127.0.0.1").run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            node.start();
            Dcmtk.Run move = Dcmtk.run("movescu", "-aet", AE, "-aec", "MIST", "-aem", "RECV", "-S", "-k", "QueryRetrieveLevel=SERIES",
                    "-k", "StudyInstanceUID=" + study, "-k", "SeriesInstanceUID=" + series, "127.0.0.1", port);
            node.join(60_000);
            assertEquals(0, move.exit(), move.output());
        }
        List<?> syntaxes = em.createNativeQuery("select distinct i.source_transfer_syntax_uid from instance i "
                + "join store s on s.id = i.store_id where s.name = 'htj2k-in'", String.class).getResultList();
        assertEquals(List.of("1.2.840.10008.1.2.4.202"), syntaxes, "the instances arrived as HTJ2K RPCL");
        String moved = base + "stores/htj2k-in/dicomweb/studies/" + study + "/series/" + series;
        List<JsonNode> instances = new ArrayList<>();
        JSON.readTree(Http.get(moved + "/instances").body()).forEach(instances::add);
        assertEquals(Integer.parseInt(text(seriesItem, "00201209")), instances.size());
        for (JsonNode i : instances) {
            String frame = "/instances/" + text(i, "00080018") + "/frames/1";
            String octets = "multipart/related; type=\"application/octet-stream\"";
            assertArrayEquals(Http.get(web + "/studies/" + study + "/series/" + series + frame, "Accept", octets).parts().get(0).body(),
                    Http.get(moved + frame, "Accept", octets).parts().get(0).body(), frame);
        }
        System.out.printf("C-MOVE to an HTJ2K peer: %d instances arrived as HTJ2K RPCL with the same pixels%n", instances.size());
    }

    /** The files a peer received: the series' instances, with their key attributes and their native pixels. */
    private void checkReceived(Path dir, String study, String series, int count, String what) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        assertEquals(count, files.size(), what + " files received");
        for (Path f : files) {
            AttributeList l = new AttributeList();
            l.read(f.toString());
            String sop = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPInstanceUID);
            assertEquals(series, Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SeriesInstanceUID));
            String path = "/studies/" + study + "/series/" + series + "/instances/" + sop;
            JsonNode meta = JSON.readTree(Http.get(web + path + "/metadata").body()).get(0);
            assertEquals(java.util.Objects.toString(text(meta, "00100010"), ""),
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PatientName).trim());
            assertEquals(text(meta, "00280010"), Attribute.getSingleStringValueOrEmptyString(l, TagFromName.Rows).trim());
            int frames = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 1);
            StringBuilder list = new StringBuilder();
            for (int n = 1; n <= frames; n++) {
                list.append(n == 1 ? "" : ",").append(n);
            }
            List<Http.Part> parts = Http.get(web + path + "/frames/" + list, "Accept",
                    "multipart/related; type=\"application/octet-stream\"").parts();
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            for (Http.Part p : parts) {
                expected.write(p.body());
            }
            byte[] pixels = l.get(TagFromName.PixelData).getByteValues(false);
            assertArrayEquals(expected.toByteArray(), java.util.Arrays.copyOf(pixels, expected.size()), what + " pixels of " + sop);
        }
        System.out.printf("%s: %d instances received with their pixels and key attributes%n", what, files.size());
    }

    @Test
    void refusalsAreTheStandardOnes() throws Exception {
        Dcmtk.Run echo = Dcmtk.run("echoscu", "-aet", AE, "-aec", "MIST", "127.0.0.1", port);
        assertEquals(0, echo.exit(), echo.output());
        Dcmtk.Run stranger = Dcmtk.run("echoscu", "-aet", "STRANGER", "-aec", "MIST", "127.0.0.1", port);
        assertNotEquals(0, stranger.exit());
        assertTrue(stranger.output().contains("Calling AE Title Not Recognized"), stranger.output());

        Path ct = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-001.dcm");
        // Every storage SOP class is taken (NonImageTest); a class that is not one (here Modality Performed
        // Procedure Step, which storescu proposes only from a configuration) is refused in the negotiation.
        Path work = Files.createTempDirectory("mist-dimse-cfg");
        Path mpps = DicomFiles.withValues(ct, Map.of(TagFromName.SOPClassUID, "1.2.840.10008.3.1.2.3.3",
                TagFromName.SOPInstanceUID, DicomFiles.newUid()));
        Path mppsConfig = work.resolve("mpps.cfg");
        Files.writeString(mppsConfig, "[[TransferSyntaxes]]\n[E]\nTransferSyntax1 = 1.2.840.10008.1.2\n"
                + "[[PresentationContexts]]\n[Q]\nPresentationContext1 = 1.2.840.10008.3.1.2.3.3\\E\n"
                + "[[Profiles]]\n[Q]\nPresentationContexts = Q\n");
        Dcmtk.Run notStorage = Dcmtk.run("storescu", "-d", "-aet", AE, "-aec", "MIST", "-xf", mppsConfig.toString(), "Q",
                "127.0.0.1", port, mpps.toString());
        assertNotEquals(0, notStorage.exit());
        assertTrue(notStorage.output().contains("Abstract Syntax Not Supported"), notStorage.output());

        Path mpeg = work.resolve("mpeg.cfg");
        Files.writeString(mpeg, "[[TransferSyntaxes]]\n[M]\nTransferSyntax1 = 1.2.840.10008.1.2.4.100\n"
                + "[[PresentationContexts]]\n[P]\nPresentationContext1 = 1.2.840.10008.5.1.4.1.1.2\\M\n"
                + "[[Profiles]]\n[P]\nPresentationContexts = P\n");
        Dcmtk.Run video = Dcmtk.run("storescu", "-aet", AE, "-aec", "MIST", "-xf", mpeg.toString(), "P", "127.0.0.1", port, ct.toString());
        assertNotEquals(0, video.exit());
        assertTrue(video.output().contains("No Acceptable Presentation Contexts") || video.output().contains("No presentation context"),
                video.output());

        // A different instance under a stored SOP Instance UID: an error DCMTK names, with the reason
        String uid = DicomFiles.newUid();
        Path first = DicomFiles.withValues(ct, Map.of(TagFromName.SOPInstanceUID, uid));
        Path different = DicomFiles.withValues(ct, Map.of(TagFromName.SOPInstanceUID, uid, TagFromName.PatientName, "Someone^Else"));
        assertEquals(0, Dcmtk.run("storescu", "-aet", AE, "-aec", "MIST", "127.0.0.1", port, first.toString()).exit());
        Dcmtk.Run conflict = Dcmtk.run("storescu", "-d", "-aet", AE, "-aec", "MIST", "127.0.0.1", port, different.toString());
        assertTrue(conflict.output().contains("0xa911: Error: Data Set does not match SOP Class"), conflict.output());
        assertTrue(conflict.output().contains("already stored"), conflict.output());

        Dcmtk.Run nowhere = Dcmtk.run("movescu", "-aet", AE, "-aec", "MIST", "-aem", "NOWHERE", "-S", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "PatientName=*", "127.0.0.1", port);
        assertTrue(nowhere.output().contains("MoveDestinationUnknown"), nowhere.output());
    }

    /**
     * One peer holding as many associations as it can gets its share (max-associations-per-calling-ae) and
     * no more, and a second peer still completes C-ECHO and C-STORE; with every slot taken by several peers,
     * one more association is rejected as a local limit, then admitted again once they are released.
     */
    @Test
    void onePeerCannotTakeEverySlot() throws Exception {
        // Associations of the tests before have ended: PixelMed holds a released one for its 5 s ARTIM wait.
        Thread.sleep(6000);
        List<Association> open = new ArrayList<>();
        try {
            // Quickly, within the idle timeout (3 s in tests), which would otherwise close the held associations.
            int hog = 0;
            while (hog < settings.maxAssociations()) {
                try {
                    open.add(echoAssociation("HOG"));
                    hog++;
                } catch (Exception refused) {
                    break;
                }
            }
            System.out.printf("one peer holding all it can: %d of %d slots%n", hog, settings.maxAssociations());
            assertEquals(settings.maxAssociationsPerCallingAe(), hog);
            assertEquals(0, Dcmtk.run("echoscu", "-aet", AE, "-aec", "MIST", "127.0.0.1", port).exit());
            Path ct = DicomFiles.withValues(SharedData.require("dicom/wg04/CT1/CT1_UNC.dcm"),
                    Map.of(TagFromName.SOPInstanceUID, DicomFiles.newUid()));
            Dcmtk.Run store = Dcmtk.run("storescu", "-aet", AE, "-aec", "MIST", "127.0.0.1", port, ct.toString());
            assertEquals(0, store.exit(), store.output());
            String sop = DicomFiles.sopInstanceUid(ct);
            Http.Answer found = Http.get(base + "stores/" + TestServers.DIMSE_STORE + "/dicomweb/instances?SOPInstanceUID=" + sop);
            assertTrue(found.text().contains(sop), "the second peer's C-STORE is stored: " + found.text());
        } finally {
            releaseAll(open);
        }
        // Every slot taken, by peers within their shares: one more is a local limit, then admitted once they go.
        Thread.sleep(6000);
        try {
            for (String peer : List.of("HOUSE1", "HOUSE2", "HOUSE3")) {
                for (int i = 0; i < settings.maxAssociationsPerCallingAe() && open.size() < settings.maxAssociations(); i++) {
                    open.add(echoAssociation(peer));
                }
            }
            Dcmtk.Run full = Dcmtk.run("echoscu", "-aet", AE, "-aec", "MIST", "127.0.0.1", port);
            assertNotEquals(0, full.exit());
            assertTrue(full.output().contains("Local Limit Exceeded"), full.output());
        } finally {
            releaseAll(open);
        }
        Thread.sleep(6000);
        assertEquals(0, Dcmtk.run("echoscu", "-aet", AE, "-aec", "MIST", "127.0.0.1", port).exit());
    }

    /** Releases what is still open (the idle timeout may have closed some already). */
    private static void releaseAll(List<Association> open) {
        for (Association a : open) {
            try {
                a.release();
            } catch (Exception closedAlready) {
                // closed by the node's idle timeout
            }
        }
        open.clear();
    }

    private Association echoAssociation(String callingAe) throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"));
        return AssociationFactory.createNewAssociation("127.0.0.1", server.port(), "MIST", callingAe, contexts, null, false);
    }

    @Test
    void abortInTheMiddleOfACStoreLeavesNothing() throws Exception {
        cutOffInTheMiddle(true);
    }

    /** A peer that stops sending in the middle of a data set is cut off after the idle timeout (3 s in tests). */
    @Test
    void stallInTheMiddleOfACStoreLeavesNothing() throws Exception {
        cutOffInTheMiddle(false);
    }

    private void cutOffInTheMiddle(boolean abort) throws Exception {
        Path cr = SharedData.require("dicom/wg04/RG2/RG2_UNC.dcm");
        Path file = DicomFiles.withValues(cr, Map.of(TagFromName.SOPInstanceUID, DicomFiles.newUid()));
        String sop = DicomFiles.sopInstanceUid(file);
        AttributeList l = new AttributeList();
        l.read(file.toString());
        String sopClass = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPClassUID);
        String ts = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.TransferSyntaxUID);
        long tempsBefore = cstoreTemps();
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, sopClass, ts));
        Association a = AssociationFactory.createNewAssociation("127.0.0.1", server.port(), "MIST", "ABORTER",
                contexts, null, false);
        byte id = a.getSuitablePresentationContextID(sopClass);
        a.send(id, new CStoreRequestCommandMessage(sopClass, sop).getBytes(), null);
        byte[] all = Files.readAllBytes(file);
        OutputStream data = a.getAssociationOutputStream(id);
        data.write(all, 400, all.length / 3);  // a third of the data set, then the association is aborted
        data.flush();
        Thread.sleep(300);
        if (abort) {
            a.abort();
            Thread.sleep(1500);
        } else {
            Thread.sleep(5000);  // silent past the idle timeout
        }
        assertEquals(0, qido("/instances?SOPInstanceUID=" + sop).size(), "no row for the aborted instance");
        List<String> keys = new ArrayList<>();
        objects.list(TestServers.DIMSE_STORE + "/", o -> {
            if (o.key().contains(sop)) {
                keys.add(o.key());
            }
        });
        assertEquals(List.of(), keys, "no object for the aborted instance");
        assertEquals(tempsBefore, cstoreTemps(), "the partial C-STORE file is removed");
    }

    private static long cstoreTemps() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mist-cstore-")).count();
        }
    }
}
