package org.mist.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.Stow;

/**
 * Deferred compression during a burst: while instances are being received no worker compresses, until a hundredth of
 * the backlog's limit is waiting; from then on the first worker compresses alongside the answers, so a sender that
 * never pauses does not leave everything to the limit. Needs ../shared/data (CT slices).
 */
@QuarkusTest
@TestProfile(BurstDeferralTest.Burst.class)
class BurstDeferralTest {
    /** Deferral on, no delay, one worker, a limit of 200 frames: the first worker joins in from 2 frames waiting. */
    public static class Burst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mist.ingest.deferred.enabled", "true", "mist.ingest.deferred.workers", "1",
                    "mist.ingest.deferred.delay", "PT0S", "mist.ingest.deferred.poll", "PT0.2S",
                    "mist.ingest.deferred.backlog-limit", "200");
        }
    }

    @TestHTTPResource("/")
    URL base;
    @Inject
    Transcoder transcoder;

    @Test
    void aBurstIsCompressedAfterItUnlessItOutgrowsItsAllowance() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        try (Transcoder.Receiving sender = transcoder.receiving()) {  // another sender's instance, arriving all along
            store(DicomFiles.ctSlice(70, study, series, "BURST"));
            Thread.sleep(1500);  // without the rule the worker, woken by the answer, compresses it in milliseconds
            Transcoder.Status s = transcoder.status();
            assertEquals(1, s.waitingFrames(), "kept as received while instances arrive: " + s);
            assertEquals(0, s.compressedFrames(), s.toString());

            store(DicomFiles.ctSlice(71, study, series, "BURST"));
            store(DicomFiles.ctSlice(72, study, series, "BURST"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (transcoder.status().compressedFrames() == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "past the allowance: " + transcoder.status());
                Thread.sleep(200);
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (transcoder.countBacklog() > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "nothing arriving, it drains: " + transcoder.status());
            Thread.sleep(200);
        }
        assertEquals(3, transcoder.status().compressedFrames());
    }

    private void store(Path file) {
        Stow.Response r = Stow.post(base + "stores/burst/dicomweb/studies", List.of(Stow.Part.file(file)));
        assertEquals(200, r.status(), r.body());
    }
}
