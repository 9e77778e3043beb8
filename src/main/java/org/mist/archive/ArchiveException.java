package org.mist.archive;

/**
 * A request refused for a reason the client can act on: the kind ({@link Refusal}) and the reason, in words
 * the client may read. Anything else thrown while serving is the server's fault and leaves as an incident
 * ({@link Incidents}). Nothing in here knows HTTP or DIMSE.
 */
public class ArchiveException extends RuntimeException implements Refusal.Carrier {
    private final Refusal refusal;

    public ArchiveException(Refusal refusal, String reason) {
        super(reason, null, false, false);  // a refusal is an answer, not a fault: no stack trace to fill in
        this.refusal = refusal;
    }

    /** A refusal that reached us as a checked exception from a stream. */
    public static ArchiveException of(Refusal.Carrier c) {
        return c instanceof ArchiveException a ? a : new ArchiveException(c.refusal(), c.getMessage());
    }

    @Override
    public Refusal refusal() {
        return refusal;
    }

    /** A byte range outside an object of {@code size} bytes (HTTP adds {@code Content-Range: bytes *}/size). */
    public static final class RangeNotSatisfiable extends ArchiveException {
        private final long size;

        public RangeNotSatisfiable(String reason, long size) {
            super(Refusal.RANGE_NOT_SATISFIABLE, reason);
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
