package org.mist.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The archive's own Prometheus meters (served at {@code /q/metrics} beside the HTTP server's, the JVM's and the
 * database pool's): instances ingested by outcome, frame bytes read by level, codec time, transfers in flight,
 * DIMSE messages by command and status. Static, on Micrometer's global registry, which Quarkus binds to its
 * Prometheus registry, so code outside CDI (the frame encoder) reports too. Tags take few values by design.
 */
public final class Meters {
    private static final Map<String, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();
    // The meters of the per-frame paths, found once per tag value rather than looked up in the registry each call
    private static final Map<String, Counter> FRAME_BYTES = new ConcurrentHashMap<>();
    private static final Map<String, Timer> CODEC = new ConcurrentHashMap<>();
    private static final Map<Boolean, Counter> FRAME_CACHE = new ConcurrentHashMap<>();

    private Meters() {
    }

    /** An instance offered to the ingest: {@code stored}, {@code already_stored} or {@code refused}. */
    public static void instance(String outcome) {
        Counter.builder("mist.instances").description("instances offered to the ingest, by outcome").tag("outcome", outcome)
                .register(Metrics.globalRegistry).increment();
    }

    /** Bytes of stored frames read to serve level {@code level} ("range" for a client's byte range). */
    public static void frameBytes(String level, long bytes) {
        FRAME_BYTES.computeIfAbsent(level, l -> Counter.builder("mist.frame.bytes.read")
                .description("bytes of stored frames read, by level served").baseUnit("bytes").tag("level", l)
                .register(Metrics.globalRegistry)).increment(bytes);
    }

    /** A read of the frames door's cache: a hit, or a miss (the frame was read from the object store). */
    public static void frameCache(boolean hit) {
        FRAME_CACHE.computeIfAbsent(hit, h -> Counter.builder("mist.frame.cache.reads")
                .description("reads of the frames door's cache of served frames, by outcome").tag("outcome", h ? "hit" : "miss")
                .register(Metrics.globalRegistry)).increment();
    }

    /** Times one codec call: {@code encode} (with the lossless check) or {@code decode}. */
    public static <T> T codec(String operation, Supplier<T> call) {
        return CODEC.computeIfAbsent(operation, o -> Timer.builder("mist.codec").description("HTJ2K encode and decode time")
                .tag("operation", o).register(Metrics.globalRegistry)).record(call);
    }

    /** Counts a transfer ({@code stow}, {@code export}) in flight until the returned handle is closed. */
    public static InFlight inFlight(String what) {
        AtomicInteger n = IN_FLIGHT.computeIfAbsent(what, w -> Metrics.globalRegistry.gauge("mist.in.flight",
                Tags.of("transfer", w), new AtomicInteger()));
        n.incrementAndGet();
        return n::decrementAndGet;
    }

    /** One DIMSE request answered: its command (C-STORE, C-FIND...) and final status, as four hex digits. */
    public static void dimse(String command, int status) {
        Counter.builder("mist.dimse.requests").description("DIMSE requests answered, by command and final status")
                .tag("command", command).tag("status", String.format("%04X", status)).register(Metrics.globalRegistry).increment();
    }

    /** A transfer in flight; closing it ends it. */
    public interface InFlight extends AutoCloseable {
        @Override
        void close();
    }
}
