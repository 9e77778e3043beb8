package org.mist.dicomweb;

import java.util.Map;

/** A request DICOMweb refuses as a whole: the status, the reason for the body, and any headers to add. */
public class DicomWebException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public DicomWebException(int status, String reason) {
        this(status, reason, Map.of());
    }

    public DicomWebException(int status, String reason, Map<String, String> headers) {
        super(reason);
        this.status = status;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
