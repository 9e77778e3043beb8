package org.mist.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mist.store.AuditTable;
import org.mist.testing.TestServers;

/** The audit table keeps records for {@code mist.audit.retention}: older ones are deleted, in batches, newer ones stay. */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class AuditRetentionTest {
    @Inject
    AuditTrail trail;
    @Inject
    AuditTable table;

    @Test
    void recordsOlderThanTheRetentionAreDeleted() {
        String principal = "retention-test-" + System.nanoTime();
        List<AuditTable.Event> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 12_000; i++) {  // more than one delete statement's batch
            events.add(event(principal, now.minus(Duration.ofDays(40)).plusSeconds(i)));
        }
        events.add(event(principal, now.minus(Duration.ofDays(20))));
        events.add(event(principal, now));
        table.insert(events);
        assertEquals(12_002, trail.since(0, 100_000, principal).size());

        long deleted = trail.expire(Duration.ofDays(30));
        List<AuditTable.Event> kept = trail.since(0, 100_000, principal);
        assertTrue(deleted >= 12_000, "deleted " + deleted);
        assertEquals(2, kept.size());
        assertTrue(kept.stream().allMatch(e -> e.time().isAfter(now.minus(Duration.ofDays(30)))), kept.toString());
    }

    private static AuditTable.Event event(String principal, Instant time) {
        return new AuditTable.Event(0, time, AuditTrail.Type.QUERY.name(), "E", 0, principal, "127.0.0.1", "api",
                "GET /api/stores", 200, null, null, null, null, 1);
    }
}
