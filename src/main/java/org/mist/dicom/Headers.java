package org.mist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Reading single values out of an attribute list, and writing the stored header object. */
public final class Headers {
    private static final String IMPLEMENTATION_AE = "MIST";

    private Headers() {
    }

    /** Alpha Palette Color Lookup Table Data (0028,1204): PixelMed 2022 has no name for it. */
    public static final AttributeTag ALPHA_PALETTE_DATA = new AttributeTag(0x0028, 0x1204);

    /** The value, trimmed, or null when absent or empty. */
    public static String string(AttributeList list, AttributeTag tag) {
        String v = Attribute.getSingleStringValueOrNull(list, tag);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    /** The value cut to {@code max} characters (columns are sized by the VR's maximum; some data is not). */
    public static String string(AttributeList list, AttributeTag tag, int max) {
        String v = string(list, tag);
        return v == null || v.length() <= max ? v : v.substring(0, max);
    }

    public static Integer integer(AttributeList list, AttributeTag tag) {
        String v = string(list, tag);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.contains(".") ? v.substring(0, v.indexOf('.')) : v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Sets a code string value (PhotometricInterpretation, LossyImageCompression, ...). */
    public static void setCodeString(AttributeList list, AttributeTag tag, String value) {
        try {
            Attribute a = new CodeStringAttribute(tag);
            a.addValue(value);
            list.put(a);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The header object: the data set without Pixel Data as a Part 10 file in Explicit VR Little Endian,
     * with fresh File Meta Information, so an instance can be rebuilt attribute for attribute.
     */
    public static byte[] part10WithoutPixelData(AttributeList list) {
        AttributeList copy = new AttributeList();
        copy.putAll(list);
        copy.remove(TagFromName.PixelData);
        EmptyValues.restore(copy);
        copy.removeGroupLengthAttributes();
        try {
            FileMetaInformation.addFileMetaInformation(copy, TransferSyntax.EXPLICIT_LE.uid(), IMPLEMENTATION_AE);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            copy.write(out, TransferSyntax.EXPLICIT_LE.uid(), true, true);
            return out.toByteArray();
        } catch (IOException | com.pixelmed.dicom.DicomException e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "cannot write the attributes back: " + e.getMessage(), e);
        }
    }

    /** A header object written by {@link #part10WithoutPixelData} read back, File Meta Information removed. */
    public static AttributeList readPart10WithoutPixelData(byte[] part10) {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            list.read(in);
        } catch (IOException | com.pixelmed.dicom.DicomException e) {
            // The archive wrote it: a header that does not parse is damage in the store, not the client's mistake.
            throw new IllegalStateException("stored header object does not parse: " + e.getMessage(), e);
        }
        list.removeMetaInformationHeaderAttributes();
        list.removeGroupLengthAttributes();
        EmptyValues.restore(list);
        return list;
    }
}
