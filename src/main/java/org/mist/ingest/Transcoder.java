package org.mist.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mist.archive.RawFrame;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ObjectSink;
import org.mist.store.ObjectStore;
import org.mist.store.ObjectStoreException;
import org.mist.store.PendingFrames;
import org.mist.store.StoredFrame;

/**
 * Deferred compression's background half: workers take the instances whose frames were acknowledged as received
 * (oldest first, from any replica), compress each frame to HTJ2K, verify it by decoding, and swap the instance's
 * frames in one commit ({@link PendingFrames#swap}). The backlog is counted archive-wide, and this process reserves
 * room in it for each instance it defers; while it is at its limit the ingest compresses before acknowledging, so
 * senders slow down to what the machine can compress. (Replicas see each other's frames when they count again, after
 * each batch, so the bound holds for all of them to within what they received in that time.)
 */
@ApplicationScoped
public class Transcoder {
    /** Instances a worker takes per look at the backlog. */
    private static final int BATCH = 16;
    /** An instance that could not be compressed is tried again after this long (its frames stay served as received). */
    private static final Duration RETRY = Duration.ofHours(1);
    /** How long a worker waits before it looks again: instances still being received, or all it found taken. */
    private static final Duration YIELD = Duration.ofMillis(50);

    /** What the backlog looks like from this process. */
    public record Status(boolean deferring, long waitingFrames, long backlogLimit, int workers, long compressedFrames,
                         int failedInstances) {
    }

    @Inject
    PendingFrames pending;
    @Inject
    ObjectStore objects;
    @Inject
    IngestSettings settings;

    /** Frames waiting archive-wide, as last counted, plus those this process deferred since. */
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong compressed = new AtomicLong();
    private final AtomicInteger receiving = new AtomicInteger();
    private final Map<Long, Instant> failed = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private volatile boolean running;
    private ExecutorService workers;
    private Counter compressedMeter;

