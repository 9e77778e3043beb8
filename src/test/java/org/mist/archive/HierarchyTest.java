package org.mist.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mist.archive.Hierarchy.Format;
import org.mist.store.entity.Series.OriginFormat;

/** The origin hierarchy as DESIGN section 7 states it, every pair, and the query filter derived from it. */
class HierarchyTest {
    @Test
    void everyOriginAndForm() {
        String expected = """
                DICOM: DICOM NIfTI PNG JPEG
                NIFTI: NIfTI PNG JPEG
                PNG: PNG JPEG
                JPEG: PNG JPEG
                """;
        StringBuilder got = new StringBuilder();
        for (OriginFormat o : OriginFormat.values()) {
            got.append(o).append(':');
            for (Format f : Format.values()) {
                if (Hierarchy.allows(o, f)) {
                    got.append(' ').append(f);
                }
            }
            got.append('\n');
        }
        assertEquals(expected, got.toString());
    }

    @Test
    void theQueryFilterFollows() {
        assertEquals(Set.of(OriginFormat.DICOM), Hierarchy.originsFor(Format.DICOM));
        assertEquals(EnumSet.of(OriginFormat.DICOM, OriginFormat.NIFTI), Hierarchy.originsFor(Format.NIFTI));
        assertEquals(EnumSet.allOf(OriginFormat.class), Hierarchy.originsFor(Format.PNG));
    }

    @Test
    void convertingUpIsNotAcceptableWithTheReason() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> Hierarchy.require(OriginFormat.NIFTI, Format.DICOM));
        assertEquals(Refusal.NOT_ACCEPTABLE, e.refusal());
        assertTrue(e.getMessage().contains("NIFTI-origin data cannot be served as DICOM"), e.getMessage());
        e = assertThrows(ArchiveException.class, () -> Hierarchy.require(OriginFormat.PNG, Format.NIFTI));
        assertTrue(e.getMessage().contains("volume geometry"), e.getMessage());
        assertEquals(Refusal.BAD_REQUEST, assertThrows(ArchiveException.class, () -> Format.parse("tiff")).refusal());
        assertEquals(Format.NIFTI, Format.parse("NIfTI"));
    }
}
