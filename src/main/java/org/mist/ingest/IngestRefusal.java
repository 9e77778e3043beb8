package org.mist.ingest;

/**
 * Why non-DICOM data (NIfTI, PNG, JPEG) was not stored, with the HTTP status that says so: 400 malformed,
 * 409 a different file under a stored name, 413 too large, 415 a format or sample type MIST does not store.
 * Nothing was written when it is thrown.
 */
public class IngestRefusal extends RuntimeException {
    private final int status;

    public IngestRefusal(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
