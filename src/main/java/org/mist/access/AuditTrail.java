package org.mist.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.mist.store.AuditTable;
import org.mist.store.AuditTable.Event;

/**
 * One record per access, from every door: a JSON line on the {@code mist.audit} log category at once (for a log
 * collector), and a row of {@code audit_event} (for {@code GET /api/audit}) written in batches off the request's
 * path. Successful frame reads are gathered: one record per caller, source, series and second, with how many
 * requests it stands for. The event types are IHE ATNA's (DICOM PS3.15 A.5.3, codes of DCM), the outcomes its
 * EventOutcomeIndicator.
 */
@ApplicationScoped
public class AuditTrail {
    private static final Logger LOG = Logger.getLogger("mist.audit");
    private static final Logger SELF = Logger.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE = 100_000;
    /** How long alike reads are gathered into one record. */
    private static final Duration GATHER = Duration.ofSeconds(1);

    /** The ATNA event an access is. */
    public enum Type {
        APPLICATION_ACTIVITY("110100"), AUDIT_LOG_USED("110101"), INSTANCES_ACCESSED("110103"),
        INSTANCES_TRANSFERRED("110104"), STUDY_DELETED("110105"), EXPORT("110106"), IMPORT("110107"), QUERY("110112"),
        SECURITY_ALERT("110113"), USER_AUTHENTICATION("110114");

        public final String code;

        Type(String code) {
            this.code = code;
        }
    }

    /** EventOutcomeIndicator: 0 success, 4 minor failure (the request was refused), 8 serious failure (ours). */
    public static int outcome(boolean refused, boolean failed) {
        return failed ? 8 : refused ? 4 : 0;
    }

    @Inject
    AuditTable table;
    @Inject
    AuditSettings settings;

    private final BlockingQueue<Event> pending = new ArrayBlockingQueue<>(QUEUE);
    private ScheduledExecutorService writer;
    private final AtomicLong dropped = new AtomicLong();
    /** A batch the database did not take: written first at the next try, so the rows keep their order. */
    private final List<Event> unwritten = new ArrayList<>();
    private final ConcurrentHashMap<Alike, Gathered> gathering = new ConcurrentHashMap<>();

    /** What reads gathered into one record have in common: all of it but the time, operation and instance. */
    private record Alike(Type type, String action, String principal, String source, String door, int status,
                         String store, String study, String series) {
    }

    /** The reads gathered so far under one {@link Alike}; changed only inside the map's compute, one at a time. */
    private static final class Gathered {
        final Instant first = Instant.now();
        final String operation;
        String instance;  // null once the reads were of more than one
        int requests = 1;

        Gathered(String operation, String instance) {
            this.operation = operation;
            this.instance = instance;
        }

        Gathered add(String other) {
            requests++;
            if (instance != null && !instance.equals(other)) {
                instance = null;
            }
            return this;
        }
    }

    void start(@Observes StartupEvent e) {
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mist-audit");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(() -> {
            close(false);
            flushQuietly();
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (writer != null) {
            writer.shutdown();
        }
        close(true);
        flushQuietly();
    }

    /** Records an access: logged now, stored within a second. */
    public void record(Type type, String action, int outcome, Caller caller, String source, String door, String operation,
                       int status, String store, String study, String series, String instance) {
        keep(new Event(0, Instant.now(), type.name(), action, outcome, caller.principal(), source, door, operation,
                status, store, study, series, instance, 1));
    }

    /**
     * Records a successful read that a client makes many times a second (a viewer's frames), gathered with the alike
     * reads of the same second into one record: logged and stored within two seconds. A record per frame would cost
     * each frame a log line and a row, a third of its time, and give an archive's busiest hours millions of rows
     * that say the same; ATNA's DICOM Instances Transferred is likewise one message per transfer of a study.
     */
    public void recordRead(Type type, String action, Caller caller, String source, String door, String operation,
                           int status, String store, String study, String series, String instance) {
        gathering.compute(new Alike(type, action, caller.principal(), source, door, status, store, study, series),
                (k, g) -> g == null ? new Gathered(operation, instance) : g.add(instance));
    }

    /** Turns the gathered reads into records: those gathered for {@link #GATHER}, or all of them. */
    private void close(boolean all) {
        Instant due = Instant.now().minus(GATHER);
        for (Alike alike : gathering.keySet()) {
            gathering.computeIfPresent(alike, (k, g) -> {
                if (!all && g.first.isAfter(due)) {
                    return g;
                }
                keep(new Event(0, g.first, k.type().name(), k.action(), 0, k.principal(), k.source(), k.door(),
                        g.operation, k.status(), k.store(), k.study(), k.series(), g.instance, g.requests));
                return null;
            });
        }
    }

    private void keep(Event e) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(e));
        }
        if (!pending.offer(e) && dropped.getAndIncrement() % 10_000 == 0) {
            SELF.errorf("the audit queue is full (the database is not taking rows): %d records kept in the log only",
                    dropped.get());
        }
    }

    @Scheduled(every = "{mist.audit.expire-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long n = expire(settings.retention());
            if (n > 0) {
                SELF.infof("audit records older than %s: %d deleted", settings.retention(), n);
            }
        } catch (RuntimeException ex) {
            SELF.warnf("deleting old audit records: %s", ex.getMessage());
        }
    }

    /** Deletes the stored records older than {@code retention}; how many. */
    public long expire(Duration retention) {
        return table.deleteBefore(Instant.now().minus(retention));
    }

    /** Stored events after {@code since}; what is still gathered or queued is written first, so a reader sees every access before its own. */
    public List<Event> since(long since, int limit, String principal) {
        close(true);
        flush();
        return table.since(since, limit, principal);
    }

    /** Writes what is queued; one writer at a time keeps the rows in the order they were recorded. */
    public synchronized void flush() {
        while (!unwritten.isEmpty() || pending.drainTo(unwritten, 1000) > 0) {
            table.insert(unwritten);  // a failure leaves the batch for the next try
            unwritten.clear();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException ex) {
            SELF.warnf("writing the audit trail failed, tried again shortly: %s", ex.getMessage());
        }
    }

    private static String line(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("event", e.type());
        m.put("action", e.action());
        m.put("outcome", e.outcome());
        m.put("principal", e.principal());
        m.put("source", e.source());
        m.put("door", e.door());
        m.put("operation", e.operation());
        m.put("status", e.status());
        putIf(m, "store", e.store());
        putIf(m, "study", e.study());
        putIf(m, "series", e.series());
        putIf(m, "instance", e.instance());
        if (e.requests() != 1) {
            m.put("requests", e.requests());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
