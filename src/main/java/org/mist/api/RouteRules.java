package org.mist.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mist.access.AuditTrail.Type;
import org.mist.access.Permission;

/**
 * Every HTTP request's rule, from its method and path alone, in one table: which store it touches, what it needs
 * there and what the audit trail calls it. The store is in the path ({@code /stores/{s}/dicomweb/...},
 * {@code /api/stores/{s}/...}; {@code /dicomweb/...} and {@code /api/...} are the store "default"), so the rule
 * is decided before any route runs, for JAX-RS resources and Vert.x routes alike. What no line names needs the
 * archive's admin: a new endpoint is closed until it is given a rule here.
 */
public final class RouteRules {
    /** What a request needs before it runs. */
    public enum Need {
        /** Nothing: pages and files without data, health. */
        PUBLIC,
        /** Valid credentials; the answer holds only what the caller may read (the store list). */
        AUTHENTICATED,
        /** {@code permission} in {@code store}. */
        STORE,
        /** Read in every store (the change feed of all stores). */
        EVERY_STORE,
        /** The archive's admin. */
        ADMIN
    }

    /** The rule of one request; {@code study}, {@code series}, {@code instance} are the path's UIDs, for the audit. */
    public record Rule(Need need, String store, Permission permission, String door, Type event, String action,
                       String study, String series, String instance) {
        /** The words of a refusal: "read store \"ct\"". */
        public String describe() {
            return switch (need) {
                case STORE -> permission.word() + " store \"" + store + "\"";
                case EVERY_STORE -> "read every store";
                case ADMIN -> "use the archive's administration";
                default -> "use this";
            };
        }
    }

    private static final Pattern DICOMWEB = Pattern.compile("^(?:/stores/([^/]+))?/dicomweb(/.*)?$");
    private static final Pattern API = Pattern.compile("^/api(?:/stores/([^/]+)(?=/))?(/.*)$");
    private static final Pattern UIDS = Pattern.compile("^/studies/([^/]+)(?:/series/([^/]+)(?:/instances/([^/]+))?)?");
    private static final Pattern QUERY = Pattern.compile("^(?:/studies(?:/[^/]+(?:/series(?:/[^/]+/instances)?|/instances))?|/series|/instances)$");
    private static final String DEFAULT_STORE = "default";

    private RouteRules() {
    }

    public static Rule of(String method, String path) {
        if (path.equals("/") || path.equals("/viewer") || path.startsWith("/viewer/")
                || path.equals("/q/health") || path.startsWith("/q/health/")) {
            return new Rule(Need.PUBLIC, null, null, "web", null, null, null, null, null);
        }
        if (path.equals("/q/openapi") || path.startsWith("/q/openapi/") || path.equals("/api/version")) {
            return new Rule(Need.AUTHENTICATED, null, null, "api", Type.APPLICATION_ACTIVITY, "R", null, null, null);
        }
        if (path.equals("/api/stores")) {
            return new Rule(Need.AUTHENTICATED, null, null, "api", Type.QUERY, "E", null, null, null);
        }
        if (path.startsWith("/api/eval/")) {  // a job's id is a random UUID, given only to whoever started it
            return new Rule(Need.AUTHENTICATED, null, null, "api", Type.EXPORT, "R", null, null, null);
        }
        if (path.equals("/api/changes")) {
            return new Rule(Need.EVERY_STORE, null, Permission.READ, "api", Type.QUERY, "E", null, null, null);
        }
        if (path.equals("/api/transcoding")) {
            return admin("api", Type.APPLICATION_ACTIVITY, "R");
        }
        if (path.equals("/api/audit")) {
            return admin("api", Type.AUDIT_LOG_USED, "R");
        }
        if (path.equals("/api/keys") || path.startsWith("/api/keys/")) {
            return admin("api", Type.SECURITY_ALERT, method.equals("GET") ? "R" : method.equals("DELETE") ? "D" : "C");
        }
        Matcher m = DICOMWEB.matcher(path);
        if (m.matches()) {
            return inStore(method, m.group(1), m.group(2) == null ? "" : m.group(2), "dicomweb");
        }
        m = API.matcher(path);
        if (m.matches()) {
            return inStore(method, m.group(1), m.group(2), "api");
        }
        return admin(path.startsWith("/q/") ? "q" : "web", Type.APPLICATION_ACTIVITY, "R");
    }

    private static Rule inStore(String method, String store, String rest, String door) {
        String s = store == null ? DEFAULT_STORE : store;
        Matcher u = UIDS.matcher(rest);
        String study = u.find() ? u.group(1) : null;
        String series = study != null ? u.group(2) : null;
        String instance = study != null ? u.group(3) : null;
        Permission p;
        Type event;
        String action;
        switch (method) {
            case "GET", "HEAD", "OPTIONS" -> {
                p = Permission.READ;
                // Every query path ends in one of these words; the test spares frame requests the expression.
                boolean query = (rest.endsWith("/studies") || rest.endsWith("/series") || rest.endsWith("/instances"))
                        && QUERY.matcher(rest).matches() || rest.equals("/series") || rest.equals("/changes")
                        || rest.equals("/export/estimate") || rest.endsWith("/versions") || rest.isEmpty();
                event = rest.equals("/export") ? Type.EXPORT : query ? Type.QUERY : Type.INSTANCES_TRANSFERRED;
                action = query ? "E" : "R";
            }
            case "POST" -> {
                if (door.equals("dicomweb") && rest.matches("/studies(/[^/]+)?")) {
                    p = Permission.WRITE;
                    event = Type.INSTANCES_TRANSFERRED;
                    action = "C";
                } else if (rest.equals("/ingest")) {
                    p = Permission.WRITE;
                    event = Type.IMPORT;
                    action = "C";
                } else if (rest.matches(".*/reject/[^/]+")) {
                    p = Permission.UPDATE;
                    event = Type.STUDY_DELETED;
                    action = "D";
                } else if (door.equals("api") && rest.matches(".*/versions/[^/]+/restore")) {
                    p = Permission.UPDATE;
                    event = Type.INSTANCES_ACCESSED;
                    action = "U";
                } else if (door.equals("api") && rest.equals("/eval")) {
                    p = Permission.READ;
                    event = Type.EXPORT;
                    action = "R";
                } else {
                    return admin(door, Type.APPLICATION_ACTIVITY, "E");
                }
            }
            case "DELETE" -> {
                p = Permission.UPDATE;
                event = Type.STUDY_DELETED;
                action = "D";
            }
            case "PATCH" -> {
                p = Permission.UPDATE;
                event = Type.INSTANCES_ACCESSED;
                action = "U";
            }
            default -> {
                return admin(door, Type.APPLICATION_ACTIVITY, "E");
            }
        }
        return new Rule(Need.STORE, s, p, door, event, action, study, series, instance);
    }

    private static Rule admin(String door, Type event, String action) {
        return new Rule(Need.ADMIN, null, Permission.ADMIN, door, event, action, null, null, null);
    }
}
