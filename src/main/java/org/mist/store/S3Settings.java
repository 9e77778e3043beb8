package org.mist.store;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** An S3 or MinIO endpoint ({@code mist.s3.*}), used when {@code mist.objects.kind=s3}. */
@ConfigMapping(prefix = "mist.s3")
public interface S3Settings {
    Optional<String> endpoint();

    Optional<String> region();

    String bucket();

    Optional<String> accessKey();

    Optional<String> secretKey();

    /** Path-style addressing (MinIO and most S3-compatible servers). */
    boolean pathStyle();
}
