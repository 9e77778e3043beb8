package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mist.archive.ArchiveException;
import org.mist.archive.Refusal;
import org.mist.dicomweb.Negotiation.FrameChoice;
import org.mist.dicomweb.Negotiation.FrameSyntax;
import org.mist.formats.DicomOut;

/** Accept headers to transfer syntaxes (PS3.18 8.7), as OHIF, cornerstone, dicomweb-client and curl send them. */
class NegotiationTest {
    private static FrameChoice frames(String accept, boolean single) {
        return Negotiation.frameSyntax(Accept.parse(accept), single);
    }

    @Test
    void instances() {
        assertEquals(DicomOut.EXPLICIT_LE, Negotiation.instanceSyntax(Accept.parse(null)));
        assertEquals(DicomOut.EXPLICIT_LE, Negotiation.instanceSyntax(Accept.parse("multipart/related; type=application/dicom")));
        assertEquals("*", Negotiation.instanceSyntax(Accept.parse("multipart/related; type=\"application/dicom\"; transfer-syntax=*")));
        assertEquals(DicomOut.HTJ2K_LOSSLESS, Negotiation.instanceSyntax(Accept.parse(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.201")));
        ArchiveException e = assertThrows(ArchiveException.class, () -> Negotiation.instanceSyntax(Accept.parse(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50")));
        assertEquals(Refusal.NOT_ACCEPTABLE, e.refusal());
    }

    @Test
    void frames() {
        assertEquals(new FrameChoice(FrameSyntax.NATIVE, null, true), frames("multipart/related; type=\"application/octet-stream\"", false));
        assertEquals(new FrameChoice(FrameSyntax.AS_STORED, DicomOut.HTJ2K_LOSSLESS_RPCL, true),
                frames("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", false));
        assertEquals(new FrameChoice(FrameSyntax.HTJ2K, DicomOut.HTJ2K_LOSSLESS_RPCL, true), frames("multipart/related; type=image/jphc", false));
        assertEquals(new FrameChoice(FrameSyntax.HTJ2K, DicomOut.HTJ2K_LOSSLESS_RPCL, false), frames("image/jphc", true));
        // a single-part type is only for one frame; quality values order the ranges
        assertEquals(Refusal.NOT_ACCEPTABLE, assertThrows(ArchiveException.class, () -> frames("image/jphc", false)).refusal());
        assertEquals(FrameSyntax.HTJ2K, frames("multipart/related; type=\"application/octet-stream\"; q=0.5, "
                + "multipart/related; type=\"image/jphc\"", false).syntax());
        assertEquals(Refusal.NOT_ACCEPTABLE, assertThrows(ArchiveException.class, () -> frames("image/jpeg", true)).refusal());
    }
}
