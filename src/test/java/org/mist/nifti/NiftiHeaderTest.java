package org.mist.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.mist.testing.SharedData;

/** The NIfTI header reader on a real file and on broken copies of it: malformed versus unsupported. Uses ../shared/data. */
class NiftiHeaderTest {
    private static byte[] header() throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SharedData.require("nifti/volumes/ch2.nii.gz")))) {
            return in.readNBytes(352);
        }
    }

    @Test
    void readsARealHeader() throws Exception {
        NiftiHeader h = NiftiHeader.parse(header());
        assertEquals(1, h.version());
        assertTrue(h.nx() > 1 && h.ny() > 1 && h.slices() > 1, h.nx() + "x" + h.ny() + "x" + h.slices());
        assertEquals(h.nx() * h.ny() * h.type().bytes(), h.sliceBytes());
    }

    @Test
    void brokenHeadersSayWhich() throws Exception {
        byte[] b = header();
        ByteOrder order = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 348 ? ByteOrder.LITTLE_ENDIAN
                : ByteOrder.BIG_ENDIAN;
        byte[] truncated = Arrays.copyOf(b, 200);
        NiftiException e = assertThrows(NiftiException.class, () -> NiftiHeader.parse(truncated));
        assertFalse(e.unsupported(), e.getMessage());
        byte[] complex = b.clone();
        ByteBuffer.wrap(complex).order(order).putShort(70, (short) 32).putShort(72, (short) 64);  // datatype, bitpix
        e = assertThrows(NiftiException.class, () -> NiftiHeader.parse(complex));
        assertTrue(e.unsupported(), e.getMessage());
        byte[] nonsense = b.clone();
        ByteBuffer.wrap(nonsense).order(order).putShort(70, (short) 12345);
        e = assertThrows(NiftiException.class, () -> NiftiHeader.parse(nonsense));
        assertFalse(e.unsupported(), e.getMessage());
    }
}
