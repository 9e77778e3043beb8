package org.mist.formats;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work ahead of a stream: an export decodes (and encodes) the next few slices on all cores while the
 * current one is written, in order, holding at most a window of results in memory.
 */
@ApplicationScoped
public class Ahead {
    /** Consumes results in order. */
    @FunctionalInterface
    public interface Sink<T> {
        void accept(T result) throws IOException;
    }

    private final int window = 2 * Runtime.getRuntime().availableProcessors();
    private final ExecutorService executor;

    public Ahead() {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "mist-export-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code tasks} on the pool, up to a window ahead, and hands their results to {@code sink} in order. */
    public <T> void run(List<Callable<T>> tasks, Sink<T> sink) throws IOException {
        ArrayDeque<Future<T>> queued = new ArrayDeque<>();
        Iterator<Callable<T>> next = tasks.iterator();
        try {
            while (next.hasNext() || !queued.isEmpty()) {
                while (next.hasNext() && queued.size() < window) {
                    queued.add(executor.submit(next.next()));
                }
                sink.accept(queued.poll().get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("export interrupted", e);
        } finally {
            queued.forEach(f -> f.cancel(true));
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
