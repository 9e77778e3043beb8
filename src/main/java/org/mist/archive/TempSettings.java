package org.mist.archive;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** Temporary files ({@code mist.temp.*}): where they go and how much of them there may be at once. */
@ConfigMapping(prefix = "mist.temp")
public interface TempSettings {
    /** The parent of the per-process folders (inside the data folder by default). */
    Path dir();

    /** Spooled bytes allowed at once over all requests of this process. */
    long maxBytes();
}
