package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectStore;
import org.mist.store.Sweeper;
import org.mist.testing.ArchiveCheck;
import org.mist.testing.DicomFiles;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * Faults of the parts underneath: the S3 endpoint stops in the middle of a STOW, the database drops the
 * connection between objects and rows, the database is down. Failures are reported, the database holds
 * no half instance, objects without rows are removed (at once, or by the sweeper after a restart).
 */
@QuarkusTest
class ArchiveFaultsTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    EntityManager em;
    @Inject
    ObjectStore objects;
    @Inject
    Sweeper sweeper;

    private static List<Path> freshSlices(int n, String study) throws Exception {
        Path slice = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-001.dcm");
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(DicomFiles.fresh(slice, study));
        }
        return out;
    }

    @Test
    void s3StoppedInTheMiddleOfAStow() throws Exception {
        List<Path> files = freshSlices(30, DicomFiles.newUid());
        AtomicBoolean stopped = new AtomicBoolean();
        List<Stow.Part> parts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            boolean stopHere = i == 12;
            parts.add(new Stow.Part("application/dicom", () -> {
                if (stopHere && stopped.compareAndSet(false, true)) {
                    try {
                        TestServers.stopS3();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return Stow.Part.file(f).body().get();
            }));
        }
        Stow.Response r;
        try {
            r = Stow.post(base + "stores/faults/dicomweb/studies", parts);
        } finally {
            TestServers.startS3();
        }
        assertTrue(stopped.get());
        assertTrue(r.status() == 202 || r.status() == 409, r.status() + " " + r.body());
        int failed = 0;
        for (Path f : files) {
            String uid = DicomFiles.sopInstanceUid(f);
            Stow.Outcome o = r.outcomes().get(uid);
            long rows = QuarkusTransaction.requiringNew().call(() -> ArchiveCheck.instanceRows(em, uid));
            if (o.stored()) {
                assertEquals(1, rows, uid);
            } else {
                failed++;
                assertEquals(0, rows, "a failed instance left a row: " + uid);
                assertEquals(0xA700, o.failureReason(), o.reason());
                assertTrue(o.reason().contains("object store"), o.reason());
            }
        }
        assertTrue(failed >= files.size() - 13, "instances sent after the stop must fail: " + failed);
        sweeper.sweep(Duration.ZERO);
        QuarkusTransaction.requiringNew().run(() -> ArchiveCheck.consistent(em, objects, "faults"));
    }

    @Test
    void connectionLostBetweenObjectsAndRowsTakesTheObjectsBack() throws Exception {
        String study = DicomFiles.newUid();
        List<Path> files = freshSlices(3, study);
        String victim = DicomFiles.sopInstanceUid(files.get(1));
        try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            // The database "goes away" for exactly this instance, after its objects are written.
            s.execute("""
                    create or replace function mist_test_drop_connection() returns trigger language plpgsql as $$
                    begin
                      if new.sop_instance_uid = '%s' then perform pg_terminate_backend(pg_backend_pid()); end if;
                      return new;
                    end $$""".formatted(victim));
            s.execute("create trigger mist_test_drop before insert on instance for each row execute function mist_test_drop_connection()");
        }
        Stow.Response r;
        try {
            r = Stow.post(base + "stores/faults/dicomweb/studies", files.stream().map(Stow.Part::file).toList());
        } finally {
            try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(), "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop trigger mist_test_drop on instance");
                s.execute("drop function mist_test_drop_connection()");
            }
        }
        assertEquals(202, r.status(), r.body());
        assertFalse(r.outcomes().get(victim).stored());
        assertTrue(r.outcomes().get(DicomFiles.sopInstanceUid(files.get(0))).stored());
        assertTrue(r.outcomes().get(DicomFiles.sopInstanceUid(files.get(2))).stored());
        List<String> left = new ArrayList<>();
        objects.list("faults/" + study + "/", o -> {
            if (o.key().contains("/" + victim + "/")) {
                left.add(o.key());
            }
        });
        assertTrue(left.isEmpty(), "objects of the failed instance remain: " + left);
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(0, ArchiveCheck.instanceRows(em, victim));
            ArchiveCheck.consistent(em, objects, "faults");
        });
    }

    @Test
    void databaseDownRefusesAndWritesNothingThenRecovers() throws Exception {
        String study = DicomFiles.newUid();
        List<Path> files = freshSlices(2, study);
        TestServers.stopPostgres();
        Stow.Response down;
        try {
            down = Stow.post(base + "stores/faults/dicomweb/studies", List.of(Stow.Part.file(files.get(0))));
        } finally {
            TestServers.startPostgres();
        }
        assertEquals(409, down.status(), down.body());
        Stow.Outcome o = down.outcomes().get(DicomFiles.sopInstanceUid(files.get(0)));
        assertFalse(o.stored());
        List<String> keys = new ArrayList<>();
        objects.list("faults/" + study + "/", x -> keys.add(x.key()));
        assertTrue(keys.isEmpty(), "objects written while the database was down: " + keys);

        // After the restart the same instance goes in, and so does the next.
        Stow.Response up = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            up = Stow.post(base + "stores/faults/dicomweb/studies", files.stream().map(Stow.Part::file).toList());
            if (up.status() == 200) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(200, up.status(), up.body());
        sweeper.sweep(Duration.ZERO);
        QuarkusTransaction.requiringNew().run(() -> ArchiveCheck.consistent(em, objects, "faults"));
    }
}
