package org.mist.ingest;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Encodes frames on all cores, and bounds the memory the frames in flight may take: a task reserves an
 * estimate of its working set before it is queued, so a burst of large frames waits instead of
 * exhausting the heap (a 1 GB STOW runs in a 256 MB heap).
 */
@ApplicationScoped
public class FramePool {
    /** Budget unit: KiB, so that a 1 GiB budget fits a semaphore's int. */
    private static final int UNIT = 1024;

    private final ExecutorService executor;
    private final Semaphore budget;
    private final int budgetUnits;

    public FramePool() {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mist-encode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // A quarter of the heap for frames in flight; the rest is for requests, buffers and the database.
        this.budgetUnits = (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 4 / UNIT);
        this.budget = new Semaphore(budgetUnits, true);
    }

    /** Queues {@code task}, first waiting until {@code workingSetBytes} fit the memory budget. */
    public <T> Future<T> submit(long workingSetBytes, Callable<T> task) throws InterruptedException {
        int units = units(workingSetBytes);
        budget.acquire(units);
        try {
            return executor.submit(() -> {
                try {
                    return task.call();
                } finally {
                    budget.release(units);
                }
            });
        } catch (RuntimeException e) {
            budget.release(units);
            throw e;
        }
    }

    /**
     * Runs {@code task} on the calling thread, within the same budget: for an instance of one frame, where a hand-over
     * to the pool would cost two thread switches and buy nothing, as there is nothing else of it to do meanwhile.
     */
    public <T> T run(long workingSetBytes, Callable<T> task) throws Exception {
        int units = units(workingSetBytes);
        budget.acquire(units);
        try {
            return task.call();
        } finally {
            budget.release(units);
        }
    }

    /** The budget {@code workingSetBytes} takes: at least one unit, at most the whole budget. */
    private int units(long workingSetBytes) {
        return (int) Math.min(budgetUnits, Math.max(1, workingSetBytes / UNIT));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
