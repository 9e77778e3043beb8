package org.mist.archive;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import org.mist.dicom.Headers;
import org.mist.dicom.PixelFormat;

/**
 * What turning a frame into display pixels needs from its instance: the sample layout, the modality
 * rescale, the instance's own VOI window and the photometric interpretation.
 */
public record Rendering(PixelFormat format, double slope, double intercept, Double windowCenter, Double windowWidth,
                        String voiFunction, Palette palette) {

    /**
     * A PALETTE COLOR lookup table (PS3.3 C.7.6.3.1.5): entries from {@code first}, each 8-bit red, green,
     * blue (16-bit tables are cut to their high byte).
     */
    public record Palette(int first, int[] red, int[] green, int[] blue, int[] alpha) {
        public int rgb(long index) {
            int i = (int) Math.max(0, Math.min(red.length - 1, index - first));
            return red[i] << 16 | green[i] << 8 | blue[i];
        }

        /** The entries as RGBA, 8 bits each (alpha 255 where the instance has no alpha table). */
        public int[] rgba() {
            int[] out = new int[red.length];
            for (int i = 0; i < out.length; i++) {
                int a = alpha != null && i < alpha.length ? alpha[i] : 255;
                out[i] = red[i] << 24 | green[i] << 16 | blue[i] << 8 | a;
            }
            return out;
        }
    }

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
        return of(a, format, "PALETTE COLOR".equals(format.photometric()) ? palette(a) : null);
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

    private static Palette palette(AttributeList a) {
        int[] descriptor = Attribute.getIntegerValues(a, TagFromName.RedPaletteColorLookupTableDescriptor);
        if (descriptor == null || descriptor.length < 3) {
            return null;
        }
        int entries = descriptor[0] == 0 ? 65536 : descriptor[0] & 0xFFFF;
        int first = descriptor[1];
        int bits = descriptor[2];
        int[][] channels = new int[4][];
        AttributeTag[] tags = {TagFromName.RedPaletteColorLookupTableData, TagFromName.GreenPaletteColorLookupTableData,
                TagFromName.BluePaletteColorLookupTableData, Headers.ALPHA_PALETTE_DATA};
        for (int c = 0; c < 4; c++) {
            Attribute data = a.get(tags[c]);
            if (data == null) {
                if (c == 3) {
                    break;
                }
                return null;
            }
            try {
                byte[] b = data.getByteValues(false);  // little endian words
                int[] out = new int[entries];
                for (int i = 0; i < entries; i++) {
                    out[i] = bits > 8 ? 2 * i + 1 < b.length ? b[2 * i + 1] & 0xFF : 0
                            : (bits == 8 && b.length >= 2 * entries ? b[2 * i] & 0xFF : i < b.length ? b[i] & 0xFF : 0);
                }
                channels[c] = out;
            } catch (com.pixelmed.dicom.DicomException e) {
                return null;
            }
        }
        return new Palette(first, channels[0], channels[1], channels[2], channels[3]);
    }

    /** The sample value a container word holds: Bits Stored bits at High Bit, with the sign of Pixel Representation. */
    public long sample(long word) {
        int stored = format.bitsStored();
        int shift = format.highBit() + 1 - stored;
        long v = (word >> shift) & ((1L << stored) - 1);
        return format.signed() && stored > 0 && (v & (1L << (stored - 1))) != 0 ? v - (1L << stored) : v;
    }
}
