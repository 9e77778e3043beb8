package org.mist.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Names from outside in manifest.csv: quoted when needed, never a spreadsheet formula. */
class ManifestCellTest {
    @Test
    void formulasAreDefusedAndSeparatorsQuoted() {
        assertEquals("plain/name.png", DatasetExport.cell("plain/name.png"));
        assertEquals("\"'=1+2\"", DatasetExport.cell("=1+2"));
        assertEquals("\"'+cmd\"", DatasetExport.cell("+cmd"));
        assertEquals("\"'-2\"", DatasetExport.cell("-2"));
        assertEquals("\"'@SUM(A1)\"", DatasetExport.cell("@SUM(A1)"));
        assertEquals("\"a,b \"\"c\"\"\"", DatasetExport.cell("a,b \"c\""));
    }
}
