package org.mist.store;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The object store with each call timed ({@code mist.object.store}, by operation): S3 latency is a cost to watch. */
final class TimedObjectStore implements ObjectStore {
    private final ObjectStore store;

    TimedObjectStore(ObjectStore store) {
        this.store = store;
    }

    private static final Map<String, Timer> TIMERS = new ConcurrentHashMap<>();

    private static Timer timer(String operation) {
        return TIMERS.computeIfAbsent(operation, o -> Timer.builder("mist.object.store")
                .description("object store call time, by operation").tag("operation", o).register(Metrics.globalRegistry));
    }

    private static <T> T timed(String operation, Supplier<T> call) {
        return timer(operation).record(call);
    }

    private static void timed(String operation, Runnable call) {
        timer(operation).record(call);
    }

    @Override
    public void put(String key, byte[] data) {
        timed("put", () -> store.put(key, data));
    }

    @Override
    public byte[] get(String key) {
        return timed("get", () -> store.get(key));
    }

    @Override
    public byte[] getRange(String key, long offset, long length) {
        return timed("get_range", () -> store.getRange(key, offset, length));
    }

    @Override
    public InputStream open(String key) {
        return timed("open", () -> store.open(key));
    }

    @Override
    public boolean exists(String key) {
        return timed("exists", () -> store.exists(key));
    }

    @Override
    public void delete(String key) {
        timed("delete", () -> store.delete(key));
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> each) {
        timed("list", () -> store.list(prefix, each));
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
