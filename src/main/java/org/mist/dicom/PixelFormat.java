package org.mist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

/** The Image Pixel module attributes that say how to read the samples of a frame. */
public record PixelFormat(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
                          boolean signed, boolean planar, String photometric, int frames) {

    /** Frames larger than this are refused rather than held in memory (a 16k x 16k x 16-bit frame is 512 MiB). */
    public static final long MAX_FRAME_BYTES = 1L << 30;

    public static PixelFormat of(AttributeList a) {
        int rows = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.Columns, 0);
        int spp = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.SamplesPerPixel, 1);
        int allocated = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.BitsAllocated, 0);
        int stored = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.BitsStored, allocated);
        int high = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.HighBit, stored - 1);
        int representation = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.PixelRepresentation, 0);
        int planar = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.PlanarConfiguration, 0);
        String photometric = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.PhotometricInterpretation).trim();
        int frames = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.NumberOfFrames, 1);
        PixelFormat f = new PixelFormat(rows, columns, spp, allocated, stored, high, representation == 1, planar == 1,
                photometric, Math.max(frames, 1));
        f.check();
        return f;
    }

    /**
     * What ingest asks of a received instance beyond {@link #of}: a Number of Frames that is a positive
     * integer (absent means 1) and Samples per Pixel that agrees with the photometric interpretation.
     * Stored headers are read without it (PNG-origin RGBA keeps 4 samples under RGB).
     */
    public static void requireConsistent(AttributeList a) {
        Attribute frames = a.get(TagFromName.NumberOfFrames);
        String text = frames == null ? "" : Attribute.getDelimitedStringValuesOrEmptyString(a, TagFromName.NumberOfFrames).trim();
        if (!text.isEmpty() && (!text.matches("\\+?0*[1-9][0-9]{0,8}"))) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "Number of Frames \"" + text + "\" is not a positive integer");
        }
        String photometric = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.PhotometricInterpretation).trim();
        int spp = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.SamplesPerPixel, 1);
        int expected = switch (photometric) {
            case "MONOCHROME1", "MONOCHROME2", "PALETTE COLOR" -> 1;
            case "RGB", "HSV", "YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT" -> 3;
            case "ARGB", "CMYK" -> 4;
            default -> spp;
        };
        if (spp != expected) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "Samples per Pixel " + spp
                    + " contradicts Photometric Interpretation " + photometric + " (" + expected + ")");
        }
    }

    private void check() {
        String problem = null;
        if (rows < 1 || columns < 1) {
            problem = "Rows and Columns must be positive, not " + rows + "x" + columns;
        } else if (samplesPerPixel < 1 || samplesPerPixel > 4) {
            problem = "Samples per Pixel " + samplesPerPixel + " (1 to 4 supported)";
        } else if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            problem = "Bits Allocated " + bitsAllocated + " (1, 8, 16 or 32 supported)";
        } else if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            problem = "Bits Stored " + bitsStored + " / High Bit " + highBit + " do not fit Bits Allocated " + bitsAllocated;
        } else if (frameBytes() > MAX_FRAME_BYTES) {
            problem = "one frame of " + columns + "x" + rows + "x" + samplesPerPixel + " samples is larger than 1 GiB";
        }
        if (problem != null) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, problem);
        }
    }

    public long pixelsPerFrame() {
        return (long) rows * columns;
    }

    public long samplesPerFrame() {
        return pixelsPerFrame() * samplesPerPixel;
    }

    /** Bytes of one native frame (1-bit frames are packed and may start inside a byte: see {@link #frameBits()}). */
    public long frameBytes() {
        return (frameBits() + 7) / 8;
    }

    public long frameBits() {
        return samplesPerFrame() * bitsAllocated;
    }
}
