package org.mist.ingest;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.util.Locale;
import org.mist.dicom.PixelFormat;
import org.mist.dicom.Uids;
import org.mist.store.NewInstance;

/**
 * How NIfTI, PNG and JPEG data sit in the archive's study/series/instance tree. UIDs are derived from the name
 * the data arrived under (so re-sending a file finds it again, and a different file under a stored name is
 * refused as a duplicate). Each instance also gets an internal header: a data set holding only the Image
 * Pixel module (and the rescale), which the PNG/JPEG writers read as they read a DICOM instance's. It never
 * leaves MIST as DICOM: the origin format forbids that.
 */
final class NonDicomInstance {
    /** The SOP Class recorded for non-DICOM instances (the column needs one; nothing serves it as DICOM). */
    static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7";

    private NonDicomInstance() {
    }

    /** A UID for {@code role} ("study", "series", "instance") of the data named {@code key}: 2.25 and 128 bits of SHA-256. */
    static String uid(String key, String role) {
        return Uids.fromText(role + "\n" + key);
    }

    /** The internal header: UIDs, the Image Pixel module of {@code f}, and the rescale when there is one. */
    static AttributeList header(String study, String series, String instance, PixelFormat f, double slope, double intercept) {
        AttributeList a = new AttributeList();
        try {
            put(a, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), SOP_CLASS);
            put(a, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), instance);
            put(a, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
            put(a, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series);
            put(a, new CodeStringAttribute(TagFromName.Modality), "OT");
            put(a, new CodeStringAttribute(TagFromName.PhotometricInterpretation), f.photometric());
            unsigned(a, TagFromName.Rows, f.rows());
            unsigned(a, TagFromName.Columns, f.columns());
            unsigned(a, TagFromName.SamplesPerPixel, f.samplesPerPixel());
            unsigned(a, TagFromName.BitsAllocated, f.bitsAllocated());
            unsigned(a, TagFromName.BitsStored, f.bitsStored());
            unsigned(a, TagFromName.HighBit, f.highBit());
            unsigned(a, TagFromName.PixelRepresentation, f.signed() ? 1 : 0);
            put(a, new IntegerStringAttribute(TagFromName.NumberOfFrames), String.valueOf(f.frames()));
            if (f.samplesPerPixel() > 1) {
                unsigned(a, TagFromName.PlanarConfiguration, 0);
            }
            if (slope != 0 && Double.isFinite(slope) && Double.isFinite(intercept) && (slope != 1 || intercept != 0)) {
                put(a, new DecimalStringAttribute(TagFromName.RescaleSlope), decimal(slope));
                put(a, new DecimalStringAttribute(TagFromName.RescaleIntercept), decimal(intercept));
            }
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
        return a;
    }

    /** The rows of an instance of {@code origin} data. */
    static NewInstance describe(String store, String study, String series, String instance, String origin, String syntax,
                                PixelFormat f, String sha256, long received, String sourceName, String description) {
        return new NewInstance(store, NewInstance.PatientAttributes.NONE,
                new NewInstance.StudyAttributes(study, null, null, null, null, description, null),
                new NewInstance.SeriesAttributes(series, "OT", null, description, null, null, null, origin),
                new NewInstance.InstanceAttributes(instance, SOP_CLASS, 1, syntax, f.rows(), f.columns(), f.frames(), f.photometric()),
                new NewInstance.Received(sha256, received, sourceName));
    }

    private static void put(AttributeList a, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        a.put(attribute);
    }

    private static void unsigned(AttributeList a, AttributeTag tag, int value) throws DicomException {
        Attribute attribute = new UnsignedShortAttribute(tag);
        attribute.addValue(value);
        a.put(attribute);
    }

    /** A DS value (16 characters at most) that reads back as {@code v} when it can. */
    private static String decimal(double v) {
        String s = Double.toString(v);
        return s.length() <= 16 ? s : String.format(Locale.ROOT, "%.10g", v).trim();
    }
}
