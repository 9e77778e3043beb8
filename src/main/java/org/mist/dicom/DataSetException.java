package org.mist.dicom;

/**
 * A DICOM data set MIST cannot take, with the reason and the PS3.18 / PS3.4 failure reason code that STOW-RS
 * and C-STORE report. Named apart from PixelMed's {@code DicomException}, which the readers also meet.
 */
public class DataSetException extends RuntimeException {
    /** Error: cannot understand (PS3.4 C.4.2.1.4: the data set is not valid DICOM). */
    public static final int CANNOT_UNDERSTAND = 0xC000;
    /** Error: data set does not match SOP Class. */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Failure: refused, out of resources. */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Failure: processing failure. */
    public static final int PROCESSING_FAILURE = 0x0110;
    /** Failure: duplicate SOP instance (a different instance under a UID already stored). */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    /** Failure: the transfer syntax of the instance is not one MIST reads. */
    public static final int TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122;

    private final int failureReason;

    /** A source location ({@code ojph_params.cpp:561}, {@code Foo.java:12}) inside a library's message. */
    private static final java.util.regex.Pattern SOURCE_LOCATION =
            java.util.regex.Pattern.compile("[\\w./-]*\\.(?:c|cc|cpp|cxx|h|hpp|java)(?::\\d+)+");
    /** A fully qualified class name ({@code java.io.EOFException}, {@code com.pixelmed.dicom.X}). */
    private static final java.util.regex.Pattern CLASS_NAME =
            java.util.regex.Pattern.compile("\\b(?:java|javax|jdk|sun|com|org|io)(?:\\.[A-Za-z_$][\\w$]*)+\\b");

    /** {@code message} is what the sender is told: libraries' messages in it lose their source locations and class names. */
    public DataSetException(int failureReason, String message) {
        super(clean(message));
        this.failureReason = failureReason;
    }

    public DataSetException(int failureReason, String message, Throwable cause) {
        super(clean(message), cause);
        this.failureReason = failureReason;
    }

    static String clean(String message) {
        if (message == null) {
            return null;
        }
        String m = SOURCE_LOCATION.matcher(message).replaceAll("").replaceAll("\\s*\\bat\\s*:", ":");
        m = CLASS_NAME.matcher(m).replaceAll("");
        return m.replaceAll("\\s{2,}", " ").replaceAll("\\(\\s*\\)", "").trim();
    }

    public int failureReason() {
        return failureReason;
    }
}
