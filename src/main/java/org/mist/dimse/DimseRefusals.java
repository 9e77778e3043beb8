package org.mist.dimse;

import org.mist.archive.ArchiveException;
import org.mist.archive.Incidents;
import org.mist.archive.Refusal;

/**
 * The one place where DIMSE meets the archive's refusals: the status a C-FIND, C-MOVE, C-GET or C-STORE
 * response carries, with the reason in Error Comment (0000,0902). PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4 and
 * B.2.3 list these statuses; PS3.7 C lists the general ones.
 */
public final class DimseRefusals {
    /** Success: for a query or retrieve, "nothing there" is zero matches or zero sub-operations, not a failure. */
    public static final int SUCCESS = 0x0000;
    /** Failure: Identifier (or Data Set) does not match SOP Class. */
    public static final int DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Failure: Unable to process. */
    public static final int UNABLE_TO_PROCESS = 0xC000;
    /** Refused: Out of resources. */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Failure: Duplicate SOP Instance (PS3.7), the Failure Reason STOW-RS and the ingest give a conflict. */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    /**
     * C-STORE Error: Data Set does not match SOP Class, sub-code 11 (after PS3.7's 0x0111): a different instance, or
     * a rejected one, under a SOP Instance UID already stored. DCMTK and most senders know only PS3.4 B.2.3's
     * C-STORE statuses by name, and an error (unlike a refusal, A7xx, which a sender retries) is final.
     */
    public static final int STORE_CONFLICT = 0xA911;
    /** Refused: Not authorized. */
    public static final int NOT_AUTHORIZED = 0x0124;

    private DimseRefusals() {
    }

    /** The status and Error Comment a response carries. */
    record Answer(int status, String comment) {
    }

    /** For anything thrown while answering: a refusal's status and reason, else Unable to process and an incident id. */
    static Answer answer(RuntimeException e, String what) {
        if (e instanceof ArchiveException a) {
            return new Answer(status(a.refusal()), a.getMessage());
        }
        return new Answer(UNABLE_TO_PROCESS, "incident " + Incidents.reportId(what, e));
    }

    /** The C-STORE status of an ingest's failure reason (the same codes STOW-RS gives as Failure Reason). */
    static int storeStatus(int failureReason) {
        return failureReason == DUPLICATE_SOP_INSTANCE ? STORE_CONFLICT : failureReason;
    }

    public static int status(Refusal r) {
        return switch (r) {
            case BAD_REQUEST -> DOES_NOT_MATCH_SOP_CLASS;
            case NOT_FOUND -> SUCCESS;
            case NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE, RANGE_NOT_SATISFIABLE, TOO_SLOW -> UNABLE_TO_PROCESS;
            case CONFLICT -> STORE_CONFLICT;
            case TOO_LARGE, UNAVAILABLE -> OUT_OF_RESOURCES;
            case UNAUTHENTICATED, FORBIDDEN -> NOT_AUTHORIZED;
        };
    }
}
