package org.mist.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * The hostile corpus: files and requests built to hurt (each made here by a generator, none copied from
 * elsewhere), each expected to get its status and its reason, none to leave anything stored or any
 * internals in the answer. Heap, RSS, temporary disk and open files are measured before and after; the
 * deflate bomb (2 GiB of zeros in 2 MB) must be refused in under a second, with under 64 MB of extra
 * memory and no temporary file over the inflation limit.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class HostileCorpusTest {
    /** What no answer may carry: class names, stack frames, native source locations. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(?:java|javax|com|org|io)\\.[a-z]\\w*\\.[\\w.]*[A-Z]\\w*|\\w+(?:Exception|Error)\\b|\\.(?:cpp|java|h)\\b|\\bat [\\w.$]+\\(");
    private static final long INFLATE_LIMIT = 1L << 30;

    @TestHTTPResource("/")
    URL base;

    private record Case(String what, byte[] file, int failureReason, String reason) {
    }

    @Test
    void dicomCorpusIsRefusedWithReasonsAndLeavesNothing() throws Exception {
        String study = DicomFiles.newUid();
        List<Case> cases = new ArrayList<>();
        String sop = DicomFiles.newUid();
        byte[] head = HostileDicom.ct(study, sop, 64, 64, null, 1, "MONOCHROME2").dataSet();
        cases.add(new Case("nested sequences, 10000 deep", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64, null, 1,
                "MONOCHROME2").raw(HostileDicom.nestedSequences(10_000)).pixels(64 * 64 * 2).dataSet(), sop), 0xC000, "nested deeper than 32"));
        cases.add(new Case("element longer than the file", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64, null, 1,
                "MONOCHROME2").header(0x00191010, "OB", 1_000_000).raw(new byte[100]).dataSet(), sop), 0xC000, "more than the data set holds"));
        cases.add(new Case("Number of Frames -1", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64, "-1", 1,
                "MONOCHROME2").pixels(64 * 64 * 2).dataSet(), sop), 0xA900, "Number of Frames \"-1\""));
        cases.add(new Case("Number of Frames abc", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64, "abc", 1,
                "MONOCHROME2").pixels(64 * 64 * 2).dataSet(), sop), 0xA900, "Number of Frames \"abc\""));
        cases.add(new Case("two Pixel Data elements", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64, null, 1,
                "MONOCHROME2").pixels(64 * 64 * 2).pixels(64 * 64 * 2).dataSet(), sop), 0xC000, "twice"));
        cases.add(new Case("Samples per Pixel 3 under MONOCHROME2", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64,
                null, 3, "MONOCHROME2").pixels(64 * 64 * 6).dataSet(), sop), 0xA900, "contradicts Photometric Interpretation"));
        cases.add(new Case("Pixel Data far larger than Rows x Columns", part10(HostileDicom.ct(study, sop = DicomFiles.newUid(), 64, 64,
                null, 1, "MONOCHROME2").pixels(4 << 20).dataSet(), sop), 0xA700, "ask for 8192"));
        byte[] broken = new byte[600];
        new java.util.Random(5).nextBytes(broken);
        broken[0] = (byte) 0xFF;
        broken[1] = 0x4F;  // SOC, then noise: the decoder's own error text must not reach the client
        cases.add(new Case("HTJ2K frame of noise", part10HtJ2k(study, sop = DicomFiles.newUid(), broken), 0xC000, "cannot decode"));
        String bombSop = DicomFiles.newUid();
        byte[] bombHead = HostileDicom.ct(study, bombSop, 64, 64, null, 1, "MONOCHROME2").dataSet();
        byte[] bomb = HostileDicom.part10(bombSop, HostileDicom.DEFLATED, HostileDicom.deflatedBomb(bombHead, 0x00191010, (2L << 30) - 2));
        String pixelBombSop = DicomFiles.newUid();
        byte[] pixelBomb = HostileDicom.part10(pixelBombSop, HostileDicom.DEFLATED, HostileDicom.deflatedBomb(
                HostileDicom.ct(study, pixelBombSop, 512, 512, null, 1, "MONOCHROME2").dataSet(), 0x7FE00010, 256L << 20));
        System.out.printf("deflate bomb: %d bytes sent, 2 GiB inflated; Pixel Data bomb: %d bytes sent%n", bomb.length, pixelBomb.length);
        cases.add(new Case("deflated Pixel Data of 256 MiB for a 512x512 image", pixelBomb, 0xA700, "ask for 524288"));

        Resources before = Resources.now();
        for (Case c : cases) {
            long t0 = System.nanoTime();
            Stow.Response r = Stow.post(base + "dicomweb/studies", List.of(Stow.Part.bytes("application/dicom", c.file())));
            Stow.Outcome o = r.outcomes().values().iterator().next();
            System.out.printf("%-52s -> %d 0x%04X %s (%.0f ms)%n", c.what(), r.status(), o.failureReason(), o.reason(),
                    (System.nanoTime() - t0) / 1e6);
            assertEquals(409, r.status(), c.what() + ": " + r.body());
            assertEquals(c.failureReason(), o.failureReason(), c.what() + ": " + o.reason());
            assertTrue(o.reason() != null && o.reason().contains(c.reason()), c.what() + ": " + o.reason());
            assertFalse(INTERNALS.matcher(r.body()).find(), c.what() + " shows internals: " + r.body());
        }

        // The deflate bomb, watched: time, memory, and the largest temporary file while it runs.
        AtomicLong largestTemp = new AtomicLong();
        Thread watcher = watchTemp(largestTemp);
        System.gc();
        long heapBefore = usedHeap();
        long rssBefore = Resources.rss();
        long t0 = System.nanoTime();
        Stow.Response r = Stow.post(base + "dicomweb/studies", List.of(Stow.Part.bytes("application/dicom", bomb)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapGrowth = usedHeap() - heapBefore;
        long rssGrowth = Resources.rss() - rssBefore;
        watcher.interrupt();
        watcher.join();
        Stow.Outcome o = r.outcomes().values().iterator().next();
        System.out.printf("deflate bomb (2 GiB of zeros in %d bytes) -> %d 0x%04X %s: %.3f s, heap +%d MB, RSS +%d MB, "
                + "largest temporary file %d bytes%n", bomb.length, r.status(), o.failureReason(), o.reason(), seconds,
                heapGrowth >> 20, rssGrowth >> 20, largestTemp.get());
        assertEquals(409, r.status(), r.body());
        assertEquals(0xA700, o.failureReason());
        assertTrue(o.reason().contains("over the limit"), o.reason());
        assertTrue(seconds < 1.0, "the bomb took " + seconds + " s");
        assertTrue(heapGrowth < 64L << 20 && rssGrowth < 64L << 20, "memory grew by " + heapGrowth + " (heap) / " + rssGrowth + " (RSS)");
        assertTrue(largestTemp.get() <= INFLATE_LIMIT, "temporary file of " + largestTemp.get());

        Resources after = Resources.now();
        System.out.println("before: " + before + "\nafter:  " + after);
        assertEquals(0, after.tempBytes(), "temporary files left behind");
        assertTrue(after.openFiles() <= before.openFiles() + 20, "open files: " + before.openFiles() + " -> " + after.openFiles());
        // Nothing of the study was stored.
        Http.Answer qido = Http.get(base + "dicomweb/studies?StudyInstanceUID=" + study);
        assertTrue(qido.status() == 204 || qido.text().equals("[]"), qido.status() + " " + qido.text());
    }

    @Test
    void slowAndStalledBodiesAreCutOff() throws Exception {
        // A body announced as 2 GiB that stops after 100 bytes: cut off by the idle timeout (5 s in tests).
        long t0 = System.nanoTime();
        String stalled = rawStow(100, 0);
        double stallSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("stalled 2 GiB body -> %s (%.1f s)%n", stalled.lines().findFirst().orElse(""), stallSeconds);
        assertTrue(stalled.startsWith("HTTP/1.1 408"), stalled);
        assertTrue(stalled.contains("no request data for 5 s"), stalled);
        assertTrue(stallSeconds < 15, stallSeconds + " s");
        // A body that trickles one byte every 100 ms: under the minimum rate once the grace (5 s in tests) is waited.
        t0 = System.nanoTime();
        String trickled = rawStow(200, 100);
        double trickleSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("trickled body -> %s (%.1f s)%n", trickled.lines().findFirst().orElse(""), trickleSeconds);
        assertTrue(trickled.startsWith("HTTP/1.1 408"), trickled);
        assertTrue(trickled.contains("slower than 16384 bytes/s"), trickled);
    }

    @Test
    void imageCorpus() throws Exception {
        byte[] png = png(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY));
        byte[] badCrc = png.clone();
        badCrc[29] ^= 0x01;  // the IHDR chunk's CRC
        Http.Answer a = Http.post(base + "api/stores/hostile/ingest?name=bad-crc.png", badCrc, "Content-Type", "image/png");
        assertEquals(400, a.status(), a.text());
        assertTrue(a.text().contains("IHDR") && a.text().contains("CRC"), a.text());
        // A page of another origin could send text/plain without asking: a write refuses it.
        Http.Answer plain = Http.post(base + "api/stores/hostile/ingest?name=plain.png", png, "Content-Type", "text/plain");
        assertEquals(415, plain.status(), plain.text());
        // 16384 x 16384 at 8 bits is 256 MiB a frame: within the 1 GiB limit the README states.
        byte[] big = png(new BufferedImage(16384, 16384, BufferedImage.TYPE_BYTE_GRAY));
        Http.Answer large = Http.post(base + "api/stores/hostile/ingest?name=big.png", big, "Content-Type", "image/png");
        System.out.printf("16384x16384 8-bit PNG -> %d %s%n", large.status(), large.text());
        assertEquals(201, large.status(), large.text());
        // A name that a spreadsheet would run as a formula leaves the manifest quoted and defused.
        String formula = "=HYPERLINK(\"http://example.invalid\",\"x\").png";
        assertEquals(201, Http.post(base + "api/stores/hostile/ingest?name=" + java.net.URLEncoder.encode(formula, StandardCharsets.UTF_8),
                png, "Content-Type", "image/png").status());
        Http.Answer export = Http.get(base + "api/stores/hostile/export?format=png&resolution=16");
        assertEquals(200, export.status(), export.text());
        String manifest = new String(org.mist.testing.Tar.entries(export.body()).get("manifest.csv"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\").png\""), manifest);
        assertFalse(manifest.contains(",=") || manifest.contains(",\"="), manifest);
    }

    /** A STOW request with a 2 GiB Content-Length: {@code bytes} bytes of it, {@code pauseMillis} apart, then silence. */
    private String rawStow(int bytes, int pauseMillis) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /dicomweb/studies HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: multipart/related; "
                    + "type=\"application/dicom\"; boundary=b\r\nContent-Length: 2147483648\r\n\r\n--b\r\n"
                    + "Content-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            for (int i = 0; i < bytes; i++) {
                try {
                    out.write(0);
                    out.flush();
                } catch (IOException closed) {
                    break;  // the server answered and closed
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
                if (in.available() > 0) {
                    break;
                }
            }
            // The answer's head and body, up to the reason's newline (not waiting for the connection to close).
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                for (int b; (b = in.read()) >= 0; ) {
                    answer.write(b);
                    String text = answer.toString(StandardCharsets.UTF_8);
                    int body = text.indexOf("\r\n\r\n");
                    if (body >= 0 && text.indexOf('\n', body + 4) > 0) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // closed after the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] part10(byte[] dataSet, String sop) {
        return HostileDicom.part10(sop, HostileDicom.EXPLICIT_LE, dataSet);
    }

    /** An HTJ2K-encapsulated instance whose one frame is {@code frame}. */
    private static byte[] part10HtJ2k(String study, String sop, byte[] frame) {
        HostileDicom d = HostileDicom.ct(study, sop, 64, 64, null, 1, "MONOCHROME2");
        d.header(0x7FE00010, "OB", 0xFFFFFFFFL);
        ByteBuffer items = ByteBuffer.allocate(8 + 8 + frame.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        items.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
        items.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(frame.length).put(frame);
        items.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        d.raw(items.array());
        return HostileDicom.part10(sop, HostileDicom.HTJ2K, d.dataSet());
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Polls the service's temporary folder for its largest file until interrupted. */
    private static Thread watchTemp(AtomicLong largest) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (Stream<Path> files = Files.walk(TestServers.tempRoot())) {
                    files.filter(Files::isRegularFile).forEach(p -> {
                        try {
                            largest.accumulateAndGet(Files.size(p), Math::max);
                        } catch (IOException gone) {
                            // deleted meanwhile
                        }
                    });
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | java.io.UncheckedIOException e) {
                    // a file went while walking
                }
            }
        });
        t.start();
        return t;
    }

    /** The process's resources: heap in use, resident memory, temporary bytes, open file descriptors. */
    private record Resources(long heapMb, long rssMb, long tempBytes, long openFiles) {
        static Resources now() throws IOException {
            System.gc();
            long temp;
            try (Stream<Path> files = Files.walk(TestServers.tempRoot())) {
                temp = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            long fds;
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                fds = s.count();
            }
            return new Resources(usedHeap() >> 20, rss() >> 20, temp, fds);
        }

        static long rss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) << 10;
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return 0;
        }
    }
}
