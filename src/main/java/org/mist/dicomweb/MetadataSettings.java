package org.mist.dicomweb;

import io.smallrye.config.ConfigMapping;

/** Series metadata JSON ({@code mist.metadata.*}); the defaults are in application.properties. */
@ConfigMapping(prefix = "mist.metadata")
public interface MetadataSettings {
    /** Bytes of series metadata JSON kept in memory. */
    long cacheBytes();
}
