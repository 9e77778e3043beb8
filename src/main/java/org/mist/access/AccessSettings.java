package org.mist.access;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

/** Authentication and the audit trail ({@code mist.auth.*}, {@code mist.audit.*}); defaults in application.properties. */
@ConfigMapping(prefix = "mist.auth")
public interface AccessSettings {
    /**
     * {@code oidc} (bearer tokens of the issuer in {@code quarkus.oidc.auth-server-url}, and API keys), {@code keys}
     * (API keys only) or {@code none} (open: every caller may do everything). Unset is {@code none} on loopback
     * and refuses to start on any other address ({@link Exposure}).
     */
    Optional<String> mode();

    /** Whether HTTP callers must show credentials (oidc or keys). */
    default boolean authenticating() {
        return Exposure.authenticating(mode().orElse(null));
    }

    /** Whether bearer tokens of the OIDC issuer are taken (oidc). */
    default boolean takesTokens() {
        return mode().map(m -> m.trim().equalsIgnoreCase("oidc")).orElse(false);
    }

    /** How long an API key's row is trusted before it is read again (a revocation on another replica waits this long). */
    Duration keyCache();

    /** The longest lifetime an API key may be given, and the one it gets when none is asked for. */
    Duration keyMaxLifetime();

    Duration keyDefaultLifetime();
}
