package org.mist.access;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The audit trail's table ({@code mist.audit.*}; {@code expire-every} is read by the scheduler itself). */
@ConfigMapping(prefix = "mist.audit")
public interface AuditSettings {
    /** How long a record is kept in {@code audit_event} (the log lines go wherever the log goes). */
    Duration retention();

    /** How often older records are deleted ({@code off}: only when called). */
    String expireEvery();
}
