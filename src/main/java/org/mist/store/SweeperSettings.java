package org.mist.store;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The orphan sweeper ({@code mist.sweeper.*}; {@code every} is read by the scheduler itself). */
@ConfigMapping(prefix = "mist.sweeper")
public interface SweeperSettings {
    /** How old an unreferenced object must be before it goes: no open transaction lasts this long. */
    Duration grace();

    /** How often the sweeper runs ({@code off}: only when called). */
    String every();
}
