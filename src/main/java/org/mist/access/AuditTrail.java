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
 * path. The event types are IHE ATNA's (DICOM PS3.15 A.5.3, codes of DCM), the outcomes its EventOutcomeIndicator.
 */
@ApplicationScoped
public class AuditTrail {
    private static final Logger LOG = Logger.getLogger("mist.audit");
    private static final Logger SELF = Logger.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE = 100_000;

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

    void start(@Observes StartupEvent e) {
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mist-audit");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::flushQuietly, 500, 500, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (writer != null) {
            writer.shutdown();
        }
        flushQuietly();
    }

    /** Records an access: logged now, stored within a second. */
    public void record(Type type, String action, int outcome, Caller caller, String source, String door, String operation,
                       int status, String store, String study, String series, String instance) {
        Event e = new Event(0, Instant.now(), type.name(), action, outcome, caller.principal(), source, door, operation,
                status, store, study, series, instance);
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

    /** Stored events after {@code since}; what is still queued is written first, so a reader sees every access before its own. */
    public List<Event> since(long since, int limit, String principal) {
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
