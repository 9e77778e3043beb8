package org.mist.dicomweb;

import java.util.Set;
import org.mist.archive.Refusal;
import org.mist.formats.DicomOut;

/**
 * Content negotiation for WADO-RS (PS3.18 8.7): which transfer syntax instances and frames leave in,
 * from the media ranges a client accepts, quoted or unquoted {@code type=} alike.
 */
final class Negotiation {
    /** Frames: decoded native words, the stored HTJ2K, or whichever the frame is stored as ("*"). */
    enum FrameSyntax { NATIVE, HTJ2K, AS_STORED }

    /** The frame representation chosen, the HTJ2K UID to label it with, and whether the body is multipart. */
    record FrameChoice(FrameSyntax syntax, String htj2kUid, boolean multipart) {
    }

    private static final Set<String> HTJ2K = Set.of(DicomOut.HTJ2K_LOSSLESS, DicomOut.HTJ2K_LOSSLESS_RPCL);
    private static final Set<String> ANY = Set.of("*/*", "multipart/*");

    private Negotiation() {
    }

    /** The transfer syntax for {@code application/dicom} parts: ELE (the default), HTJ2K .201/.202, or "*". */
    static String instanceSyntax(Accept accept) {
        for (MediaTypes m : accept.ranges()) {
            boolean multipart = m.type().equals("multipart/related") || ANY.contains(m.type());
            String type = m.parameter("type");
            if (!multipart && !m.type().equals("application/dicom")) {
                continue;
            }
            if (type != null && !type.equals("application/dicom")) {
                continue;
            }
            String ts = m.parameter("transfer-syntax");
            if (ts == null || ts.equals(DicomOut.EXPLICIT_LE)) {
                return DicomOut.EXPLICIT_LE;
            }
            if (ts.equals("*") || HTJ2K.contains(ts)) {
                return ts;
            }
        }
        throw Refusal.NOT_ACCEPTABLE.because("instances are offered as multipart/related; type=\"application/dicom\" with "
                + "transfer-syntax " + DicomOut.EXPLICIT_LE + " (default), " + DicomOut.HTJ2K_LOSSLESS + ", "
                + DicomOut.HTJ2K_LOSSLESS_RPCL + " or * (as stored); the request accepts none of them");
    }

    /**
     * The frame representation. {@code single}: one frame was asked for, so a single-part body of
     * {@code application/octet-stream} or {@code image/jphc} may be accepted too.
     */
    static FrameChoice frameSyntax(Accept accept, boolean single) {
        for (MediaTypes m : accept.ranges()) {
            boolean multipart = m.type().equals("multipart/related") || ANY.contains(m.type());
            String type = multipart ? m.parameter("type") : m.type();
            if (!multipart && !single) {
                continue;
            }
            FrameChoice c = choice(type == null ? MediaTypes.OCTET_STREAM : type, m.parameter("transfer-syntax"), multipart);
            if (c != null) {
                return c;
            }
        }
        throw Refusal.NOT_ACCEPTABLE.because("frames are offered as multipart/related with type=\"application/octet-stream\" "
                + "(transfer-syntax " + DicomOut.EXPLICIT_LE + " or *) or type=\"image/jphc\" (HTJ2K, "
                + DicomOut.HTJ2K_LOSSLESS + " or " + DicomOut.HTJ2K_LOSSLESS_RPCL + "); the request accepts none of them");
    }

    private static FrameChoice choice(String type, String ts, boolean multipart) {
        switch (type) {
            case MediaTypes.OCTET_STREAM, "*/*", "application/*" -> {
                if (ts == null || ts.equals(DicomOut.EXPLICIT_LE)) {
                    return new FrameChoice(FrameSyntax.NATIVE, null, multipart);
                }
                if (ts.equals("*")) {
                    return new FrameChoice(FrameSyntax.AS_STORED, DicomOut.HTJ2K_LOSSLESS_RPCL, multipart);
                }
                return HTJ2K.contains(ts) ? new FrameChoice(FrameSyntax.HTJ2K, ts, multipart) : null;
            }
            case MediaTypes.JPHC, "image/jhc" -> {  // image/jhc: the draft name dicomweb-client 0.11 still sends
                if (ts == null || ts.equals("*")) {
                    return new FrameChoice(FrameSyntax.HTJ2K, DicomOut.HTJ2K_LOSSLESS_RPCL, multipart);
                }
                return HTJ2K.contains(ts) ? new FrameChoice(FrameSyntax.HTJ2K, ts, multipart) : null;
            }
            default -> {
                return null;
            }
        }
    }
}
