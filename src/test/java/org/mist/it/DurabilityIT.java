package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.ServiceProcess;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;

/**
 * "Acknowledged means stored", on the embedded default as the README starts it. Ten rounds: the service
 * starts on the same data folder; a STOW-RS of a CT series, a storescu C-STORE loop, an /api ingest loop and
 * an export run at once; the moment the STOW answers 200, the JVM and the embedded PostgreSQL (postmaster
 * and backends) are killed with SIGKILL together, as a power cut would stop them (the last two rounds kill
 * the JVM alone, leaving the database an orphan). After each restart every instance acknowledged so far
 * (STOW entries, C-STORE successes, /api 201s) must be there with its pixels, the temporary folder must
 * hold nothing of the dead process and exactly one postmaster must run. At the end, with the sweeper's
 * grace cut to a second, no object without a row may remain. Every other round defers compression, so kills also
 * find frames acknowledged as received and swaps under way: at the end every frame must be HTJ2K with the pixels
 * that came in. Needs ../shared/data (the CT series).
 */
class DurabilityIT {
    private static final int ROUNDS = 10;
    private static final Pattern STORESCU_ACK = Pattern.compile("Received Store Response.*?\\(Success\\)");

    @Test
    void acknowledgedInstancesSurviveKillNine() throws Exception {
        Path series = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        List<Path> ct;
        try (Stream<Path> s = Files.list(series)) {
            ct = s.sorted().toList();
        }
        Path dir = Files.createTempDirectory("mist-durability");
        Path data = dir.resolve("mist-data");
        Map<String, Path> acknowledgedDicom = new ConcurrentHashMap<>();
        Map<String, BufferedImage> acknowledgedPng = new ConcurrentHashMap<>();
        Set<String> pixelsChecked = new java.util.HashSet<>();
        // The PNGs' study (their collection's), so that checking them exports them alone, not every CT slice as PNG
        java.util.concurrent.atomic.AtomicReference<String> pngStudy = new java.util.concurrent.atomic.AtomicReference<>();
        Random random = new Random(13);
        for (int round = 0; round < ROUNDS; round++) {
            boolean orphanDatabase = round >= ROUNDS - 2;
            // Every other round defers compression: the kill then finds frames as received, and a worker swapping
            ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx1g"),
                    Map.of("MIST_DEFERRED_COMPRESSION", Boolean.toString(round % 2 == 1)));
            checkAfterRestart(service, data, acknowledgedDicom, acknowledgedPng, pngStudy.get(), round, pixelsChecked);
            if (round == 0) {
                checkDatabaseIsClosed(data);
            }
            // This round's data: fresh UIDs so that every round writes new instances.
            String study = DicomFiles.newUid();
            String seriesUid = DicomFiles.newUid();
            List<Path> stowFiles = new ArrayList<>();
            for (Path f : ct.subList(0, 100)) {
                stowFiles.add(DicomFiles.fresh(f, study, seriesUid));
            }
            Path storeDir = Files.createDirectories(dir.resolve("cstore-" + round));
            String cstoreStudy = DicomFiles.newUid();
            String cstoreSeries = DicomFiles.newUid();
            for (Path f : ct.subList(100, ct.size())) {
                Path fresh = DicomFiles.fresh(f, cstoreStudy, cstoreSeries);
                Files.move(fresh, storeDir.resolve(DicomFiles.sopInstanceUid(fresh) + ".dcm"));
            }
            AtomicBoolean killed = new AtomicBoolean();
            // C-STORE: storescu prints each success; what it printed before the kill is acknowledged.
            Process storescu = new ProcessBuilder("storescu", "-v", "-nh", "-aet", "CRASHTEST", "-aec", "MIST", "127.0.0.1",
                    Integer.toString(service.dimsePort()), "+sd", storeDir.toString()).redirectErrorStream(true).start();
            Thread storescuReader = new Thread(() -> readStorescu(storescu, storeDir, acknowledgedDicom));
            storescuReader.start();
            // /api ingest: small PNGs, one after another, until the kill.
            Thread api = new Thread(() -> {
                for (int i = 0; !killed.get(); i++) {
                    BufferedImage image = randomImage(random);
                    String name = "r" + System.nanoTime() + "-" + i + ".png";
                    try {
                        Http.Answer a = Http.post(service.base() + "api/ingest?name=" + name, png(image),
                                "Content-Type", "image/png");
                        if (a.status() == 201) {
                            acknowledgedPng.put(name, image);
                            pngStudy.compareAndSet(null, new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.body())
                                    .path("studyInstanceUid").asText());
                        }
                    } catch (Throwable e) {
                        return;  // the service went away mid-request: not acknowledged
                    }
                }
            });
            api.start();
            // An export of all that is stored, running while the process dies.
            Thread export = new Thread(() -> {
                try {
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.base() + "api/export?format=png"))
                            .build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    // cut off by the kill
                }
            });
            export.start();
            Thread.sleep(300);
            List<Stow.Part> parts = stowFiles.stream().map(Stow.Part::file).toList();
            Stow.Response r = Stow.post(service.base() + "dicomweb/studies", parts);
            if (orphanDatabase) {
                service.kill9();
            } else {
                service.kill9WithDatabase(data.resolve("postgres"));
            }
            killed.set(true);
            assertEquals(200, r.status(), r.body());
            for (Path f : stowFiles) {
                acknowledgedDicom.put(DicomFiles.sopInstanceUid(f), f);
            }
            storescu.waitFor(30, TimeUnit.SECONDS);
            storescuReader.join(30_000);
            api.join(30_000);
            export.join(30_000);
            System.out.printf("round %d%s: killed %s; acknowledged so far: %d DICOM, %d PNG%n", round,
                    round % 2 == 1 ? " (deferred compression)" : "",
                    orphanDatabase ? "the JVM (database left running)" : "the JVM and PostgreSQL", acknowledgedDicom.size(),
                    acknowledgedPng.size());
        }
        // Last start: the sweeper runs every second with a one-second grace.
        try (ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx1g", "-Dmist.sweeper.grace=PT1S",
                "-Dmist.sweeper.every=1s"), Map.of())) {
            pixelsChecked.clear();  // the last start: every acknowledged instance's pixels once more
            checkAfterRestart(service, data, acknowledgedDicom, acknowledgedPng, pngStudy.get(), ROUNDS, pixelsChecked);
            // Frames the kills left as received are compressed now; then every frame is HTJ2K, whole.
            long deadline = System.currentTimeMillis() + 300_000;
            long waiting;
            while ((waiting = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    Http.get(service.base() + "api/transcoding").body()).get("waitingFrames").asLong()) > 0) {
                assertTrue(System.currentTimeMillis() < deadline, waiting + " frames still waiting for compression after 5 minutes");
                Thread.sleep(1000);
            }
            assertRawFramesGone(data);
            pixelsChecked.clear();  // and the pixels, now from the HTJ2K copies
            checkAfterRestart(service, data, acknowledgedDicom, acknowledgedPng, pngStudy.get(), ROUNDS, pixelsChecked);
            Thread.sleep(4000);
            List<String> orphans = new ArrayList<>();
            try (Stream<Path> files = Files.walk(data.resolve("objects"))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Path rel = data.resolve("objects").relativize(p);
                    if (rel.getFileName().toString().startsWith(".put-")) {
                        orphans.add(rel.toString());
                    } else if (rel.getNameCount() >= 5 && !instanceExists(service, rel)) {
                        orphans.add(rel.toString());
                    }
                }
            }
            assertTrue(orphans.isEmpty(), "objects without rows after the sweep: " + orphans);
            System.out.printf("after %d kills: %d DICOM and %d PNG acknowledged instances all there, no orphan object%n",
                    ROUNDS, acknowledgedDicom.size(), acknowledgedPng.size());
        }
    }

    /**
     * Everything acknowledged is there, and the pixels of what was acknowledged since the last check (every
     * instance's at the last start, after all the kills); no leftovers of the dead process; one postmaster.
     */
    private static void checkAfterRestart(ServiceProcess service, Path data, Map<String, Path> dicom,
                                          Map<String, BufferedImage> pngs, String pngStudy, int round, Set<String> pixelsChecked)
            throws Exception {
        Path tmp = data.resolve("tmp");
        try (Stream<Path> s = Files.walk(tmp)) {
            List<String> left = s.filter(p -> !p.equals(tmp) && !p.equals(tmp.resolve(Long.toString(service.pid()))))
                    .map(Path::toString).toList();
            assertTrue(left.isEmpty(), "round " + round + ": temporary files of the killed process remain: " + left);
        }
        long postmasters = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("bin/postgres -D " + data.resolve("postgres"))).orElse(false))
                .count();
        assertEquals(1, postmasters, "round " + round + ": PostgreSQL servers on the data folder");
        Set<String> listed = new java.util.HashSet<>();
        Http.jsonArray(service.base() + "dicomweb/instances?limit=10000").forEach(i -> listed.add(Http.firstValue(i, "00080018")));
        Set<String> absent = new java.util.TreeSet<>(dicom.keySet());
        absent.removeAll(listed);
        assertTrue(absent.isEmpty(), "round " + round + ": acknowledged instances missing from QIDO-RS: " + absent);
        for (Map.Entry<String, Path> e : dicom.entrySet()) {
            if (!pixelsChecked.add(e.getKey())) {
                continue;
            }
            AttributeList source = new AttributeList();
            source.read(e.getValue().toString());
            String url = service.base() + "dicomweb/studies/" + Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID)
                    + "/series/" + Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SeriesInstanceUID)
                    + "/instances/" + e.getKey() + "/frames/1";
            Http.Answer a = Http.get(url, "Accept", "multipart/related; type=\"application/octet-stream\"");
            assertEquals(200, a.status(), "round " + round + ": acknowledged instance " + e.getKey() + " is missing");
            byte[] stored = Http.parts(a.header("content-type"), a.body()).get(0).body();
            short[] words = source.get(TagFromName.PixelData).getShortValues();
            java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(words.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            expected.asShortBuffer().put(words);
            assertArrayEquals(expected.array(), stored, "pixels of " + e.getKey());
        }
        assertPngsThere(service, pngs, pngStudy, round);
    }

    /** Each acknowledged PNG comes back (the export names files as they came) with the same samples. */
    private static void assertPngsThere(ServiceProcess service, Map<String, BufferedImage> pngs, String study, int round)
            throws Exception {
        if (pngs.isEmpty()) {
            return;
        }
        Http.Answer tar = Http.get(service.base() + "api/export?format=png&study=" + study);
        assertEquals(200, tar.status(), tar.text());
        Map<String, byte[]> entries = org.mist.testing.Tar.entries(tar.body());
        for (Map.Entry<String, BufferedImage> e : pngs.entrySet()) {
            byte[] file = entries.entrySet().stream().filter(x -> x.getKey().endsWith("/" + e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("round " + round + ": acknowledged " + e.getKey() + " is missing"));
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(file));
            int w = e.getValue().getWidth();
            int h = e.getValue().getHeight();
            assertArrayEquals(e.getValue().getRaster().getPixels(0, 0, w, h, (int[]) null),
                    back.getRaster().getPixels(0, 0, w, h, (int[]) null), e.getKey());
        }
    }

    /** No frame row is left as received (a swap cut off by a kill must have been rolled back and done again). */
    private static void assertRawFramesGone(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection(databaseUrl(data), withPassword(data));
             ResultSet rs = c.createStatement().executeQuery("select codec, count(*) from frame group by codec order by codec")) {
            Map<String, Long> byCodec = new java.util.TreeMap<>();
            while (rs.next()) {
                byCodec.put(rs.getString(1), rs.getLong(2));
            }
            System.out.println("frames by codec after the last start: " + byCodec);
            assertEquals(null, byCodec.get("RAW"), "frames still as received: " + byCodec);
        }
    }

    /** The embedded database: durable settings; no password, no entry; an unprivileged user cannot read the password. */
    /** The embedded database's port, as its postmaster.pid names it. */
    private static int databasePort(Path data) throws Exception {
        return Integer.parseInt(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(3).trim());
    }

    private static String databaseUrl(Path data) throws Exception {
        return "jdbc:postgresql://127.0.0.1:" + databasePort(data) + "/postgres";
    }

    private static Properties withPassword(Path data) throws Exception {
        Properties with = new Properties();
        with.setProperty("user", "postgres");
        with.setProperty("password", Files.readString(data.resolve("postgres.password")).trim());
        return with;
    }

    private static void checkDatabaseIsClosed(Path data) throws Exception {
        String url = databaseUrl(data);
        int port = databasePort(data);
        Properties none = new Properties();
        none.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(url, none)) {
            throw new AssertionError("connected to the embedded database without a password");
        } catch (java.sql.SQLException expected) {
            System.out.println("without the password: " + expected.getMessage());
        }
        try (Connection c = DriverManager.getConnection(url, withPassword(data))) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = c.createStatement().executeQuery("show " + setting)) {
                    rs.next();
                    assertEquals("on", rs.getString(1), setting);
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("show unix_socket_directories")) {
                rs.next();
                assertEquals("", rs.getString(1), "the server has no Unix socket");
            }
        }
        assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(data.resolve("postgres.password")));
        // As an unprivileged local account: the password file cannot be read, and psql gets no entry without it.
        Dcmtk.Run cat = Dcmtk.run("runuser", "-u", "nobody", "--", "cat", data.resolve("postgres.password").toString());
        assertNotEquals(0, cat.exit(), cat.output());
        Dcmtk.Run psql = Dcmtk.run("runuser", "-u", "nobody", "--", "psql", "-w", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-c", "select 1");
        assertNotEquals(0, psql.exit(), psql.output());
        assertTrue(psql.output().contains("password"), psql.output());
        System.out.println("as nobody: " + cat.output().trim() + " / " + psql.output().trim());
    }

    private static boolean instanceExists(ServiceProcess service, Path rel) {
        String url = service.base() + "dicomweb/studies/" + rel.getName(1) + "/series/" + rel.getName(2) + "/instances/"
                + rel.getName(3) + "/metadata";
        // 406 is a NIfTI- or PNG-origin instance: there, but not as DICOM
        return Http.get(url).status() != 404;
    }

    private static void readStorescu(Process storescu, Path storeDir, Map<String, Path> acknowledged) {
        try (InputStream in = storescu.getInputStream()) {
            String sending = null;
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(in));
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher m = Pattern.compile("Sending file: (.*)").matcher(line);
                if (m.find()) {
                    sending = m.group(1).trim();
                } else if (sending != null && STORESCU_ACK.matcher(line).find()) {
                    Path f = Path.of(sending);
                    acknowledged.put(f.getFileName().toString().replace(".dcm", ""), f);
                    sending = null;
                }
            }
        } catch (Exception e) {
            // storescu ended with the service
        }
    }

    private static BufferedImage randomImage(Random random) {
        BufferedImage image = new BufferedImage(128, 96, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        random.nextBytes(pixels);
        return image;
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
