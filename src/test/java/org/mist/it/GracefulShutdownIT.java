package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.ServiceProcess;
import org.mist.testing.Stow;

/**
 * SIGTERM in the middle of a STOW-RS, on the packaged service (needs {@code ../shared/data/dicom/ct-series}): the
 * STOW whose body is still arriving finishes and is acknowledged, while a request that arrives after the signal
 * gets 503 with Retry-After and readiness reports down; the service then exits by itself, and after a restart
 * the acknowledged instances are all there.
 */
class GracefulShutdownIT {

    @Test
    void inFlightStowFinishesAndNewRequestsGet503() throws Exception {
        Path dir = Files.createTempDirectory("mist-shutdown");
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        List<Path> slices = List.of(DicomFiles.ctSlice(1, study, series, "SHUTDOWN"), DicomFiles.ctSlice(2, study, series, "SHUTDOWN"),
                DicomFiles.ctSlice(3, study, series, "SHUTDOWN"));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Stow.Response stow;
        try (ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx512m"), Map.of("MIST_SHUTDOWN_GRACE", "60s"))) {
            String web = service.base() + "dicomweb";
            // The body's first 64 KiB go out, then it waits for the test: the request is in flight at the signal.
            InputStream body = new Paused(Stow.body(slices.stream().map(Stow.Part::file).toList()), 65536, started, resume);
            CompletableFuture<Stow.Response> inFlight = CompletableFuture.supplyAsync(() -> Stow.post(web + "/studies",
                    "multipart/related; type=\"application/dicom\"; boundary=" + Stow.BOUNDARY, body));
            assertTrue(started.await(30, TimeUnit.SECONDS), "the STOW began");
            Thread.sleep(500);

            service.terminate();
            Http.Answer refused = awaitStatus(web + "/studies?StudyInstanceUID=" + study, 503);
            assertTrue(refused.header("Retry-After") != null, "Retry-After with the 503: " + refused.headers());
            assertTrue(refused.text().contains("shutting down"), refused.text());
            assertEquals(503, Http.get(service.base() + "q/health/ready").status(), "readiness is down while draining");

            resume.countDown();
            stow = inFlight.get(60, TimeUnit.SECONDS);
            int exit = service.waitForExit(60);
            // 143 is the JVM's own status after SIGTERM once its shutdown hooks have run
            assertTrue(exit == 0 || exit == 143, "a clean exit once the STOW is answered, not " + exit + ": " + service.log());
        }
        assertEquals(200, stow.status(), stow.body());
        assertEquals(3, stow.storedCount(), stow.body());

        try (ServiceProcess again = ServiceProcess.start(dir, List.of("-Xmx512m"), Map.of())) {
            String instances = again.base() + "dicomweb/studies/" + study + "/instances";
            assertEquals(3, Http.jsonArray(instances).size(), "every acknowledged instance after the restart");
        }
    }

    /** GETs {@code url} until it answers {@code status} (the signal takes a moment to reach the filter). */
    private static Http.Answer awaitStatus(String url, int status) throws InterruptedException {
        Http.Answer a = null;
        for (int i = 0; i < 100; i++) {
            try {
                a = Http.get(url);
                if (a.status() == status) {
                    return a;
                }
            } catch (AssertionError e) {
                // a connection closed by the draining server: ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + status + " from " + url + ": " + (a == null ? "no answer" : a.status() + " " + a.text()));
    }

    /** Passes {@code first} bytes through, counts {@code started} down, then waits for {@code resume}. */
    private static final class Paused extends FilterInputStream {
        private final CountDownLatch started;
        private final CountDownLatch resume;
        private long left;

        Paused(InputStream in, long first, CountDownLatch started, CountDownLatch resume) {
            super(in);
            this.left = first;
            this.started = started;
            this.resume = resume;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                started.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return super.read(b, off, len);
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }
}
