package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mist.codec.Levels;
import org.mist.dicom.Uids;

/**
 * Turns an instance's attributes into those of its level-k derived image (DESIGN section 8). The level is
 * the wavelet's low-pass band: sample n sits on original sample 2^k·n, so the first pixel keeps its
 * position, the spacing becomes exactly 2^k times the original and Rows/Columns ceil(n / 2^k). It is a
 * new, derived instance: ImageType DERIVED\SECONDARY, a Derivation Description, a Source Image Sequence
 * pointing at the original, and a SOP Instance UID computed from the original's and k, so asking twice
 * gives the same instance.
 */
public final class DerivedLevel {
    private static final AttributeTag[] SPACINGS = {TagFromName.PixelSpacing, TagFromName.ImagerPixelSpacing,
            TagFromName.NominalScannedPixelSpacing};

    private DerivedLevel() {
    }

    /** The SOP Instance UID of level {@code level} of {@code sopInstanceUid}: 2.25 and 128 bits of a SHA-256. */
    public static String uid(String sopInstanceUid, int level) {
        return Uids.fromText("mist-level/" + sopInstanceUid + "/" + level);
    }

    public static void apply(AttributeList list, int level, int width, int height) {
        if (level == 0) {
            return;
        }
        String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
        String sop = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
        DicomOut.putUnsignedShort(list, TagFromName.Rows, Levels.size(height, level));
        DicomOut.putUnsignedShort(list, TagFromName.Columns, Levels.size(width, level));
        scaleSpacings(list, level);
        for (AttributeTag groups : new AttributeTag[] {TagFromName.SharedFunctionalGroupsSequence,
                TagFromName.PerFrameFunctionalGroupsSequence}) {
            for (AttributeList item : items(list, groups)) {
                for (AttributeList measures : items(item, TagFromName.PixelMeasuresSequence)) {
                    scaleSpacings(measures, level);
                }
            }
        }
        // The full-size range and overlays no longer describe these pixels.
        list.remove(TagFromName.SmallestImagePixelValue);
        list.remove(TagFromName.LargestImagePixelValue);
        list.removeOverlayAttributes();
        try {
            Attribute type = list.get(TagFromName.ImageType);
            List<String> values = new ArrayList<>(type == null ? List.of() : Arrays.asList(type.getStringValues()));
            while (values.size() < 2) {
                values.add("");
            }
            values.set(0, "DERIVED");
            values.set(1, "SECONDARY");
            Attribute newType = new com.pixelmed.dicom.CodeStringAttribute(TagFromName.ImageType);
            for (String v : values) {
                newType.addValue(v);
            }
            list.put(newType);
            Attribute description = new ShortTextAttribute(TagFromName.DerivationDescription);
            description.addValue("Resolution level " + level + " of " + sop + ": the reversible 5/3 wavelet's low-pass "
                    + "band, 1/" + (1 << Math.min(level, 30)) + " of the original size, first pixel at the original's position");
            list.put(description);
            AttributeList source = new AttributeList();
            putUid(source, TagFromName.ReferencedSOPClassUID, sopClass);
            putUid(source, TagFromName.ReferencedSOPInstanceUID, sop);
            SequenceAttribute sources = new SequenceAttribute(TagFromName.SourceImageSequence);
            sources.addItem(source);
            list.put(sources);
            putUid(list, TagFromName.SOPInstanceUID, uid(sop, level));
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void scaleSpacings(AttributeList list, int level) {
        for (AttributeTag tag : SPACINGS) {
            Attribute a = list.get(tag);
            if (a == null || a.getVM() == 0) {
                continue;
            }
            try {
                Attribute scaled = new DecimalStringAttribute(tag);
                for (String v : a.getStringValues()) {
                    scaled.addValue(decimal(new BigDecimal(v.trim()).multiply(BigDecimal.valueOf(1L << Math.min(level, 40)))));
                }
                list.put(scaled);
            } catch (com.pixelmed.dicom.DicomException | NumberFormatException e) {
                list.remove(tag);  // a spacing that does not parse cannot be scaled: better none than a wrong one
            }
        }
    }

    /** A DS value of at most 16 characters. */
    static String decimal(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        if (s.length() <= 16) {
            return s;
        }
        for (int digits = 15; digits > 1; digits--) {
            String t = new BigDecimal(v.toString()).round(new java.math.MathContext(digits)).stripTrailingZeros().toString();
            if (t.length() <= 16) {
                return t;
            }
        }
        return s.substring(0, 16);
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(tag) instanceof SequenceAttribute sq) {
            for (int i = 0; i < sq.getNumberOfItems(); i++) {
                out.add(sq.getItem(i).getAttributeList());
            }
        }
        return out;
    }

    private static void putUid(AttributeList list, AttributeTag tag, String uid) throws com.pixelmed.dicom.DicomException {
        Attribute a = new UniqueIdentifierAttribute(tag);
        a.addValue(uid);
        list.put(a);
    }
}
