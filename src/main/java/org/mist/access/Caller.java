package org.mist.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mist.archive.Refusal;

/**
 * Who is asking and what they may do, decided once per request (HTTP) or association (DIMSE) and asked by every
 * door the same way. Grants come from roles: {@code mist:admin} (everything), {@code mist:<store>:<read|write|
 * update|admin>} and {@code mist:*:<...>} for every store; roles of any other form are not ours and are ignored,
 * so a token may carry the rest of the realm's roles.
 *
 * @param principal who, for the audit trail: the token's subject name, "key:<id>", "ae:<title>", "anonymous"
 * @param authenticated whether credentials were shown (an anonymous caller is refused with 401, not 403)
 * @param admin the archive's admin
 * @param grants store name ("*" for every store) to what is granted there
 */
public record Caller(String principal, boolean authenticated, boolean admin, Map<String, Set<Permission>> grants) {
    private static final String PREFIX = "mist:";
    /** The caller of an archive without authentication (loopback default, or MIST_AUTH=none): may do everything. */
    public static final Caller OPEN = new Caller("anonymous", false, true, Map.of());
    /** Nobody, when authentication is on. */
    public static final Caller ANONYMOUS = new Caller("anonymous", false, false, Map.of());

    public Caller {
        grants = Map.copyOf(grants);
    }

    /** A caller with the grants its roles name. */
    public static Caller withRoles(String principal, Collection<String> roles) {
        boolean admin = false;
        Map<String, Set<Permission>> grants = new LinkedHashMap<>();
        for (String role : roles) {
            if (role.equals(PREFIX + "admin")) {
                admin = true;
                continue;
            }
            Grant g = Grant.parse(role);
            if (g != null) {
                grants.computeIfAbsent(g.store(), s -> EnumSet.noneOf(Permission.class)).add(g.permission());
            }
        }
        return new Caller(principal, true, admin, grants);
    }

    /** Whether this caller may do {@code what} in {@code store}. */
    public boolean may(String store, Permission what) {
        return admin || holds(grants.get(store), what) || holds(grants.get("*"), what);
    }

    /** Whether this caller may read every store (the feed of all stores is for such callers). */
    public boolean mayReadEveryStore() {
        return admin || holds(grants.get("*"), Permission.READ);
    }

    /** Passes, or refuses: unauthenticated (401) for a caller without credentials, forbidden (403) otherwise. */
    public void require(String store, Permission what) {
        if (!may(store, what)) {
            throw refusal(what.word() + " store \"" + store + "\"");
        }
    }

    /** Passes for the archive's admin only. */
    public void requireAdmin(String what) {
        if (!admin) {
            throw refusal(what);
        }
    }

    /** Passes for any caller that showed valid credentials (or any caller at all when the archive is open). */
    public void requireAuthenticated(String what) {
        if (!authenticated && !admin) {
            throw refusal(what);
        }
    }

    /** The refusal for an action this caller may not take. */
    public RuntimeException refusal(String action) {
        return authenticated
                ? Refusal.FORBIDDEN.because(principal + " may not " + action)
                : Refusal.UNAUTHENTICATED.because("credentials are required to " + action
                        + " (a bearer token or an API key in the Authorization header)");
    }

    private static boolean holds(Set<Permission> granted, Permission what) {
        return granted != null && (granted.contains(what) || granted.contains(Permission.ADMIN));
    }

    /** One {@code mist:<store>:<permission>} role. */
    public record Grant(String store, Permission permission) {
        /** The grant a role names, or null for a role that is not one. */
        public static Grant parse(String role) {
            if (role == null || !role.startsWith(PREFIX)) {
                return null;
            }
            int colon = role.lastIndexOf(':');
            String store = role.substring(PREFIX.length(), Math.max(colon, PREFIX.length()));
            Permission p = Permission.ofWord(role.substring(colon + 1));
            return p == null || store.isEmpty() ? null : new Grant(store, p);
        }
    }
}
