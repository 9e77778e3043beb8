package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.mist.dicom.DataSetException;
import org.mist.dicom.Headers;
import org.mist.dicom.PixelFormat;
import org.mist.dicom.TransferSyntax;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.entity.Frame;

/**
 * Stored instances back to DICOM Part 10: the header object plus Pixel Data, native (Explicit VR Little
 * Endian) or encapsulated HTJ2K. PixelMed writes the data set; encapsulated syntaxes are Explicit VR
 * Little Endian on the wire, so PixelMed need not know the HTJ2K UIDs.
 */
public final class DicomOut {
    // The transfer syntaxes instances leave in, as the UID strings negotiation and writers compare.
    public static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_LE.uid();
    public static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_LE.uid();
    public static final String HTJ2K_LOSSLESS = TransferSyntax.HTJ2K_LOSSLESS.uid();
    public static final String HTJ2K_LOSSLESS_RPCL = TransferSyntax.HTJ2K_LOSSLESS_RPCL.uid();
    private static final String AE = "MIST";

    private DicomOut() {
    }

    /**
     * Why the stored frames cannot go out as encapsulated HTJ2K without changing a sample, or null when they
     * can: every frame must be HTJ2K coded at Bits Stored with the sign of Pixel Representation, and colour
     * must be RGB (the reversible colour transform then makes it YBR_RCT).
     */
    public static String notHtj2k(PixelFormat f, List<FrameRow> frames) {
        if (f.bitsAllocated() != 8 && f.bitsAllocated() != 16) {
            return "Bits Allocated " + f.bitsAllocated() + " has no HTJ2K encapsulation";
        }
        if (f.highBit() != f.bitsStored() - 1) {
            return "High Bit " + f.highBit() + " is not Bits Stored - 1";
        }
        if (f.samplesPerPixel() == 3 && !"RGB".equals(f.photometric())) {
            return f.photometric() + " colour is stored as coded planes, not RGB";
        }
        for (FrameRow r : frames) {
            if (r.codec() == Frame.Codec.DEFLATE || r.codec() == Frame.Codec.FLOAT) {  // RAW is encoded when sent
                return "frame " + r.number() + " is kept in the lossless fallback (samples HTJ2K cannot hold)";
            }
            if (r.bitDepth() != f.bitsStored() || r.signed() != f.signed()) {
                return "frame " + r.number() + " is coded as " + r.bitDepth() + "-bit words (other bits than Bits Stored are set)";
            }
        }
        return null;
    }

    /** Native Pixel Data: OB for 1- and 8-bit words, OW otherwise. */
    public static Attribute nativePixelData(byte[] littleEndian, PixelFormat f) {
        try {
            if (f.bitsAllocated() <= 8) {
                Attribute a = new OtherByteAttribute(TagFromName.PixelData);
                a.setValues(littleEndian);
                return a;
            }
            short[] words = new short[littleEndian.length / 2];
            ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(words);
            Attribute a = new OtherWordAttribute(TagFromName.PixelData);
            a.setValues(words);
            return a;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code dataSet} (written without Pixel Data) followed by Float ({@code bits} 32) or Double Float (64) Pixel
     * Data holding {@code littleEndian}, in a little-endian {@code transferSyntax}. The element is written here, not by
     * PixelMed, whose float values would pass through Java floats that may quiet a signalling NaN; it is the data
     * set's last element, as a header holds nothing after Pixel Data.
     */
    public static byte[] withFloatPixelData(byte[] dataSet, int bits, byte[] littleEndian, String transferSyntax) {
        boolean explicit = !transferSyntax.equals(IMPLICIT_LE);
        ByteBuffer element = ByteBuffer.allocate(explicit ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        element.putShort((short) 0x7FE0).putShort((short) (bits == 32 ? 0x0008 : 0x0009));
        if (explicit) {
            element.put((byte) 'O').put((byte) (bits == 32 ? 'F' : 'D')).putShort((short) 0);
        }
        element.putInt(littleEndian.length);
        byte[] out = java.util.Arrays.copyOf(dataSet, dataSet.length + element.capacity() + littleEndian.length);
        System.arraycopy(element.array(), 0, out, dataSet.length, element.capacity());
        System.arraycopy(littleEndian, 0, out, dataSet.length + element.capacity(), littleEndian.length);
        return out;
    }

    /** Encapsulated Pixel Data: an empty Basic Offset Table, then one fragment per frame. */
    public static Attribute encapsulatedPixelData(byte[][] codestreams) {
        return new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, codestreams);
    }

    /**
     * Prepares a header for encapsulated HTJ2K: planar configuration 0, and YBR_RCT for colour, which the
     * encoder's reversible colour transform produced.
     */
    public static void forHtj2k(AttributeList list, PixelFormat f) {
        if (f.samplesPerPixel() == 3) {
            Headers.setCodeString(list, TagFromName.PhotometricInterpretation, "YBR_RCT");
            putUnsignedShort(list, TagFromName.PlanarConfiguration, 0);
        }
    }

    /** The whole Part 10 file: preamble, File Meta Information for {@code transferSyntax}, data set. */
    public static byte[] write(AttributeList list, Attribute pixelData, String transferSyntax) {
        return write(list, pixelData, transferSyntax, true);
    }

    /** The data set in {@code transferSyntax}, as a Part 10 file or bare (for a C-STORE); no Pixel Data when null. */
    public static byte[] write(AttributeList list, Attribute pixelData, String transferSyntax, boolean part10) {
        AttributeList out = new AttributeList();
        out.putAll(list);
        if (pixelData != null) {
            out.put(pixelData);
        }
        try {
            if (part10) {
                FileMetaInformation.addFileMetaInformation(out, transferSyntax, AE);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            out.write(bytes, transferSyntax, part10, true);
            return bytes.toByteArray();
        } catch (IOException | com.pixelmed.dicom.DicomException e) {
            throw new DataSetException(DataSetException.PROCESSING_FAILURE, "cannot write the instance: " + e.getMessage(), e);
        }
    }

    static void putUnsignedShort(AttributeList list, AttributeTag tag, int value) {
        try {
            Attribute a = new com.pixelmed.dicom.UnsignedShortAttribute(tag);
            a.addValue(value);
            list.put(a);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
