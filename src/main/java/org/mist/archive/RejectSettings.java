package org.mist.archive;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Rejected instances ({@code mist.reject.*}; {@code expire-every} is read by the scheduler itself). */
@ConfigMapping(prefix = "mist.reject")
public interface RejectSettings {
    /** How long a rejected instance is kept (hidden) before it is deleted. */
    Duration retention();

    /** How often expired rejected instances are deleted ({@code off}: only when called). */
    String expireEvery();
}
