package org.mist.dicom;

import java.util.Optional;

/** The transfer syntaxes MIST ingests (DESIGN section 5), grouped by how their pixel data is read. */
public enum TransferSyntax {
    IMPLICIT_LE("1.2.840.10008.1.2", Encoding.NATIVE),
    EXPLICIT_LE("1.2.840.10008.1.2.1", Encoding.NATIVE),
    DEFLATED_LE("1.2.840.10008.1.2.1.99", Encoding.NATIVE),
    EXPLICIT_BE("1.2.840.10008.1.2.2", Encoding.NATIVE),
    RLE("1.2.840.10008.1.2.5", Encoding.RLE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", Encoding.JPEG_DCT),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", Encoding.JPEG_DCT),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", Encoding.JPEG_LOSSLESS),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", Encoding.JPEG_LOSSLESS),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", Encoding.JPEG_LS),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", Encoding.JPEG_LS),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", Encoding.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", Encoding.JPEG_2000),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", Encoding.HTJ2K),
    HTJ2K_LOSSLESS_RPCL("1.2.840.10008.1.2.4.202", Encoding.HTJ2K),
    HTJ2K("1.2.840.10008.1.2.4.203", Encoding.HTJ2K);

    /** How the pixel data of a transfer syntax is held. */
    public enum Encoding { NATIVE, RLE, JPEG_DCT, JPEG_LOSSLESS, JPEG_LS, JPEG_2000, HTJ2K }

    private final String uid;
    private final Encoding encoding;

    TransferSyntax(String uid, Encoding encoding) {
        this.uid = uid;
        this.encoding = encoding;
    }

    public String uid() {
        return uid;
    }

    public Encoding encoding() {
        return encoding;
    }

    public boolean encapsulated() {
        return encoding != Encoding.NATIVE;
    }

    public boolean bigEndian() {
        return this == EXPLICIT_BE;
    }

    public boolean implicitVr() {
        return this == IMPLICIT_LE;
    }

    public static Optional<TransferSyntax> of(String uid) {
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(uid)) {
                return Optional.of(ts);
            }
        }
        return Optional.empty();
    }
}
