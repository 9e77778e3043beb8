package org.mist.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes DICOM Part 10 files byte by byte, Explicit VR Little Endian (or deflated), so that the hostile
 * corpus can say exactly what is wrong with each file: nothing here checks anything.
 */
final class HostileDicom {
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    static final String HTJ2K = "1.2.840.10008.1.2.4.201";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** A minimal CT image header: UIDs, patient, Image Pixel module (Pixel Data left to the caller). */
    static HostileDicom ct(String study, String sop, int rows, int columns, String frames, int samples, String photometric) {
        HostileDicom d = new HostileDicom();
        d.text(0x00080016, "UI", CT).text(0x00080018, "UI", sop).text(0x00080060, "CS", "CT")
                .text(0x00100010, "PN", "Hostile^Corpus").text(0x00100020, "LO", "HOSTILE")
                .text(0x0020000D, "UI", study).text(0x0020000E, "UI", study + ".1")
                .us(0x00280002, samples).text(0x00280004, "CS", photometric);
        if (frames != null) {
            d.text(0x00280008, "IS", frames);
        }
        return d.us(0x00280010, rows).us(0x00280011, columns).us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15)
                .us(0x00280103, 0);
    }

    HostileDicom text(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            v = java.util.Arrays.copyOf(v, v.length + 1);
            v[v.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
        }
        return element(tag, vr, v);
    }

    HostileDicom us(int tag, int value) {
        return element(tag, "US", new byte[] {(byte) value, (byte) (value >> 8)});
    }

    /** An element with its value; long-length VRs get the 4-byte length. */
    HostileDicom element(int tag, String vr, byte[] value) {
        header(tag, vr, value.length);
        data.writeBytes(value);
        return this;
    }

    /** Only an element's header, claiming {@code length} bytes (which may never follow). */
    HostileDicom header(int tag, String vr, long length) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.matches("OB|OW|SQ|UN|UT|UC|UR|OF|OD|OL")) {
            b.putShort((short) 0).putInt((int) length);
        } else {
            b.putShort((short) length);
        }
        data.write(b.array(), 0, b.position());
        return this;
    }

    HostileDicom raw(byte[] bytes) {
        data.writeBytes(bytes);
        return this;
    }

    /** Native 16-bit Pixel Data of {@code bytes} zero bytes. */
    HostileDicom pixels(int bytes) {
        return element(0x7FE00010, "OW", new byte[bytes]);
    }

    byte[] dataSet() {
        return data.toByteArray();
    }

    /** Preamble, DICM, File Meta Information (group length included), then {@code dataSet}. */
    static byte[] part10(String sop, String transferSyntax, byte[] dataSet) {
        HostileDicom meta = new HostileDicom();
        meta.element(0x00020001, "OB", new byte[] {0, 1}).text(0x00020002, "UI", CT).text(0x00020003, "UI", sop)
                .text(0x00020010, "UI", transferSyntax);
        byte[] m = meta.dataSet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        HostileDicom length = new HostileDicom();
        length.element(0x00020000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(m.length).array());
        out.writeBytes(length.dataSet());
        out.writeBytes(m);
        out.writeBytes(dataSet);
        return out.toByteArray();
    }

    /**
     * A deflated data set: {@code head}, then the header of an OB element {@code tag} claiming {@code zeros}
     * bytes, then those zero bytes, all deflated (a 2 GiB value deflates to about 2 MB).
     */
    static byte[] deflatedBomb(byte[] head, int tag, long zeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try (OutputStream d = new DeflaterOutputStream(out, deflater, 1 << 16)) {
            d.write(head);
            HostileDicom h = new HostileDicom();
            h.header(tag, "OB", zeros);
            d.write(h.dataSet());
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                d.write(block, 0, (int) Math.min(block.length, left));
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** {@code depth} sequences of defined length, each the only element of its parent's only item. */
    static byte[] nestedSequences(int depth) {
        // Built from the inside out: each level wraps the previous one in an item and a sequence.
        byte[] inner = new HostileDicom().text(0x00080100, "SH", "DEEP").dataSet();
        for (int i = 0; i < depth; i++) {
            ByteBuffer item = ByteBuffer.allocate(8 + inner.length).order(ByteOrder.LITTLE_ENDIAN);
            item.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(inner.length).put(inner);
            HostileDicom sq = new HostileDicom();
            sq.element(0x00081250, "SQ", item.array());
            inner = sq.dataSet();
        }
        return inner;
    }
}
