package org.mist.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.mist.archive.Refusal;
import org.mist.store.ApiKeyTable;

/**
 * API keys for scripts and the command line: {@code Authorization: Bearer mist_<id>_<secret>}. Made and revoked by
 * the archive's admin, scoped by the same roles tokens carry, always with an expiry. A key's row is kept in memory
 * for {@code mist.auth.key-cache} after it is read, so a frame request costs a hash, not a query; revoking through
 * this replica takes effect at once, on the others within that time.
 */
@ApplicationScoped
public class ApiKeys {
    public static final String PREFIX = "mist_";
    private static final int ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key just made: {@code key} is the only time its secret is shown. */
    public record Made(String id, String key, String name, List<String> roles, Instant expiresAt) {
    }

    /** A key as listed: no secret, not even its hash. */
    public record Summary(String id, String name, List<String> roles, String createdBy, Instant createdAt,
                          Instant expiresAt, Instant revokedAt) {
    }

    private record Cached(ApiKeyTable.Row row, long readAt) {
    }

    @Inject
    ApiKeyTable table;
    @Inject
    AccessSettings settings;

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * Makes a key with these roles; {@code lifetime} is an ISO-8601 duration (null: the default), at most
     * {@code mist.auth.key-max-lifetime}.
     */
    public Made create(String createdBy, String name, List<String> roles, String lifetime) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw Refusal.BAD_REQUEST.because("a key needs a name of 1 to 200 characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw Refusal.BAD_REQUEST.because("a key needs at least one role: mist:admin or mist:<store>:<read|write|update|admin>");
        }
        for (String role : roles) {
            if (!"mist:admin".equals(role) && Caller.Grant.parse(role) == null) {
                throw Refusal.BAD_REQUEST.because("\"" + role + "\" is not a role: mist:admin or mist:<store>:<read|write|update|admin>");
            }
        }
        Duration life = lifetime == null ? settings.keyDefaultLifetime() : duration(lifetime);
        if (life.isNegative() || life.isZero() || life.compareTo(settings.keyMaxLifetime()) > 0) {
            throw Refusal.BAD_REQUEST.because("a key lives more than 0 and at most " + settings.keyMaxLifetime());
        }
        String id = HexFormat.of().formatHex(random(ID_BYTES));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(SECRET_BYTES));
        Instant now = Instant.now();
        ApiKeyTable.Row row = new ApiKeyTable.Row(id, sha256(secret), name, List.copyOf(roles), createdBy, now,
                now.plus(life), null);
        table.insert(row);
        return new Made(id, PREFIX + id + "_" + secret, name, row.roles(), row.expiresAt());
    }

    public List<Summary> list() {
        return table.all().stream().map(r -> new Summary(r.keyId(), r.name(), r.roles(), r.createdBy(), r.createdAt(),
                r.expiresAt(), r.revokedAt())).toList();
    }

    public void revoke(String id) {
        if (!table.revoke(id)) {
            throw Refusal.NOT_FOUND.because("no API key " + id + " that is not revoked already");
        }
        cache.remove(id);
    }

    /** Whether these credentials are meant as an API key (rather than a token). */
    public static boolean isKey(String credentials) {
        return credentials.startsWith(PREFIX);
    }

    /**
     * The caller a key stands for when its row is in memory and fresh (no query: the request's own thread may
     * not block), else null: then {@link #authenticate} reads it.
     */
    public Caller cached(String presented) {
        int cut = presented.indexOf('_', PREFIX.length());
        Cached c = cut < 0 ? null : cache.get(presented.substring(PREFIX.length(), cut));
        return c == null || stale(c) ? null : check(presented, cut, c.row());
    }

    /** The caller a key stands for; a key that is malformed, unknown, revoked or expired is refused (401). */
    public Caller authenticate(String presented) {
        int cut = presented.indexOf('_', PREFIX.length());
        if (cut < 0) {
            throw unknown();
        }
        String id = presented.substring(PREFIX.length(), cut);
        Cached c = cache.get(id);
        if (c == null || stale(c)) {
            c = new Cached(table.find(id), System.nanoTime());
            if (cache.size() > 10_000) {
                cache.clear();  // ids that do not exist must not grow the map without end
            }
            cache.put(id, c);
        }
        return check(presented, cut, c.row());
    }

    private boolean stale(Cached c) {
        return System.nanoTime() - c.readAt() > settings.keyCache().toNanos();
    }

    /** The key's caller if {@code row} is its row, its secret matches, and it is neither revoked nor expired. */
    private static Caller check(String presented, int cut, ApiKeyTable.Row row) {
        if (row == null || !MessageDigest.isEqual(row.secretSha256(), sha256(presented.substring(cut + 1)))
                || row.revokedAt() != null || !Instant.now().isBefore(row.expiresAt())) {
            throw unknown();
        }
        return Caller.withRoles("key:" + row.keyId(), row.roles());
    }

    private static Duration duration(String iso) {
        try {
            return Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw Refusal.BAD_REQUEST.because("lifetime \"" + iso + "\" is not an ISO-8601 duration (P90D, PT12H)");
        }
    }

    private static RuntimeException unknown() {
        return Refusal.UNAUTHENTICATED.because("the API key is unknown, revoked or expired");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
