package org.mist.archive;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Supplier;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.entity.Frame;

/**
 * The stored HTJ2K frames the WADO-RS frames door served last, as it served them (a whole codestream, a level's
 * standalone stream, a byte range), least recently used out first. A viewer reads the frames of a series again and
 * again (scrolling back, a second viewport, a low level first and then the full one); from memory such a read costs
 * no object read: on a 2-core machine a level-0 CT frame took 88-95 µs of the server's CPU from here against
 * 119-144 µs from a local file (open, read into a new array the JVM zeroes first, close), and from S3 it saves a
 * round trip.
 * <p>
 * An entry is found by the frame's object key and by what identifies its content (the samples' digest and the
 * stored size), so a frame stored again under the same key with other samples is never answered with the old
 * copy. Only this door reads through it: exports, thumbnails and retrieval of whole instances read once, and would
 * push out what viewers read again. Frames waiting for their compression are not kept (their bytes are made per
 * request until the swap). Returned arrays are shared: callers only send them.
 */
@ApplicationScoped
public class FrameCache {
    private record Key(String objectKey, String samplesSha256, long byteSize, int level, long offset, long length) {
    }

    @Inject
    FrameSource frames;
    @Inject
    FrameCacheSettings settings;

    private long capacity;
    private long held;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);

    @PostConstruct
    void size() {
        long bytes = settings.cacheBytes();
        capacity = bytes < 0 ? Runtime.getRuntime().maxMemory() / 8 : bytes;
    }

    /** {@link FrameSource#htj2k}, through the cache. */
    public byte[] htj2k(FrameRow f, int level) {
        return through(key(f, level, -1, -1), f, () -> frames.htj2k(f, level));
    }

    /** {@link FrameSource#range}, through the cache. */
    public byte[] range(FrameRow f, long offset, long length) {
        return through(key(f, -1, offset, length), f, () -> frames.range(f, offset, length));
    }

    /**
     * What {@link #htj2k} would answer if it is held, else null: nothing is read, and nothing counted (the caller
     * counts the hits of an answer it makes from memory).
     */
    public byte[] heldHtj2k(FrameRow f, int level) {
        return held(key(f, level, -1, -1), f);
    }

    /** What {@link #range} would answer if it is held, else null, as {@link #heldHtj2k}. */
    public byte[] heldRange(FrameRow f, long offset, long length) {
        return held(key(f, -1, offset, length), f);
    }

    private static Key key(FrameRow f, int level, long offset, long length) {
        return new Key(f.objectKey(), f.samplesSha256(), f.byteSize(), level, offset, length);
    }

    private synchronized byte[] held(Key key, FrameRow f) {
        return capacity == 0 || f.codec() != Frame.Codec.HTJ2K ? null : entries.get(key);
    }

    private byte[] through(Key key, FrameRow f, Supplier<byte[]> read) {
        if (capacity == 0 || f.codec() != Frame.Codec.HTJ2K) {
            return read.get();
        }
        byte[] b = held(key, f);
        Meters.frameCache(b != null);
        if (b == null) {
            b = read.get();
            if (b.length <= capacity / 16) {  // one huge frame does not empty the cache
                keep(key, b);
            }
        }
        return b;
    }

    private synchronized void keep(Key key, byte[] b) {
        byte[] before = entries.put(key, b);
        held += b.length - (before == null ? 0 : before.length);
        for (Iterator<byte[]> oldest = entries.values().iterator(); held > capacity && oldest.hasNext(); ) {
            held -= oldest.next().length;
            oldest.remove();
        }
    }
}
