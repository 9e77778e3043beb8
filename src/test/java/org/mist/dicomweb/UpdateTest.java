package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mist.dimse.DimseServer;
import org.mist.store.ObjectStore;
import org.mist.testing.ChangeFeed;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * Attribute updates without re-sending pixels, over real HTTP and DIMSE, on CT slices from the shared data (needs
 * {@code ../shared/data/dicom/ct-series}): the new values show at once in QIDO-RS, metadata, the retrieved Part 10
 * instance (dcmdump) and findscu; frames are untouched; restoring version 1 gives back every header byte for byte;
 * what may not be changed is refused and changes nothing; patient attributes follow the patient; replaying the change
 * feed from 0 gives the live instances and their versions; the export with {@code since=} gives what changed.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class UpdateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = TestServers.DIMSE_STORE;  // so that findscu sees it
    private static final String FRAME = "multipart/related; type=\"application/octet-stream\"";
    private static final String PART10 = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectStore objects;
    @Inject
    DataSource dataSource;
    @Inject
    DimseServer dimse;

    private String web() {
        return base + "stores/" + STORE + "/dicomweb";
    }

    private String api() {
        return base + "api/stores/" + STORE;
    }

    @Test
    void anUpdateShowsEverywhereAtOnceAndARestoreGivesBackEveryHeaderByteForByte() throws Exception {
        String study = DicomFiles.newUid();
        String seriesA = DicomFiles.newUid();
        String seriesB = DicomFiles.newUid();
        String patient = "UPD-" + System.nanoTime();
        List<Path> files = List.of(DicomFiles.ctSlice(1, study, seriesA, patient), DicomFiles.ctSlice(2, study, seriesA, patient),
                DicomFiles.ctSlice(3, study, seriesA, patient), DicomFiles.ctSlice(4, study, seriesB, patient),
                DicomFiles.ctSlice(5, study, seriesB, patient));
        long start = lastChange();
        Stow.Response stored = Stow.post(web() + "/studies", files.stream().map(Stow.Part::file).toList());
        assertEquals(200, stored.status(), stored.body());
        Map<String, String> seriesOf = new LinkedHashMap<>();
        for (int k = 0; k < files.size(); k++) {
            seriesOf.put(DicomFiles.sopInstanceUid(files.get(k)), k < 3 ? seriesA : seriesB);
        }
        Map<String, byte[]> part10 = retrieveAll(study, seriesOf);
        Map<String, String> frames = framesOf(study, seriesOf);
        Map<String, byte[]> headers = headerObjects(study);
        Map<String, String> frameDigests = frameDigests(study);
        JsonNode nameBefore = Http.jsonArray(web() + "/studies/" + study + "/series/" + seriesA + "/metadata").get(0)
                .get("00100010");  // and the series metadata cache is made
        String sop = seriesOf.keySet().iterator().next();
        String instanceMetadata = web() + "/studies/" + study + "/series/" + seriesA + "/instances/" + sop + "/metadata";
        assertEquals(nameBefore, Http.jsonArray(instanceMetadata).get(0).get("00100010"));  // its row is kept

        // Study level: a patient attribute and two study attributes
        Http.Answer updated = Http.patch(api() + "/studies/" + study, """
                {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Updated^Name"}]},
                 "00081030": {"vr": "LO", "Value": ["Corrected description"]},
                 "00080050": {"vr": "SH", "Value": ["ACC-NEW"]}}""");
        assertEquals(200, updated.status(), updated.text());
        assertEquals(5, JSON.readTree(updated.body()).get("instances").asInt());
        JsonNode found = Http.jsonArray(web() + "/studies?StudyInstanceUID=" + study).get(0);
        assertEquals("Updated^Name", found.get("00100010").get("Value").get(0).get("Alphabetic").asText());
        assertEquals("Corrected description", Http.firstValue(found, "00081030"));
        assertEquals(1, Http.jsonArray(web() + "/studies?PatientName=Updated%5EName&AccessionNumber=ACC-NEW").stream()
                .filter(s -> study.equals(Http.firstValue(s, "0020000D"))).count());
        for (JsonNode item : Http.jsonArray(web() + "/studies/" + study + "/metadata")) {
            assertEquals("Updated^Name", item.get("00100010").get("Value").get(0).get("Alphabetic").asText());
            assertEquals("ACC-NEW", Http.firstValue(item, "00080050"));
        }
        assertEquals("Updated^Name", Http.jsonArray(instanceMetadata).get(0).get("00100010").get("Value").get(0).get("Alphabetic")
                .asText());
        List<String> dump = Dcmtk.dataSet(write(retrieve(study, seriesA, sop)));
        assertTrue(dump.contains("(0010,0010) PN [Updated^Name]"), String.join("\n", dump));
        assertTrue(dump.contains("(0008,1030) LO [Corrected description]"), String.join("\n", dump));
        List<Path> matches = Dcmtk.find(dimse.port(), "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + study, "PatientName",
                "StudyDescription");
        assertEquals(1, matches.size());
        List<String> match = Dcmtk.dataSet(matches.get(0));
        assertTrue(match.contains("(0010,0010) PN [Updated^Name]"), String.join("\n", match));
        assertEquals(frames, framesOf(study, seriesOf), "frames are never touched");
        assertEquals(frameDigests, frameDigests(study));

        // Series level: a series attribute for that series alone
        long beforeSeries = lastChange();
        Http.Answer series = Http.patch(api() + "/studies/" + study + "/series/" + seriesA,
                "{\"0008103E\": {\"vr\": \"LO\", \"Value\": [\"Renamed series\"]}}");
        assertEquals(200, series.status(), series.text());
        Map<String, String> descriptions = new HashMap<>();
        Http.jsonArray(web() + "/studies/" + study + "/series").forEach(s -> descriptions.put(Http.firstValue(s, "0020000E"),
                Http.firstValue(s, "0008103E")));
        assertEquals("Renamed series", descriptions.get(seriesA));
        assertTrue(!"Renamed series".equals(descriptions.get(seriesB)), descriptions.toString());
        List<String> exported = Tar.entries(Http.get(api() + "/export?format=dicom&study=" + study + "&since=" + beforeSeries)
                .body()).keySet().stream().filter(k -> k.endsWith(".dcm")).toList();
        assertEquals(3, exported.size(), "the export since the series update gives that series: " + exported);
        assertTrue(exported.stream().allMatch(e -> e.contains(seriesA)), exported.toString());

        // What may not change is refused, with the reason, and changes nothing
        List<JsonNode> versions = Http.jsonArray(api() + "/studies/" + study + "/versions");
        assertEquals(List.of("1 CREATE 5", "2 UPDATE 5", "3 UPDATE 3"), versions.stream().map(v -> v.get("version").asInt()
                + " " + v.get("madeBy").asText() + " " + v.get("instances").asInt()).toList());
        refused(400, api() + "/studies/" + study, "{\"00280010\": {\"vr\": \"US\", \"Value\": [256]}}", "pixels");
        refused(400, api() + "/studies/" + study, "{\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"1.2.3\"]}}", "UID");
        refused(400, api() + "/studies/" + study, "{\"00200013\": {\"vr\": \"IS\", \"Value\": [\"7\"]}}", "instance");
        refused(400, api() + "/studies/" + study, "{\"00080020\": {\"vr\": \"DA\", \"Value\": [\"2024-01-01\"]}}", "DA");
        refused(400, api() + "/studies/" + study, "{\"00200010\": {\"vr\": \"SH\", \"Value\": [\"12345678901234567\"]}}", "longer");
        refused(400, api() + "/studies/" + study + "/series/" + seriesB, "{\"00100010\": {\"vr\": \"PN\", \"Value\": [\"X\"]}}",
                "whole study");
        refused(400, api() + "/studies/" + study, "{\"00100010\": ", "not JSON");
        refused(404, api() + "/studies/" + DicomFiles.newUid(), "{\"00100010\": {\"vr\": \"PN\", \"Value\": [\"X\"]}}", "no study");
        assertEquals(404, Http.post(api() + "/studies/" + study + "/versions/9/restore", new byte[0]).status());
        assertEquals(versions, Http.jsonArray(api() + "/studies/" + study + "/versions"));

        // Restore version 1: every header object and every retrieved instance as before, byte for byte
        Http.Answer restored = Http.post(api() + "/studies/" + study + "/versions/1/restore", new byte[0]);
        assertEquals(200, restored.status(), restored.text());
        Map<String, byte[]> now = headerObjects(study);
        assertEquals(headers.keySet(), now.keySet());
        headers.forEach((uid, bytes) -> assertArrayEquals(bytes, now.get(uid), "header of " + uid));
        Map<String, byte[]> again = retrieveAll(study, seriesOf);
        part10.forEach((uid, bytes) -> assertArrayEquals(bytes, again.get(uid), "Part 10 instance " + uid));
        assertEquals(frameDigests, frameDigests(study));
        assertEquals(nameBefore, Http.jsonArray(web() + "/studies?StudyInstanceUID=" + study).get(0).get("00100010"));
        assertEquals(nameBefore, Http.jsonArray(web() + "/studies/" + study + "/series/" + seriesA + "/metadata").get(0)
                .get("00100010"));

        // The feed: every change in order, with the version it made
        List<String> told = changes(start).stream().filter(c -> study.equals(c.get("study").asText()))
                .map(c -> c.get("action").asText() + " " + c.get("version").asInt()).toList();
        List<String> expected = new ArrayList<>();
        Stream.of("CREATE 1", "UPDATE 2").forEach(e -> seriesOf.keySet().forEach(k -> expected.add(e)));
        seriesOf.values().stream().filter(seriesA::equals).forEach(k -> expected.add("UPDATE 3"));
        seriesOf.values().forEach(s -> expected.add(s.equals(seriesA) ? "RESTORE 4" : "RESTORE 3"));
        assertEquals(expected.stream().sorted().toList(), told.stream().sorted().toList());
        assertFeedReplaysTheLiveSet();
        assertEquals(204, Http.delete(web() + "/studies/" + study).status());
        assertFeedReplaysTheLiveSet();
    }

    @Test
    void patientAttributesFollowThePatientAndANewPatientIdMovesTheStudy() throws Exception {
        String patient = "UPD-P-" + System.nanoTime();
        String study1 = DicomFiles.newUid();
        String study2 = DicomFiles.newUid();
        Stow.Response stored = Stow.post(web() + "/studies", List.of(
                Stow.Part.file(DicomFiles.ctSlice(6, study1, DicomFiles.newUid(), patient)),
                Stow.Part.file(DicomFiles.ctSlice(7, study2, DicomFiles.newUid(), patient))));
        assertEquals(200, stored.status(), stored.body());

        Http.Answer renamed = Http.patch(api() + "/studies/" + study1, "{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": \"Other^Name\"}]}}");
        assertEquals(200, renamed.status(), renamed.text());
        assertEquals(List.of(study1, study2).stream().sorted().toList(), JSON.convertValue(JSON.readTree(renamed.body()).get("studies"),
                List.class).stream().sorted().toList());
        for (String s : List.of(study1, study2)) {
            assertEquals("Other^Name", Http.jsonArray(web() + "/studies/" + s + "/metadata").get(0).get("00100010").get("Value").get(0)
                    .get("Alphabetic").asText(), "the patient's every study");
        }

        // A PatientID of its own moves the study to a new patient; the other stays
        assertEquals(200, Http.patch(api() + "/studies/" + study1, "{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"" + patient + "-2\"]}}").status());
        assertEquals(List.of(study1), studiesOf(patient + "-2"));
        assertEquals(List.of(study2), studiesOf(patient));
        assertEquals(patient, Http.firstValue(Http.jsonArray(web() + "/studies/" + study2 + "/metadata").get(0), "00100020"));

        // Back under the first ID: the attributes agree, so it joins that patient again; with another name it cannot
        assertEquals(200, Http.patch(api() + "/studies/" + study2, "{\"00100010\": {\"vr\": \"PN\", \"Value\": [\"Third^Name\"]}}").status());
        refused(409, api() + "/studies/" + study1, "{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"" + patient + "\"]}}", "merging");
        assertEquals(List.of(study1), studiesOf(patient + "-2"));
        assertEquals(200, Http.patch(api() + "/studies/" + study1, "{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"" + patient + "\"]},"
                + " \"00100010\": {\"vr\": \"PN\", \"Value\": [\"Third^Name\"]}}").status());
        assertEquals(List.of(study1, study2).stream().sorted().toList(), studiesOf(patient).stream().sorted().toList());
        assertEquals(0, patientRows(patient + "-2"), "the emptied patient row goes");
        assertFeedReplaysTheLiveSet();
        assertEquals(204, Http.delete(web() + "/studies/" + study1).status());
        assertEquals(204, Http.delete(web() + "/studies/" + study2).status());
    }

    private void refused(int status, String url, String body, String reason) {
        Http.Answer a = Http.patch(url, body);
        assertEquals(status, a.status(), a.text());
        assertTrue(a.text().contains(reason), a.text());
    }

    private List<String> studiesOf(String patientId) {
        return Http.jsonArray(web() + "/studies?PatientID=" + patientId).stream().map(s -> Http.firstValue(s, "0020000D")).toList();
    }

    private byte[] retrieve(String study, String series, String sop) {
        Http.Answer a = Http.get(web() + "/studies/" + study + "/series/" + series + "/instances/" + sop, "Accept", PART10);
        assertEquals(200, a.status(), a.text());
        return a.parts().get(0).body();
    }

    private Map<String, byte[]> retrieveAll(String study, Map<String, String> seriesOf) {
        Map<String, byte[]> out = new TreeMap<>();
        seriesOf.forEach((sop, series) -> out.put(sop, retrieve(study, series, sop)));
        return out;
    }

    /** The SHA-256 of each instance's first frame as WADO-RS serves it. */
    private Map<String, String> framesOf(String study, Map<String, String> seriesOf) {
        Map<String, String> out = new TreeMap<>();
        seriesOf.forEach((sop, series) -> out.put(sop, sha256(Http.get(web() + "/studies/" + study + "/series/" + series
                + "/instances/" + sop + "/frames/1", "Accept", FRAME).parts().get(0).body())));
        return out;
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(byte[] part10) throws Exception {
        Path f = Files.createTempFile("mist-update-", ".dcm");
        Files.write(f, part10);
        return f;
    }

    /** Each instance's current header object, by SOP Instance UID. */
    private Map<String, byte[]> headerObjects(String study) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        query("select i.sop_instance_uid, i.header_key from instance i join series se on se.id = i.series_fk"
                + " join study st on st.id = se.study_fk where st.study_instance_uid = ?", study)
                .forEach(r -> out.put(r.get(0), objects.get(r.get(1))));
        return out;
    }

    private Map<String, String> frameDigests(String study) throws Exception {
        Map<String, String> out = new TreeMap<>();
        query("select i.sop_instance_uid, f.sha256 from frame f join instance i on i.id = f.instance_fk join series se"
                + " on se.id = i.series_fk join study st on st.id = se.study_fk where st.study_instance_uid = ?", study)
                .forEach(r -> out.put(r.get(0), r.get(1)));
        return out;
    }

    private long patientRows(String patientId) throws Exception {
        return query("select id from patient where patient_id = ?", patientId).size();
    }

    private List<List<String>> query(String sql, String parameter) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int k = 1; k <= rs.getMetaData().getColumnCount(); k++) {
                        row.add(rs.getString(k));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** Replaying the whole store's feed from 0 gives exactly its visible instances, each at its current version. */
    private void assertFeedReplaysTheLiveSet() throws Exception {
        Map<String, Integer> replayed = new TreeMap<>();
        for (JsonNode c : changes(0)) {
            String action = c.get("action").asText();
            if (action.equals("REJECT") || action.equals("DELETE")) {
                replayed.remove(c.get("instance").asText());
            } else {
                replayed.put(c.get("instance").asText(), c.get("version").asInt());
            }
        }
        Map<String, Integer> live = new TreeMap<>();
        query("select i.sop_instance_uid, i.header_version from instance i join store s on s.id = i.store_id"
                + " where s.name = ? and i.rejected_by is null", STORE).forEach(r -> live.put(r.get(0), Integer.parseInt(r.get(1))));
        assertEquals(live, replayed);
    }

    /** The store's feed after {@code since} (entry numbers are one sequence for all stores). */
    private List<JsonNode> changes(long since) {
        return ChangeFeed.after(api() + "/changes", since);
    }

    private long lastChange() {
        return ChangeFeed.last(base.toString());
    }
}
