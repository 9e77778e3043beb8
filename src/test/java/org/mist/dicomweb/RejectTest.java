package org.mist.dicomweb;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.archive.RejectionRetention;
import org.mist.dimse.DimseServer;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.testing.ChangeFeed;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.PythonScripts;
import org.mist.testing.Stow;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * Rejection (IOCM) on CT slices of the shared data (needs {@code ../shared/data/dicom/ct-series}): a series rejected
 * by {@code POST .../reject/113001^DCM} (the request OHIF sends) and another by a rejection note made with pydicom
 * and sent by STOW-RS are hidden from QIDO-RS, WADO-RS, metadata, findscu, C-MOVE and the export, while the notes
 * stay; a rejected instance sent again is refused; the feed tells it; the retention period deletes them.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class RejectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = TestServers.DIMSE_STORE;

    @TestHTTPResource("/")
    URL base;
    @Inject
    DimseServer dimse;
    @Inject
    ObjectStore objects;
    @Inject
    RejectionRetention retention;

    private Set<String> live(String web, String study) throws Exception {
        Set<String> out = new TreeSet<>();
        Http.jsonArray(web + "/studies/" + study + "/instances").forEach(i -> out.add(Http.firstValue(i, "00080018")));
        return out;
    }

    private int findSeries(String study) throws Exception {
        return Dcmtk.find(dimse.port(), "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + study, "SeriesInstanceUID").size();
    }

    private int moveStudy(String study) throws Exception {
        try (Stream<Path> s = Files.list(Dcmtk.moveStudyToStorescp(study, dimse.port()))) {
            return (int) s.count();
        }
    }

    @Test
    void rejectedInstancesAreHiddenEverywhereKeptAndThenExpired() throws Exception {
        String study = DicomFiles.newUid();
        String seriesA = DicomFiles.newUid();
        String seriesB = DicomFiles.newUid();
        String patient = "REJ-" + System.nanoTime();
        List<Path> a = List.of(DicomFiles.ctSlice(1, study, seriesA, patient), DicomFiles.ctSlice(2, study, seriesA, patient), DicomFiles.ctSlice(3, study, seriesA, patient));
        List<Path> b = List.of(DicomFiles.ctSlice(4, study, seriesB, patient), DicomFiles.ctSlice(5, study, seriesB, patient));
        String web = base + "stores/" + STORE + "/dicomweb";
        String studyUrl = web + "/studies/" + study;
        Stow.Response stored = Stow.post(web + "/studies", Stream.concat(a.stream(), b.stream()).map(Stow.Part::file).toList());
        assertEquals(5, stored.storedCount(), stored.body());
        long since = lastChange();
        String a1 = DicomFiles.sopInstanceUid(a.get(0));

        // Rejected the way OHIF asks
        Http.Answer rejected = Http.post(studyUrl + "/series/" + seriesA + "/reject/113001%5EDCM", new byte[0]);
        assertEquals(200, rejected.status(), rejected.text());
        JsonNode outcome = JSON.readTree(rejected.body());
        assertEquals(3, outcome.get("rejected").asInt());
        String note = outcome.get("rejectionNote").asText();
        List<JsonNode> series = Http.jsonArray(studyUrl + "/series");
        assertEquals(2, series.size(), "B and the note's series");
        assertTrue(series.stream().noneMatch(s -> seriesA.equals(Http.firstValue(s, "0020000E"))));
        JsonNode studyItem = Http.jsonArray(web + "/studies?StudyInstanceUID=" + study).get(0);
        assertEquals("3", Http.firstValue(studyItem, "00201208"), "two slices of B and the note");
        assertEquals("CT\\KO", studyItem.get("00080061").get("Value").get(0).asText() + "\\"
                + studyItem.get("00080061").get("Value").get(1).asText());
        String a1Url = studyUrl + "/series/" + seriesA + "/instances/" + a1;
        assertEquals(404, Http.get(a1Url).status());
        assertEquals(404, Http.get(a1Url + "/frames/1", "Accept", "multipart/related; type=\"application/octet-stream\"").status());
        assertEquals(404, Http.get(studyUrl + "/series/" + seriesA + "/metadata").status());
        assertEquals(3, Http.jsonArray(studyUrl + "/metadata").size());
        assertEquals(2, findSeries(study));
        assertEquals(3, moveStudy(study));
        assertEquals(3, Tar.entries(Http.get(base + "api/stores/" + STORE + "/export?format=dicom&study=" + study).body())
                .keySet().stream().filter(k -> k.endsWith(".dcm")).count());
        assertTrue(live(web, study).contains(note), "the note stays");
        // Sent again while rejected: refused, with the reason
        Stow.Response again = Stow.post(web + "/studies", List.of(Stow.Part.file(a.get(0))));
        assertEquals(409, again.status(), again.body());
        assertEquals(0x0111, again.outcomes().get(a1).failureReason());
        assertTrue(again.outcomes().get(a1).reason().contains("rejected"), again.body());

        // Rejected by a note made elsewhere, sent by STOW-RS
        Path kos = Files.createTempFile("mist-rejection-", ".dcm");
        List<String> args = new ArrayList<>(List.of("113037", kos.toString()));
        b.forEach(f -> args.add(f.toString()));
        PythonScripts.run("rejection_note.py", args.toArray(String[]::new));
        assertEquals(1, Stow.post(web + "/studies", List.of(Stow.Part.file(kos))).storedCount());
        String secondNote = DicomFiles.sopInstanceUid(kos);
        assertEquals(Set.of(note, secondNote), live(web, study));
        assertEquals(404, Http.get(studyUrl + "/series/" + seriesB).status());

        // What cannot be rejected
        Http.Answer badCode = Http.post(studyUrl + "/reject/999%5EDCM", new byte[0]);
        assertEquals(400, badCode.status());
        assertTrue(badCode.text().contains("CID 7011"), badCode.text());
        assertEquals(404, Http.post(web + "/studies/" + DicomFiles.newUid() + "/reject/113001%5EDCM", new byte[0]).status());
        assertEquals(404, Http.post(studyUrl + "/series/" + seriesA + "/reject/113001%5EDCM", new byte[0]).status(),
                "a series of rejected instances only is not there");
        Http.Answer onlyNotes = Http.post(studyUrl + "/reject/113001%5EDCM", new byte[0]);
        assertEquals(404, onlyNotes.status(), "the notes are not rejected in turn: " + onlyNotes.text());
        assertEquals(Set.of(note, secondNote), live(web, study));

        // The feed: replayed, it gives the instances shown
        Set<String> replayed = new TreeSet<>();
        List<String> actions = new ArrayList<>();
        for (JsonNode c : ChangeFeed.after(base + "api/stores/" + STORE + "/changes", since)) {
            if (study.equals(c.get("study").asText())) {
                actions.add(c.get("action").asText());
                if ("CREATE".equals(c.get("action").asText())) {
                    replayed.add(c.get("instance").asText());
                } else {
                    replayed.remove(c.get("instance").asText());
                }
            }
        }
        assertEquals(List.of("CREATE", "REJECT", "REJECT", "REJECT", "CREATE", "REJECT", "REJECT"), actions);
        assertEquals(live(web, study), replayed);

        // Kept until the retention period has passed: then deleted, objects and all, and the slice can come back
        assertTrue(!keysUnder(ObjectKeys.instancePrefix(STORE, study, seriesA, a1)).isEmpty(), "kept while rejected");
        assertTrue(retention.expire(Duration.ofDays(1)) == 0, "nothing rejected a day ago");
        assertEquals(5, retention.expire(Duration.ZERO));
        assertEquals(Set.of(), keysUnder(ObjectKeys.seriesPrefix(STORE, study, seriesA)));
        assertEquals(1, Stow.post(web + "/studies", List.of(Stow.Part.file(a.get(0)))).storedCount());
        assertEquals(200, Http.get(a1Url, "Accept", "multipart/related; type=\"application/dicom\"").status());
        assertEquals(204, Http.delete(studyUrl).status());
    }

    private Set<String> keysUnder(String prefix) {
        Set<String> keys = new TreeSet<>();
        objects.list(prefix, o -> keys.add(o.key()));
        return keys;
    }

    private long lastChange() {
        return ChangeFeed.last(base.toString());
    }
}
