package org.mist.archive;

import io.quarkus.logging.Log;
import java.util.UUID;

/**
 * What a client is told when the server itself failed: a correlation id and nothing of the server (no
 * exception class, message, native file or line). The log keeps the whole story under the same id.
 */
public final class Incidents {
    private Incidents() {
    }

    /** Logs {@code e} with a new correlation id; returns the text a client may see. */
    public static String report(String what, Throwable e) {
        return what + " failed on the server (incident " + reportId(what, e) + ")";
    }

    /** Logs {@code e} with a new correlation id and returns the id alone (where text is short: DIMSE Error Comment). */
    public static String reportId(String what, Throwable e) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "%s failed [incident %s]", what, id);
        return id;
    }
}
