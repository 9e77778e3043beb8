package org.mist.store;

import io.quarkus.logging.Log;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Writes one instance's objects and remembers their keys, so a failed write can take them back. */
public final class ObjectSink {
    private final ObjectStore store;
    private final Queue<String> written = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();

    ObjectSink(ObjectStore store) {
        this.store = store;
    }

    /** Thread-safe. */
    public void put(String key, byte[] data) {
        written.add(key);
        store.put(key, data);
        bytes.addAndGet(data.length);
    }

    public long bytesWritten() {
        return bytes.get();
    }

    List<String> keys() {
        return List.copyOf(written);
    }

    /** Deletes every object this sink wrote; what cannot be deleted now is left to the sweeper. */
    void rollBack() {
        for (String key : written) {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                Log.warnf("cannot delete %s after a failed write (the sweeper will): %s", key, e.getMessage());
            }
        }
    }
}
