package org.mist.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The object store the configuration names: {@code mist.objects.kind=local} (default) or {@code s3}. */
@ApplicationScoped
public class ObjectStoreProducer {
    @Inject
    ObjectSettings settings;
    @Inject
    S3Settings s3;
    @ConfigProperty(name = "mist.durable")
    boolean durable;

    @Produces
    @Singleton
    ObjectStore objectStore() {
        ObjectStore store = switch (settings.kind()) {
            case "local" -> new LocalObjectStore(Path.of(settings.local().dir()), durable);
            case "s3" -> new S3ObjectStore(
                    s3.endpoint().orElseThrow(() -> new IllegalStateException("mist.s3.endpoint (MIST_S3_ENDPOINT) is not set")),
                    s3.region().orElse(null), s3.bucket(),
                    s3.accessKey().orElseThrow(() -> new IllegalStateException("mist.s3.access-key (MIST_S3_ACCESS_KEY) is not set")),
                    s3.secretKey().orElseThrow(() -> new IllegalStateException("mist.s3.secret-key (MIST_S3_SECRET_KEY) is not set")),
                    s3.pathStyle());
            default -> throw new IllegalStateException("mist.objects.kind must be local or s3, not " + settings.kind());
        };
        Log.infof("objects: %s", store.describe());
        return new TimedObjectStore(store);
    }
}
