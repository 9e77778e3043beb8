package org.mist.cli;

import org.mist.archive.Refusal;

/**
 * The one place where the command line meets the archive's refusals: the reason goes to standard error and
 * the exit status says the kind, so a script can tell "not there" from "asked wrongly". 1 stays for a run
 * that finished with some files failed, as before.
 */
public final class CliRefusals {
    private CliRefusals() {
    }

    public static int exitStatus(Refusal r) {
        return switch (r) {
            case BAD_REQUEST -> 2;
            case NOT_FOUND -> 3;
            case NOT_ACCEPTABLE -> 4;
            case CONFLICT -> 5;
            case TOO_LARGE -> 6;
            case UNSUPPORTED_MEDIA_TYPE -> 7;
            case RANGE_NOT_SATISFIABLE, TOO_SLOW -> 2;
            case UNAVAILABLE -> 8;
            case UNAUTHENTICATED, FORBIDDEN -> 9;
        };
    }

    /** Prints the reason and gives the exit status. */
    static int refuse(Refusal.Carrier e) {
        System.err.println("mist: " + e.getMessage());
        return exitStatus(e.refusal());
    }
}
