package org.mist.archive;

import io.smallrye.config.ConfigMapping;

/** The cache of the frames the WADO-RS frames door served last ({@code mist.frames.*}). */
@ConfigMapping(prefix = "mist.frames")
public interface FrameCacheSettings {
    /** Bytes it may hold: 0 switches it off, a negative value is an eighth of the JVM's maximum heap. */
    long cacheBytes();
}
