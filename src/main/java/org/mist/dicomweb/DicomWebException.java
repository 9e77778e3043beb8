package org.mist.dicomweb;

/** A request DICOMweb refuses as a whole: the status and the reason for the body. */
public class DicomWebException extends RuntimeException {
    private final int status;

    public DicomWebException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
