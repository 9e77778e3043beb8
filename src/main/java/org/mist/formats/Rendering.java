package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.mist.dicom.PixelFormat;

/**
 * What turning a frame into display pixels needs from its instance: the sample layout, the modality
 * rescale, the instance's own VOI window and the photometric interpretation.
 */
public record Rendering(PixelFormat format, double slope, double intercept, Double windowCenter, Double windowWidth,
                        String voiFunction) {

    public static Rendering of(AttributeList a) {
        double slope = Attribute.getSingleDoubleValueOrDefault(a, TagFromName.RescaleSlope, 1.0);
        double intercept = Attribute.getSingleDoubleValueOrDefault(a, TagFromName.RescaleIntercept, 0.0);
        double[] centre = Attribute.getDoubleValues(a, TagFromName.WindowCenter);
        double[] width = Attribute.getDoubleValues(a, TagFromName.WindowWidth);
        boolean window = centre != null && centre.length > 0 && width != null && width.length > 0 && width[0] >= 1;
        String function = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.VOILUTFunction).trim();
        return new Rendering(PixelFormat.of(a), slope == 0 ? 1 : slope, intercept,
                window ? centre[0] : null, window ? width[0] : null, function.isEmpty() ? "LINEAR" : function);
    }

    /** The sample value a container word holds: Bits Stored bits at High Bit, with the sign of Pixel Representation. */
    long sample(long word) {
        int stored = format.bitsStored();
        int shift = format.highBit() + 1 - stored;
        long v = (word >> shift) & ((1L << stored) - 1);
        return format.signed() && stored > 0 && (v & (1L << (stored - 1))) != 0 ? v - (1L << stored) : v;
    }
}
