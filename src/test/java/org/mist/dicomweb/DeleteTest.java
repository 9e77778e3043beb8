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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mist.dimse.DimseServer;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.testing.ChangeFeed;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * DELETE of an instance, a series and a study over real HTTP, on CT slices from the shared data (needs
 * {@code ../shared/data/dicom/ct-series}): afterwards QIDO-RS, WADO-RS, metadata, frames, DCMTK's findscu and
 * the export no longer find them, the bucket holds none of their objects, the counts and the change feed
 * follow, and a deleted instance can be sent again. Then a delete running while STOW-RS adds to the same series.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DeleteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = TestServers.DIMSE_STORE;  // so that findscu sees it
    private static final String FRAME = "multipart/related; type=\"application/octet-stream\"";

    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectStore objects;
    @Inject
    DataSource dataSource;
    @Inject
    DimseServer dimse;

    private String web(String store) {
        return base + "stores/" + store + "/dicomweb";
    }

    private Stow.Response stow(String store, List<Path> files) {
        return Stow.post(web(store) + "/studies", files.stream().map(Stow.Part::file).toList());
    }

    private Set<String> keysUnder(String prefix) {
        Set<String> keys = new TreeSet<>();
        objects.list(prefix, o -> keys.add(o.key()));
        return keys;
    }

    private List<JsonNode> changes(String store, long since) {
        return ChangeFeed.after(base + "api/stores/" + store + "/changes", since);
    }

    /** Entry numbers are one sequence for all stores. */
    private long lastChange() {
        return ChangeFeed.last(base.toString());
    }

    private long instancesOfStore(String store) throws Exception {
        for (JsonNode s : JSON.readTree(Http.get(base + "api/stores").body())) {
            if (store.equals(s.get("name").asText())) {
                return s.get("instances").asLong();
            }
        }
        return 0;
    }

    /** The matches findscu finds at the study level for {@code study}. */
    private List<Path> findStudy(String study) throws Exception {
        return Dcmtk.find(dimse.port(), "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + study);
    }

    @Test
    void deletedInstancesSeriesAndStudiesAreGoneEverywhereAndCanBeSentAgain() throws Exception {
        String study = DicomFiles.newUid();
        String seriesA = DicomFiles.newUid();
        String seriesB = DicomFiles.newUid();
        String patient = "DEL-" + System.nanoTime();
        List<Path> a = List.of(DicomFiles.ctSlice(1, study, seriesA, patient), DicomFiles.ctSlice(2, study, seriesA, patient), DicomFiles.ctSlice(3, study, seriesA, patient));
        List<Path> b = List.of(DicomFiles.ctSlice(4, study, seriesB, patient), DicomFiles.ctSlice(5, study, seriesB, patient));
        long since = lastChange();
        long before = instancesOfStore(STORE);
        Stow.Response stored = stow(STORE, Stream.concat(a.stream(), b.stream()).toList());
        assertEquals(200, stored.status(), stored.body());
        assertEquals(5, stored.storedCount());
        assertEquals(before + 5, instancesOfStore(STORE));

        String a1 = DicomFiles.sopInstanceUid(a.get(0));
        String studyUrl = web(STORE) + "/studies/" + study;
        String a1Url = studyUrl + "/series/" + seriesA + "/instances/" + a1;
        byte[] frame = Http.get(a1Url + "/frames/1", "Accept", FRAME).parts().get(0).body();
        assertEquals(3, Http.jsonArray(studyUrl + "/series/" + seriesA + "/metadata").size());  // the series cache object is made
        assertEquals(1, findStudy(study).size());

        // One instance
        assertEquals(204, Http.delete(a1Url).status());
        assertEquals(404, Http.get(a1Url).status());
        assertEquals(404, Http.get(a1Url + "/metadata").status());
        assertEquals(404, Http.get(a1Url + "/frames/1", "Accept", FRAME).status());
        assertEquals(404, Http.delete(a1Url).status());
        List<JsonNode> left = Http.jsonArray(studyUrl + "/series/" + seriesA + "/instances");
        assertEquals(2, left.size());
        assertTrue(left.stream().noneMatch(i -> a1.equals(Http.firstValue(i, "00080018"))));
        assertEquals(2, Http.jsonArray(studyUrl + "/series/" + seriesA + "/metadata").size());
        assertEquals("4", Http.firstValue(Http.jsonArray(web(STORE) + "/studies?StudyInstanceUID=" + study).get(0), "00201208"));
        assertEquals(Set.of(), keysUnder(ObjectKeys.instancePrefix(STORE, study, seriesA, a1)));
        assertEquals(before + 4, instancesOfStore(STORE));

        // A series, then the study
        assertEquals(204, Http.delete(studyUrl + "/series/" + seriesA).status());
        assertEquals(List.of(seriesB), Http.jsonArray(studyUrl + "/series").stream().map(s -> Http.firstValue(s, "0020000E")).toList());
        assertEquals(Set.of(), keysUnder(ObjectKeys.seriesPrefix(STORE, study, seriesA)));
        assertEquals(204, Http.delete(studyUrl).status());
        assertEquals(List.of(), Http.jsonArray(web(STORE) + "/studies?StudyInstanceUID=" + study));
        assertEquals(404, Http.get(studyUrl + "/metadata").status());
        assertEquals(List.of(), findStudy(study));
        assertEquals(404, Http.get(base + "api/stores/" + STORE + "/export?format=dicom&study=" + study).status());
        assertEquals(Set.of(), keysUnder(ObjectKeys.studyPrefix(STORE, study)));
        assertEquals(before, instancesOfStore(STORE));
        assertEquals(0, patientRows(patient), "the patient's row goes with its last study");

        // What is not there, or cannot be named
        assertEquals(404, Http.delete(studyUrl).status());
        assertEquals(404, Http.delete(web(STORE) + "/studies/" + DicomFiles.newUid()).status());
        Http.Answer malformed = Http.delete(web(STORE) + "/studies/1.2.x");
        assertEquals(400, malformed.status());
        assertTrue(malformed.text().contains("Study Instance UID"), malformed.text());

        // Sent again: stored anew, the same pixels; an export since the last entry before gives it alone
        long beforeAgain = lastChange();
        Stow.Response again = stow(STORE, List.of(a.get(0)));
        assertEquals(200, again.status(), again.body());
        assertEquals(1, again.storedCount());
        assertArrayEquals(frame, Http.get(a1Url + "/frames/1", "Accept", FRAME).parts().get(0).body());
        String export = base + "api/stores/" + STORE + "/export?format=dicom&study=" + study + "&since=";
        List<String> exported = Tar.entries(Http.get(export + beforeAgain).body()).keySet().stream()
                .filter(k -> k.endsWith(".dcm")).toList();
        assertEquals(1, exported.size(), exported.toString());
        assertTrue(exported.get(0).contains(a1), exported.get(0));
        assertEquals(404, Http.get(export + lastChange()).status());
        assertEquals(400, Http.get(export + "-1").status());

        // The feed told all of it, in order
        List<String> told = changes(STORE, since).stream().filter(c -> study.equals(c.get("study").asText()))
                .map(c -> c.get("action").asText() + " " + c.get("instance").asText()).toList();
        List<String> expected = new ArrayList<>();
        for (Path f : Stream.concat(a.stream(), b.stream()).toList()) {
            expected.add("CREATE " + DicomFiles.sopInstanceUid(f));
        }
        expected.add("DELETE " + a1);
        a.subList(1, 3).forEach(f -> expected.add("DELETE " + uid(f)));
        b.forEach(f -> expected.add("DELETE " + uid(f)));
        expected.add("CREATE " + a1);
        assertEquals(sortedWithinDeletes(expected), sortedWithinDeletes(told));
        assertEquals(204, Http.delete(studyUrl).status());
    }

    private static String uid(Path f) {
        try {
            return DicomFiles.sopInstanceUid(f);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The STOW's creates and one delete's entries are numbered in UID order within their group: compare as groups. */
    private static List<String> sortedWithinDeletes(List<String> entries) {
        List<String> out = new ArrayList<>();
        List<String> group = new ArrayList<>();
        String action = null;
        for (String e : entries) {
            String a = e.substring(0, e.indexOf(' '));
            if (!a.equals(action)) {
                group.sort(null);
                out.addAll(group);
                group.clear();
                action = a;
            }
            group.add(e);
        }
        group.sort(null);
        out.addAll(group);
        return out;
    }

    private int patientRows(String patientId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from patient where patient_id = ?")) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aDeleteWhileStowAddsToTheSeriesLeavesAConsistentStore() throws Exception {
        String store = "delete-race";
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        String patient = "RACE-" + System.nanoTime();
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 24; n++) {
            files.add(DicomFiles.ctSlice(n, study, series, patient));
        }
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> files.forEach(f -> statuses.add(stow(store, List.of(f)).status())));
        writer.start();
        String seriesUrl = web(store) + "/studies/" + study + "/series/" + series;
        Map<Integer, Integer> deletes = new LinkedHashMap<>();
        while (writer.isAlive() && statuses.size() < 18) {  // the last instances stay, to be checked whole
            deletes.merge(Http.delete(seriesUrl).status(), 1, Integer::sum);
            Thread.sleep(40);
        }
        writer.join();
        assertEquals(List.of(200), statuses.stream().distinct().toList(), "every STOW stored its instance");
        assertTrue(deletes.getOrDefault(204, 0) > 0, "some delete found instances: " + deletes);
        assertTrue(Set.of(204, 404).containsAll(deletes.keySet()), "deletes answered " + deletes);

        // Every live instance is whole; no object belongs to anything but a live instance or its series' cache
        List<String> live = Http.jsonArray(web(store) + "/instances?limit=10000&StudyInstanceUID=" + study).stream()
                .map(i -> Http.firstValue(i, "00080018")).sorted().toList();
        for (String sop : live) {
            assertEquals(200, Http.get(seriesUrl + "/instances/" + sop, "Accept", "multipart/related; type=\"application/dicom\"")
                    .status(), sop);
        }
        for (String key : keysUnder(ObjectKeys.studyPrefix(store, study))) {
            String[] parts = key.split("/");
            assertTrue(parts.length == 4 ? parts[3].startsWith("metadata-") : live.contains(parts[3]), "orphan object " + key);
        }
        // Replaying the feed gives the live set
        Set<String> replayed = new TreeSet<>();
        for (JsonNode c : changes(store, 0)) {
            if (study.equals(c.get("study").asText())) {
                if ("CREATE".equals(c.get("action").asText())) {
                    assertTrue(replayed.add(c.get("instance").asText()), "created twice: " + c);
                } else {
                    assertTrue(replayed.remove(c.get("instance").asText()), "deleted while not there: " + c);
                }
            }
        }
        assertEquals(live, List.copyOf(replayed));
        assertTrue(live.size() >= 6, live.size() + " left");
        System.out.printf("delete racing STOW: %d instances sent, deletes answered %s, %d left%n", files.size(), deletes, live.size());
    }

    /**
     * Four writers while a reader follows the feed: what the reader collected, page by page from the last number
     * it saw, must be exactly the feed read afterwards from 0. An entry that became visible below a number already
     * seen (numbers handed out in another order than commits) would be missing from what the reader collected.
     */
    @Test
    void aReaderOfTheFeedNeverFindsANewEntryBelowOneItHasSeen() throws Exception {
        String store = "feed-order";
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String study = DicomFiles.newUid();
            String series = DicomFiles.newUid();
            List<Path> files = new ArrayList<>();
            for (int n = 1; n <= 12; n++) {
                files.add(DicomFiles.ctSlice(n + 12 * w, study, series, "FEED-" + w));
            }
            writers.add(new Thread(() -> files.forEach(f -> assertEquals(200, stow(store, List.of(f)).status()))));
        }
        writers.forEach(Thread::start);
        List<Long> collected = new ArrayList<>();
        long last = 0;
        int polls = 0;
        while (writers.stream().anyMatch(Thread::isAlive) || polls == 0) {
            if (Http.get(base + "api/stores").text().contains("\"" + store + "\"")) {
                for (JsonNode c : changes(store, last)) {
                    collected.add(c.get("seq").asLong());
                    last = c.get("seq").asLong();
                }
                polls++;
            }
        }
        for (Thread w : writers) {
            w.join();
        }
        for (JsonNode c : changes(store, last)) {
            collected.add(c.get("seq").asLong());
        }
        List<Long> all = changes(store, 0).stream().map(c -> c.get("seq").asLong()).toList();
        assertEquals(48, all.size());
        assertEquals(all, collected);
        System.out.printf("feed order: %d entries followed in %d reads while 4 writers stored%n", collected.size(), polls);
    }
}
