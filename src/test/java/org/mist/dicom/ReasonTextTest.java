package org.mist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A reason told to a sender loses what libraries put in their messages about themselves. */
class ReasonTextTest {
    @Test
    void sourceLocationsAndClassNamesGo() {
        assertEquals("decode failed: OpenJPH error 0x00050041: error reading SIZ marker",
                DataSetException.clean("decode failed: OpenJPH error 0x00050041 at ojph_params.cpp:561: error reading SIZ marker"));
        assertEquals("unreadable DICOM attributes: : Unexpected end",
                DataSetException.clean("unreadable DICOM attributes: com.pixelmed.dicom.DicomException: Unexpected end"));
        assertEquals("transfer syntax 1.2.840.10008.1.2.4.201 (RPCL) is fine",
                DataSetException.clean("transfer syntax 1.2.840.10008.1.2.4.201 (RPCL) is fine"));
    }
}
