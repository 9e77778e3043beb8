package org.mist.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where pixel objects live: an S3 bucket (MinIO, AWS, any S3 endpoint) or a local directory. Keys come
 * from {@link ObjectKeys}, built from checked UIDs only. Every failure is an {@link ObjectStoreException}.
 */
public interface ObjectStore {

    /** One stored object as a listing sees it. */
    record ObjectInfo(String key, long size, Instant lastModified) {
    }

    void put(String key, byte[] data);

    byte[] get(String key);

    /** {@code length} bytes from {@code offset} (fewer when the object ends first). */
    byte[] getRange(String key, long offset, long length);

    InputStream open(String key);

    boolean exists(String key);

    /** Deletes the object; a missing object is not an error. */
    void delete(String key);

    /** Every object whose key starts with {@code prefix}, in key order. */
    void list(String prefix, Consumer<ObjectInfo> each);

    /** For logs and the version endpoint: "s3 http://host:9000/bucket" or "local /path". */
    String describe();
}
