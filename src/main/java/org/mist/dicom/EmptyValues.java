package org.mist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StringAttribute;
import java.util.Set;

/**
 * Puts back the empty values at the end of a multi-valued string (VM counts them: {@code ORIGINAL\PRIMARY\\}
 * has four values) that PixelMed drops when it reads one, from the bytes it keeps. Done where a data set is
 * read for keeping or serving, so the stored header, the Part 10 sent and the DICOM JSON all have them.
 */
final class EmptyValues {
    /** String VRs that may hold several values (ST, LT, UT and UR hold one). */
    private static final Set<String> MULTI = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "PN", "SH", "TM", "UC", "UI");

    private EmptyValues() {
    }

    static void restore(AttributeList list) {
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute sq) {
                for (int i = 0; i < sq.getNumberOfItems(); i++) {
                    restore(sq.getItem(i).getAttributeList());
                }
            } else if (a instanceof StringAttribute s && MULTI.contains(s.getVRAsString())) {
                restore(s);
            }
        }
    }

    private static void restore(StringAttribute a) {
        try {
            byte[] raw = a.getByteValues();
            if (raw == null || raw.length == 0) {
                return;
            }
            int values = 1;
            for (byte b : raw) {
                if ((b & 0xFF) >= 0x80 || b == 0x1B) {
                    return;  // multi-byte or ISO 2022 text: a 0x5C byte may belong to a character
                }
                values += b == '\\' ? 1 : 0;
            }
            for (int i = a.getVM(); i < values; i++) {
                a.addValue("");
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            // values PixelMed cannot give back stay as they are
        }
    }
}
