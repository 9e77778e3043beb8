package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mist.store.S3ObjectStore;
import org.mist.testing.DicomFiles;
import org.mist.testing.Docker;
import org.mist.testing.Http;
import org.mist.testing.ReplicaCluster;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;

/**
 * Three MIST replicas in containers over one PostgreSQL and one S3 endpoint, behind nginx, built from the
 * Dockerfile and deploy/ (needs Docker, wrk and {@code ../shared/data/dicom/ct-series}; CI requires Docker through
 * {@code mist.containers.required}). Through the balancer and each replica directly: parallel STOW stores every
 * instance once, also when three replicas get the same instance at once; the replicas answer QIDO, metadata and
 * frames alike; one replica's write is in another's series metadata at once; a replica killed in the middle of
 * STOW loses nothing acknowledged and leaves no orphan once the sweepers ran; a rolling restart under load on
 * frames fails no request; the replicas' request counters add up to the requests made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {
    private static final String OCTETS = "multipart/related; type=\"application/octet-stream\"";
    /** The whole CT series of the shared data. */
    private static final int SLICES = 134;
    private static ReplicaCluster cluster;
    private static String study;
    private static String series;
    private static List<String> sops = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        boolean required = Boolean.getBoolean("mist.containers.required");
        boolean wrk = java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "wrk")));
        if (!Docker.available() || !wrk) {
            System.err.println("*** Docker's daemon or wrk is not available: the container tests are SKIPPED ***");
            if (required) {
                fail("Docker and wrk are required (mist.containers.required) but " + (wrk ? "no Docker daemon answers" : "wrk is missing"));
            }
            assumeTrue(false, "no Docker or wrk");
        }
        Process images = new ProcessBuilder("deploy/images.sh").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, images.waitFor(), "deploy/images.sh");
        long t0 = System.nanoTime();
        // The sweeper of every replica runs often, with a short grace, while the others write.
        cluster = ReplicaCluster.start(3, Path.of("deploy"), Map.of("MIST_SWEEPER_EVERY", "2s", "MIST_SWEEPER_GRACE", "PT2S"));
        System.out.printf("three replicas, PostgreSQL, S3Proxy and nginx ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void parallelStowStoresEveryInstanceOnce() throws Exception {
        study = DicomFiles.newUid();
        series = DicomFiles.newUid();
        List<Path> slices = new ArrayList<>();
        for (int i = 1; i <= SLICES; i++) {
            slices.add(DicomFiles.ctSlice(i, study, series, "REPLICAS"));
        }
        for (Path p : slices) {
            sops.add(DicomFiles.sopInstanceUid(p));
        }
        String web = cluster.balancer() + "dicomweb/studies";
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Stow.Response>> answers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            List<Stow.Part> share = new ArrayList<>();
            for (int i = c; i < slices.size(); i += 4) {
                share.add(Stow.Part.file(slices.get(i)));
            }
            answers.add(clients.submit(() -> Stow.post(web, share)));
        }
        for (Future<Stow.Response> a : answers) {
            Stow.Response r = a.get(5, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.body());
            assertTrue(r.storedCount() >= SLICES / 4, r.body());
        }
        clients.shutdown();
        assertEquals(SLICES, Http.jsonArray(cluster.balancer() + "dicomweb/studies/" + study + "/instances").size());
        assertEquals(SLICES, rowsOf(sops), "one row per instance");

        // The same instance to the three replicas at the same moment: stored once, every answer a success.
        Path same = DicomFiles.ctSlice(1, study, series, "REPLICAS");  // slice 1 again, under a SOP Instance UID of its own
        String sop = DicomFiles.sopInstanceUid(same);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService three = Executors.newFixedThreadPool(3);
        List<Future<Stow.Response>> racing = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            String replica = cluster.replica(n) + "dicomweb/studies";
            racing.add(three.submit(() -> {
                go.await();
                return Stow.post(replica, List.of(Stow.Part.file(same)));
            }));
        }
        go.countDown();
        for (Future<Stow.Response> a : racing) {
            Stow.Response r = a.get(2, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.body());
            assertTrue(r.outcomes().get(sop).stored(), r.body());
        }
        three.shutdown();
        sops.add(sop);
        assertEquals(1, rowsOf(List.of(sop)), "the instance sent to three replicas at once has one row");
    }

    @Test
    @Order(2)
    void replicasAnswerAlike() throws Exception {
        String path = "dicomweb/studies/" + study + "/series/" + series;
        byte[] qido = null;
        byte[] metadata = null;
        List<List<byte[]>> frames = null;
        for (int n = 1; n <= 3; n++) {
            String replica = cluster.replica(n);
            // RetrieveURLs and BulkDataURIs name the replica they came from: compared without it
            byte[] q = Http.get(replica + "dicomweb/studies/" + study + "/instances?includefield=all").text().replace(replica, "BASE/")
                    .getBytes();
            byte[] m = Http.get(replica + path + "/metadata").text().replace(replica, "BASE/").getBytes();
            List<List<byte[]>> f = new ArrayList<>();
            for (String sop : sops.subList(0, 3)) {
                Http.Answer a = Http.get(replica + path + "/instances/" + sop + "/frames/1", "Accept", OCTETS);
                assertEquals(200, a.status(), a.text());
                f.add(a.parts().stream().map(Http.Part::body).toList());
            }
            if (qido == null) {
                qido = q;
                metadata = m;
                frames = f;
                continue;
            }
            assertArrayEquals(qido, q, "QIDO of replica " + n);
            assertArrayEquals(metadata, m, "series metadata of replica " + n);
            for (int i = 0; i < f.size(); i++) {
                assertArrayEquals(frames.get(i).get(0), f.get(i).get(0), "frame of " + sops.get(i) + " from replica " + n);
            }
        }
    }

    @Test
    @Order(3)
    void oneReplicasWriteIsInAnothersMetadataAtOnce() throws Exception {
        String metadata = cluster.replica(3) + "dicomweb/studies/" + study + "/series/" + series + "/metadata";
        int before = Http.jsonArray(metadata).size();  // replica 3 now holds the series in its cache
        Path added = DicomFiles.ctSlice(42, study, series, "REPLICAS");
        assertEquals(200, Stow.post(cluster.replica(1) + "dicomweb/studies", List.of(Stow.Part.file(added))).status());
        String sop = DicomFiles.sopInstanceUid(added);
        assertEquals(before + 1, Http.jsonArray(metadata).size(), "replica 3's metadata right after replica 1's STOW");
        assertTrue(Http.get(metadata).text().contains(sop));
        sops.add(sop);
    }

    @Test
    @Order(4)
    void requestCountsOfTheReplicasAddUp() {
        Map<Integer, Double> before = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            before.put(n, qidoCount(n));
        }
        int asked = 30;
        for (int i = 0; i < asked; i++) {
            assertEquals(200, Http.get(cluster.balancer() + "dicomweb/studies?StudyInstanceUID=" + study).status());
        }
        double sum = 0;
        StringBuilder each = new StringBuilder();
        for (int n = 1; n <= 3; n++) {
            double grew = qidoCount(n) - before.get(n);
            each.append(" replica ").append(n).append(": ").append((int) grew);
            sum += grew;
        }
        assertEquals(asked, sum, "QIDO requests counted by the replicas:" + each);
        System.out.println("QIDO requests through nginx, as the replicas counted them:" + each);
    }

    @Test
    @Order(5)
    void killedReplicaLosesNothingAcknowledged() throws Exception {
        String web = cluster.balancer() + "dicomweb/studies";
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<Future<Integer>> sent = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int client = c;
            sent.add(clients.submit(() -> {
                int n = 0;
                for (int i = 0; !stop.get(); i++) {
                    Path slice = DicomFiles.ctSlice(1 + (client * 60 + i) % 134, study, series, "REPLICAS");
                    String sop = DicomFiles.sopInstanceUid(slice);
                    try {
                        Stow.Response r = Stow.post(web, List.of(Stow.Part.file(slice)));
                        if (r.status() == 200 && r.outcomes().get(sop).stored()) {
                            acknowledged.put(sop, true);
                        }
                    } catch (RuntimeException e) {
                        // not acknowledged: the client would send it again
                    }
                    n++;
                }
                return n;
            }));
        }
        Thread.sleep(3000);
        cluster.kill(2);
        Thread.sleep(4000);
        stop.set(true);
        int attempts = 0;
        for (Future<Integer> f : sent) {
            attempts += f.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();
        cluster.startAgain(2);

        List<String> ack = new ArrayList<>(acknowledged.keySet());
        assertTrue(ack.size() > 4, "STOWs acknowledged around the kill: " + ack.size() + " of " + attempts);
        assertEquals(ack.size(), rowsOf(ack), "every acknowledged instance has its row");
        for (String sop : ack) {
            Http.Answer a = Http.get(cluster.balancer() + "dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop
                    + "/frames/1", "Accept", OCTETS);
            assertEquals(200, a.status(), sop + ": " + a.text());
        }
        sops.addAll(ack);
        // Every replica's sweeper runs each 2 s with a 2 s grace: what the killed replica left is gone by now.
        Thread.sleep(8000);
        Set<String> orphans = orphans();
        assertTrue(orphans.isEmpty(), orphans.size() + " objects without a row after the sweep, e.g. " + orphans.stream().limit(3).toList());
        System.out.printf("replica 2 killed during STOW: %d of %d STOWs acknowledged, all there, no orphan object%n", ack.size(), attempts);
    }

    @Test
    @Order(6)
    void rollingRestartUnderLoadFailsNoRequest() throws Exception {
        String frame = cluster.balancer() + "dicomweb/studies/" + study + "/series/" + series + "/instances/" + sops.get(0) + "/frames/1";
        Path out = Files.createTempFile("mist-wrk", ".txt");
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c8", "-d75s", "--timeout", "10s", "-H", "Accept: " + OCTETS, frame).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        Thread.sleep(5000);
        long t0 = System.nanoTime();
        StringBuilder each = new StringBuilder();
        for (int n = 1; n <= 3; n++) {
            long t = System.nanoTime();
            cluster.restart(n);
            each.append(String.format(" %.1f", (System.nanoTime() - t) / 1e9));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(wrk.waitFor(3, TimeUnit.MINUTES), "wrk ends");
        String report = Files.readString(out);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(report);
        assertTrue(requests.find(), report);
        assertTrue(!report.contains("Non-2xx or 3xx responses"), "failed requests during the rolling restart:\n" + report);
        assertTrue(!report.contains("Socket errors"), "socket errors during the rolling restart:\n" + report);
        System.out.printf("rolling restart of 3 replicas in %.1f s (each, stop to ready:%s s) under wrk: %s requests, none failed%n",
                seconds, each, requests.group(1));
    }

    private double qidoCount(int replica) {
        String metrics = Http.get(cluster.replica(replica) + "q/metrics", "Accept", "text/plain").text();
        Matcher m = Pattern.compile("^http_server_requests_seconds_count\\{(.*)\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("method=\"GET\"") && labels.contains("uri=\"/dicomweb/studies\"") && labels.contains("status=\"200\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static long rowsOf(List<String> sopInstanceUids) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", ReplicaCluster.DB_PASSWORD);
             PreparedStatement s = c.prepareStatement("select count(*) from instance where sop_instance_uid = any(?)")) {
            s.setArray(1, c.createArrayOf("varchar", sopInstanceUids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Objects in the bucket that no row refers to (the series metadata caches, derived and kept per series, aside). */
    private static Set<String> orphans() throws Exception {
        Set<String> referenced = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", ReplicaCluster.DB_PASSWORD);
             var s = c.createStatement()) {
            for (String q : List.of("select object_key from frame", "select header_key from instance", "select header_key from header_version")) {
                try (ResultSet r = s.executeQuery(q)) {
                    while (r.next()) {
                        referenced.add(r.getString(1));
                    }
                }
            }
        }
        S3ObjectStore objects = new S3ObjectStore(cluster.s3Endpoint(), "", ReplicaCluster.BUCKET, ReplicaCluster.S3_ACCESS_KEY,
                ReplicaCluster.S3_SECRET_KEY, true);
        Set<String> orphans = new TreeSet<>();
        objects.list("", o -> {
            if (!referenced.contains(o.key()) && !o.key().matches(".*/metadata-[^/]*\\.json\\.gz")) {
                orphans.add(o.key());
            }
        });
        return orphans;
    }
}