    void start(@Observes StartupEvent e) {
        int n = settings.deferred().workerCount();
        if (n == 0) {
            return;
        }
        Metrics.globalRegistry.gauge("mist.transcode.backlog", backlog);
        compressedMeter = Counter.builder("mist.transcode.frames").description("frames compressed by deferred compression")
                .register(Metrics.globalRegistry);
        running = true;
        AtomicInteger id = new AtomicInteger();
        workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "mist-transcode-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < n; i++) {
            boolean first = i == 0;
            workers.submit(() -> work(first));
        }
    }

    /** Lets each worker finish the instance it holds (a kill would only roll it back), then stops them. */
    void stop(@Observes ShutdownEvent e) throws InterruptedException {
        if (workers == null) {
            return;
        }
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    /**
     * Room in the backlog for an instance of {@code frames} frames: whether it may be acknowledged before they are
     * compressed. What is reserved must be settled ({@link #settle}).
     */
    public boolean reserve(int frames) {
        if (!settings.deferred().enabled() || !running) {
            return false;
        }
        long limit = settings.deferred().backlogLimit();
        for (long b = backlog.get(); b + frames <= limit; b = backlog.get()) {
            if (backlog.compareAndSet(b, b + frames)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Of {@code reserved} frames, {@code deferred} were stored as received (none when the instance was already stored
     * or refused, fewer when some went to the fallback): gives the rest back, and wakes a worker for those.
     */
    void settle(int reserved, int deferred) {
        backlog.addAndGet(deferred - reserved);
        if (deferred > 0) {
            synchronized (wake) {
                wake.notifyAll();  // one notify could wake a worker that is giving way instead of the first, idle one
            }
        }
    }

    public Status status() {
        return new Status(settings.deferred().enabled(), backlog.get(), settings.deferred().backlogLimit(),
                running ? settings.deferred().workerCount() : 0, compressed.get(), failed.size());
    }

    /** Counts the backlog again, archive-wide (tests and the status page use it to see the workers done). */
    public long countBacklog() {
        backlog.set(pending.count());
        return backlog.get();
    }

    /**
     * An instance being received, until closed: while any is, no worker compresses until the backlog is past a
     * hundredth of its limit (a burst is answered on every core and compressed after it), then only the first, so the
     * other cores answer senders; when none is, every worker does.
     */
    Receiving receiving() {
        receiving.incrementAndGet();
        return () -> {
            if (receiving.decrementAndGet() == 0 && backlog.get() > 0) {
                synchronized (wake) {
                    wake.notifyAll();  // the burst is over: the workers that gave way start now, not at their next look
                }
            }
        };
    }

    /** An instance being received; closing it ends it. */
    interface Receiving extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Whether a worker leaves the cores to senders now: no worker while instances are being received, up to a
     * hundredth of the backlog's limit waiting (200 frames by default, a CT series: a scanner's burst); past that, all
     * but the first, so a sender that never pauses keeps a worker busy and few frames at three times their size.
     */
    private boolean yieldsToSenders(boolean first) {
        return receiving.get() > 0 && (!first || backlog.get() < settings.deferred().backlogLimit() / 100);
    }

    private void work(boolean first) {
        while (running) {
            if (giveWay(first)) {
                continue;
            }
            try {
                failed.values().removeIf(t -> t.isBefore(Instant.now().minus(RETRY)));
                List<Long> ids = pending.candidates(BATCH, Instant.now().minus(settings.deferred().delay()),
                        new ArrayList<>(failed.keySet()));
                int swapped = 0;
                for (long id : ids) {
                    if (!running) {
                        return;
                    }
                    if (yieldsToSenders(first)) {
                        break;
                    }
                    swapped += compress(id);
                }
                if (countBacklog() == 0 || ids.isEmpty()) {
                    idle();
                } else if (swapped == 0) {
                    pause(YIELD);  // every candidate is another worker's just now: no need to ask again at once
                }
            } catch (RuntimeException e) {
                Log.warnf("deferred compression: %s", e.getMessage());
                idle();
            }
        }
    }

    /**
     * Compresses one instance: how many frames it swapped (0 when another worker has it). A frame that cannot be
     * compressed (its object does not match its digest, or HTJ2K is not lossless for it) sets the instance aside for a
     * while; anything else (the database or the object store away) goes up to the loop, which waits and tries again.
     */
    private int compress(long id) {
        try {
            int n = pending.swap(id, this::compress);
            compressed.addAndGet(n);
            compressedMeter.increment(n);
            return n;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CannotCompress) {
                    failed.put(id, Instant.now());
                    Log.warnf("deferred compression of instance %d failed, its frames stay as received (tried again in %s): %s",
                            id, RETRY, t.getMessage());
                    return 0;
                }
            }
            throw e;
        }
    }

    private List<StoredFrame> compress(PendingFrames.Pending p, ObjectSink sink) {
        List<StoredFrame> done = new ArrayList<>();
        for (FrameRow f : p.frames()) {
            byte[] raw = objects.get(f.objectKey());
            Optional<StoredFrame> s;
            try {
                s = FrameEncoder.compress(RawFrame.samples(f, raw), f.samplesSha256(), f.number(), p.objectPrefix(), sink,
                        settings.verify());
            } catch (ObjectStoreException e) {
                throw e;  // writing the compressed copy: the store may be back in a moment
            } catch (RuntimeException e) {
                throw new CannotCompress(e.getMessage());  // the object does not hold what its row says, or the codec refused
            }
            done.add(s.orElseThrow(() -> new CannotCompress("frame " + f.number() + " is not lossless through HTJ2K")));
        }
        return done;
    }

    /** A frame whose compression fails whenever it is tried, unlike a store or database that is away for a moment. */
    private static final class CannotCompress extends RuntimeException {
        CannotCompress(String reason) {
            super(reason);
        }
    }

    /**
     * Waits while this worker gives way to senders, until the burst is over (checked under the lock the last
     * arrival's end notifies, so that wake-up is never missed) or a while has passed: whether it did.
     */
    private boolean giveWay(boolean first) {
        synchronized (wake) {
            if (!yieldsToSenders(first)) {
                return false;
            }
            waitForWake(YIELD);
            return true;
        }
    }

    private void idle() {
        synchronized (wake) {
            waitForWake(settings.deferred().poll());
        }
    }

    private void waitForWake(Duration d) {
        try {
            wake.wait(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
