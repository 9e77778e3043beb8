package org.mist.store;

import io.smallrye.config.ConfigMapping;

/** Where objects live ({@code mist.objects.*}); the defaults are in application.properties. */
@ConfigMapping(prefix = "mist.objects")
public interface ObjectSettings {
    /** {@code local} (files under {@link #local()}) or {@code s3} (see {@link S3Settings}). */
    String kind();

    Local local();

    interface Local {
        /** The folder local objects are written under. */
        String dir();
    }
}
