package org.mist.ingest;

/**
 * How one instance's ingest ended: the UIDs its data set gave, whether it was stored, and if not, why, as the
 * PS3.4 failure reason STOW-RS (PS3.18 Table I.2-4) and C-STORE report.
 */
public record IngestResult(InstanceUids uids, Status status, Failure failure, int frames, long receivedBytes,
                           long storedBytes) {
    public enum Status { STORED, ALREADY_STORED, FAILED }

    /** The UIDs a data set gave; any of them null when it could not be read that far. */
    public record InstanceUids(String sopClass, String sopInstance, String study, String series) {
        public static final InstanceUids UNREAD = new InstanceUids(null, null, null, null);
    }

    /** Why an instance was not stored: the failure reason code and the text behind it. */
    public record Failure(int code, String reason) {
    }

    public static IngestResult stored(InstanceUids uids, boolean alreadyStored, int frames, long receivedBytes, long storedBytes) {
        return new IngestResult(uids, alreadyStored ? Status.ALREADY_STORED : Status.STORED, null, frames, receivedBytes,
                storedBytes);
    }

    public static IngestResult failed(InstanceUids uids, int code, String reason, long receivedBytes) {
        return new IngestResult(uids, Status.FAILED, new Failure(code, reason), 0, receivedBytes, 0);
    }

    /** A part that was refused before its data set could be read. */
    public static IngestResult refused(int code, String reason) {
        return failed(InstanceUids.UNREAD, code, reason, 0);
    }

    public boolean stored() {
        return status != Status.FAILED;
    }

    public boolean alreadyStored() {
        return status == Status.ALREADY_STORED;
    }

    /** The failure reason code; 0 when stored. */
    public int failureReason() {
        return failure == null ? 0 : failure.code();
    }

    public String reason() {
        return failure == null ? null : failure.reason();
    }

    public String sopClassUid() {
        return uids.sopClass();
    }

    public String sopInstanceUid() {
        return uids.sopInstance();
    }

    public String studyInstanceUid() {
        return uids.study();
    }

    public String seriesInstanceUid() {
        return uids.series();
    }
}
