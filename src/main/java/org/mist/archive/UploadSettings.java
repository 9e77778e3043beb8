package org.mist.archive;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How fast request bodies must arrive ({@code mist.upload.*}), so that slow clients cannot hold resources. */
@ConfigMapping(prefix = "mist.upload")
public interface UploadSettings {
    /** No byte for this long ends the request. */
    Duration idleTimeout();

    /** The longest a whole request body may take. */
    Duration timeout();

    /** The slowest average accepted, bytes per second of waiting, once {@link #rateGrace()} has been waited. */
    long minRate();

    Duration rateGrace();
}
