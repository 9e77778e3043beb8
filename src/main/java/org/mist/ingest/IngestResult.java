package org.mist.ingest;

/**
 * How one instance's ingest ended. {@code failureReason} is the PS3.4 / PS3.18 code (0 when stored) and
 * {@code reason} the text behind it. UIDs are those the data set gave, null when it could not be read.
 */
public record IngestResult(String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
                           boolean stored,
                           boolean alreadyStored, int failureReason, String reason, int frames, long receivedBytes,
                           long storedBytes) {

    public static IngestResult failed(String sopClassUid, String sopInstanceUid, String study, int failureReason, String reason,
                               long receivedBytes) {
        return new IngestResult(sopClassUid, sopInstanceUid, study, null, false, false, failureReason, reason, 0, receivedBytes, 0);
    }
}
