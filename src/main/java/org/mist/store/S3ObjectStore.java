package org.mist.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/** Objects in one bucket of an S3 endpoint, through minio-java. Creates the bucket when it is missing. */
public final class S3ObjectStore implements ObjectStore {
    private final MinioClient client;
    private final String bucket;
    private final String endpoint;

    public S3ObjectStore(String endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(120))
                .writeTimeout(Duration.ofSeconds(120))
                .build();
        MinioClient.Builder b = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).httpClient(http);
        if (region != null && !region.isBlank()) {
            b.region(region);
        }
        this.client = b.build();
        if (!pathStyle) {
            client.enableVirtualStyleEndpoint();
        }
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            // Replicas starting together may all find no bucket and all make it: one wins, the others find it made.
            if (!bucketExistsNow()) {
                throw failure("cannot open bucket " + bucket + " at " + endpoint, e);
            }
        }
    }

    private boolean bucketExistsNow() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void put(String key, byte[] data) {
        ObjectKeys.checkKey(key);
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(data), data.length, -1).build());
        } catch (Exception e) {
            throw failure("cannot write " + key, e);
        }
    }

    @Override
    public byte[] get(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, long length) {
        ObjectKeys.checkKey(key);
        if (length <= 0) {
            return new byte[0];
        }
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                .offset(offset).length(length).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        ObjectKeys.checkKey(key);
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        ObjectKeys.checkKey(key);
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NotFound".equals(e.errorResponse().code())) {
                return false;
            }
            throw failure("cannot look up " + key, e);
        } catch (Exception e) {
            throw failure("cannot look up " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        ObjectKeys.checkKey(key);
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw failure("cannot delete " + key, e);
        }
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> each) {
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = r.get();
                if (item.isDir() || item.objectName().endsWith("/")) {
                    continue;  // a folder, as a file-system backend (S3Proxy's) may list one: not an object
                }
                // No time given: taken as written just now, so that no sweep takes it for an old leftover.
                java.time.ZonedDateTime modified = item.lastModified();
                each.accept(new ObjectInfo(item.objectName(), item.size(), modified == null ? java.time.Instant.now() : modified.toInstant()));
            }
        } catch (Exception e) {
            throw failure("cannot list " + bucket, e);
        }
    }

    @Override
    public String describe() {
        return "s3 " + endpoint + "/" + bucket;
    }

    private static ObjectStoreException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ObjectStoreException(what + ": " + e, e);
    }
}
