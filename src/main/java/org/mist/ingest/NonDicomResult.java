package org.mist.ingest;

/** A NIfTI, PNG or JPEG file stored (or found already stored): where it went and what it took. */
public record NonDicomResult(String name, String origin, String studyInstanceUid, String seriesInstanceUid,
                             String sopInstanceUid, int frames, long receivedBytes, long storedBytes, boolean alreadyStored) {
}
