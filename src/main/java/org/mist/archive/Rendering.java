package org.mist.archive;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import org.mist.dicom.PixelFormat;

/**
 * What turning a frame into display pixels needs from its instance: the sample layout, the modality
 * rescale, the instance's own VOI window, the photometric interpretation and its colour lookup table.
 */
public record Rendering(PixelFormat format, double slope, double intercept, Double windowCenter, Double windowWidth,
                        String voiFunction, Palette palette) {

    /**
     * For samples that are display values already (PNG, JPEG): without a window of its own, the whole range of
     * the stored bits maps onto 0-255 as it is (LINEAR, centre 2^(B-1), width 2^B: the identity for 8 bits)
     * instead of being stretched over the frame's own minimum and maximum.
     */
    public Rendering asDisplayValues() {
        if (windowWidth != null) {
            return this;
        }
        double range = Math.pow(2, format.bitsStored());
        return new Rendering(format, slope, intercept, range / 2, range, "LINEAR", palette);
    }

    /**
     * One per frame. The frames of an enhanced object may each have their own rescale (Pixel Value
     * Transformation) and window (Frame VOI LUT), in the per-frame or the shared functional groups (PS3.3
     * C.7.6.16); an instance without functional groups has one for all its frames.
     */
    public static List<Rendering> perFrame(AttributeList a) {
        Rendering base = of(a);
        Attribute perFrame = a.get(TagFromName.PerFrameFunctionalGroupsSequence);
        if (!(perFrame instanceof SequenceAttribute frames) || frames.getNumberOfItems() == 0) {
            return List.of(base);
        }
        AttributeList shared = firstItem(a, TagFromName.SharedFunctionalGroupsSequence);
        List<Rendering> out = new ArrayList<>(frames.getNumberOfItems());
        for (int i = 0; i < frames.getNumberOfItems(); i++) {
            AttributeList item = frames.getItem(i).getAttributeList();
            AttributeList rescale = macro(item, shared, TagFromName.PixelValueTransformationSequence);
            AttributeList voi = macro(item, shared, TagFromName.FrameVOILUTSequence);
            double slope = rescale == null ? base.slope
                    : Attribute.getSingleDoubleValueOrDefault(rescale, TagFromName.RescaleSlope, base.slope);
            double intercept = rescale == null ? base.intercept
                    : Attribute.getSingleDoubleValueOrDefault(rescale, TagFromName.RescaleIntercept, base.intercept);
            Rendering window = voi == null ? base : of(voi, base.format, base.palette);
            out.add(new Rendering(base.format, slope == 0 ? 1 : slope, intercept,
                    window.windowCenter != null ? window.windowCenter : base.windowCenter,
                    window.windowWidth != null ? window.windowWidth : base.windowWidth,
                    window.windowWidth != null ? window.voiFunction : base.voiFunction, base.palette));
        }
        return out;
    }

    /** A functional group macro's item: the frame's own, else the shared one, else null. */
    private static AttributeList macro(AttributeList frame, AttributeList shared, AttributeTag tag) {
        AttributeList own = firstItem(frame, tag);
        return own != null ? own : shared == null ? null : firstItem(shared, tag);
    }

    private static AttributeList firstItem(AttributeList list, AttributeTag tag) {
        return list.get(tag) instanceof SequenceAttribute s && s.getNumberOfItems() > 0 ? s.getItem(0).getAttributeList() : null;
    }

    public static Rendering of(AttributeList a) {
        PixelFormat format = PixelFormat.of(a);
        return of(a, format, Palette.of(a, format.photometric()));
    }

    private static Rendering of(AttributeList a, PixelFormat format, Palette palette) {
        double slope = Attribute.getSingleDoubleValueOrDefault(a, TagFromName.RescaleSlope, 1.0);
        double intercept = Attribute.getSingleDoubleValueOrDefault(a, TagFromName.RescaleIntercept, 0.0);
        double[] centre = Attribute.getDoubleValues(a, TagFromName.WindowCenter);
        double[] width = Attribute.getDoubleValues(a, TagFromName.WindowWidth);
        boolean window = centre != null && centre.length > 0 && width != null && width.length > 0 && width[0] >= 1;
        String function = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.VOILUTFunction).trim();
        return new Rendering(format, slope == 0 ? 1 : slope, intercept, window ? centre[0] : null,
                window ? width[0] : null, function.isEmpty() ? "LINEAR" : function, palette);
    }

    /** The sample value a container word holds: Bits Stored bits at High Bit, with the sign of Pixel Representation. */
    public long sample(long word) {
        int stored = format.bitsStored();
        int shift = format.highBit() + 1 - stored;
        long v = (word >> shift) & ((1L << stored) - 1);
        return format.signed() && stored > 0 && (v & (1L << (stored - 1))) != 0 ? v - (1L << stored) : v;
    }
}
