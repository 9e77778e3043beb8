package org.mist.api;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mist.access.Caller;

/**
 * Bearer tokens Quarkus OIDC has verified, with the caller each stands for, until the token expires (at most a
 * minute). A viewer sends the same token with every frame; verifying its signature each time cost half the frame
 * rate (bench/access.sh). Nothing is lost by keeping it: a verified token stays valid until its expiry anyway,
 * since tokens are checked locally, not introspected at the issuer.
 */
final class VerifiedTokens {
    private static final long MAX_KEEP_NANOS = 60_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private record Verified(Caller caller, long untilNanos) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    /** The caller of a token verified before and not expired since, or null. */
    Caller get(String token) {
        Verified v = verified.get(token);
        if (v == null) {
            return null;
        }
        if (System.nanoTime() - v.untilNanos() >= 0) {
            verified.remove(token, v);
            return null;
        }
        return v.caller();
    }

    /** Keeps a token Quarkus OIDC has just verified, until its {@code exp} (when the identity carries it). */
    Caller put(String token, SecurityIdentity identity, Caller caller) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            long left = jwt.getExpirationTime() * 1_000_000_000L - System.currentTimeMillis() * 1_000_000L;
            if (left > 0) {
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();  // many callers at once: start over rather than grow
                }
                verified.put(token, new Verified(caller, System.nanoTime() + Math.min(left, MAX_KEEP_NANOS)));
            }
        }
        return caller;
    }
}
