package org.mist.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The C-STORE response command, written here because PixelMed's has no Error Comment (0000,0902), and a refusal
 * should say why. Command sets are Implicit VR Little Endian (PS3.7 6.3.1), elements in tag order.
 */
final class StoreResponses {
    private static final int C_STORE_RSP = 0x8001;
    private static final int NO_DATA_SET = 0x0101;

    private StoreResponses() {
    }

    static byte[] of(String sopClass, String sop, int messageId, int status, String comment) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream(256);
        text(elements, 0x0002, sopClass, (byte) 0);
        u16(elements, 0x0100, C_STORE_RSP);
        u16(elements, 0x0120, messageId);
        u16(elements, 0x0800, NO_DATA_SET);
        u16(elements, 0x0900, status);
        if (comment != null && status != 0) {
            // LO: at most 64 characters, and the default repertoire
            String lo = comment.replaceAll("[^\\x20-\\x7E]", "?").replace('\\', '/');
            text(elements, 0x0902, lo.length() > 64 ? lo.substring(0, 61) + "..." : lo, (byte) ' ');
        }
        text(elements, 0x1000, sop, (byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(elements.size() + 12);
        element(out, 0x0000, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(elements.size()).array());
        out.writeBytes(elements.toByteArray());
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int element, int value) {
        element(out, element, new byte[] {(byte) value, (byte) (value >> 8)});
    }

    private static void text(ByteArrayOutputStream out, int element, String value, byte pad) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        byte[] even = b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
        if (even.length > b.length) {
            even[b.length] = pad;
        }
        element(out, element, even);
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) 0x0000).putShort((short) element).putInt(value.length);
        out.writeBytes(h.array());
        out.writeBytes(value);
    }
}
