package org.mist.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The object store the configuration names: {@code mist.objects.kind=local} (default) or {@code s3}. */
@ApplicationScoped
public class ObjectStoreProducer {
    @ConfigProperty(name = "mist.objects.kind", defaultValue = "local")
    String kind;
    @ConfigProperty(name = "mist.objects.local.dir", defaultValue = "mist-data/objects")
    String localDir;
    @ConfigProperty(name = "mist.durable")
    boolean durable;
    @ConfigProperty(name = "mist.s3.endpoint")
    Optional<String> endpoint;
    @ConfigProperty(name = "mist.s3.region")
    Optional<String> region;
    @ConfigProperty(name = "mist.s3.bucket", defaultValue = "mist")
    String bucket;
    @ConfigProperty(name = "mist.s3.access-key")
    Optional<String> accessKey;
    @ConfigProperty(name = "mist.s3.secret-key")
    Optional<String> secretKey;
    @ConfigProperty(name = "mist.s3.path-style", defaultValue = "true")
    boolean pathStyle;

    @Produces
    @Singleton
    ObjectStore objectStore() {
        ObjectStore store = switch (kind) {
            case "local" -> new LocalObjectStore(Path.of(localDir), durable);
            case "s3" -> new S3ObjectStore(
                    endpoint.orElseThrow(() -> new IllegalStateException("mist.s3.endpoint (MIST_S3_ENDPOINT) is not set")),
                    region.orElse(null), bucket,
                    accessKey.orElseThrow(() -> new IllegalStateException("mist.s3.access-key (MIST_S3_ACCESS_KEY) is not set")),
                    secretKey.orElseThrow(() -> new IllegalStateException("mist.s3.secret-key (MIST_S3_SECRET_KEY) is not set")),
                    pathStyle);
            default -> throw new IllegalStateException("mist.objects.kind must be local or s3, not " + kind);
        };
        Log.infof("objects: %s", store.describe());
        return store;
    }
}
