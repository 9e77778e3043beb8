package org.mist.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a whole data set, every sequence and item included, before anything else reads it: refuses what
 * would cost more than it should, and finds where Pixel Data lies (read frame by frame straight from the
 * file; the other attributes are left to PixelMed). Refused: a length that runs past its container or the
 * input, a value over {@link DicomFile.Limits#maxElementBytes()}, sequences nested deeper than
 * {@link DicomFile.Limits#maxSequenceDepth()}, Pixel Data larger than the image attributes before it need
 * (the deflate bomb's 2 GiB of zeros ends here, at its header) or whose image would decode to more than
 * {@link DicomFile.Limits#maxPixelBytes()}, a second Pixel Data element (Float and Double Float Pixel Data
 * count as Pixel Data: a parametric map has one of them instead).
 * Values are skipped, not read, except the few image attributes. PixelMed, which reads sequences
 * recursively, only ever sees a data set that passed.
 */
final class DataSetGuard {
    static final int PIXEL_DATA = 0x7FE00010;
    static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    static final int DOUBLE_PIXEL_DATA = 0x7FE00009;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    /**
     * Where the Pixel Data element is: its tag (Pixel Data, Float or Double Float Pixel Data), tag offset, value
     * offset and end, fragments when encapsulated.
     */
    record PixelDataLocation(int tag, long tagOffset, long valueOffset, long valueEnd, String vr, List<Fragment> fragments) {
        /** 32 or 64 for Float or Double Float Pixel Data; 0 for Pixel Data. */
        int floatBits() {
            return tag == FLOAT_PIXEL_DATA ? 32 : tag == DOUBLE_PIXEL_DATA ? 64 : 0;
        }
    }

    /** One fragment (item) of encapsulated pixel data; the first is the Basic Offset Table. */
    record Fragment(long offset, int length) {
    }

    /** Pixel Data may carry a little more than the image needs (padding, vendors' slack), never much more. */
    private static final long PIXEL_SLACK = 1 << 16;

    private final DataInput in;
    private final DicomFile.Limits limits;
    private long rows = -1;
    private long columns = -1;
    private long samples = 1;
    private long bitsAllocated = -1;
    private long frames = 1;
    private PixelDataLocation pixelData;

    private DataSetGuard(DataInput in, DicomFile.Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * Walks the data set {@code in} holds, to its end: where its Pixel Data lies (null when it has none), or a
     * {@link DataSetException} with the reason it is refused. Offsets count from where {@code in} started.
     */
    static PixelDataLocation check(DataInput in, boolean implicitVr, DicomFile.Limits limits) throws IOException {
        try {
            DataSetGuard guard = new DataSetGuard(in, limits);
            guard.elements(Long.MAX_VALUE, 0, implicitVr, true);
            return guard.pixelData;
        } catch (EOFException e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "truncated DICOM data set: " + e.getMessage());
        }
    }

    /**
     * The elements of one container up to {@code end} (Long.MAX_VALUE: the end of the input; -1: an item
     * delimiter). {@code depth} counts the sequences around them.
     */
    private void elements(long end, int depth, boolean implicit, boolean top) throws IOException {
        int previous = -1;
        while (end == Long.MAX_VALUE ? !in.atEnd() : end < 0 || in.position() < end) {
            long at = in.position();
            int tag = in.tag();
            if (tag == ITEM_END && end < 0) {
                in.u32();
                return;
            }
            if (top && tag == previous) {
                throw bad(String.format("the data set holds (%04X,%04X) twice", tag >>> 16, tag & 0xFFFF));
            }
            previous = tag;
            String vr = vr(tag, implicit);
            long length = length(tag, vr, implicit);
            long valueOffset = in.position();
            if (length == UNDEFINED) {
                if (top && tag == PIXEL_DATA) {
                    checkImageSize();
                    List<Fragment> fragments = fragments();
                    pixelData(new PixelDataLocation(tag, at, valueOffset, in.position(), vr, fragments));
                } else if (vr == null || "SQ".equals(vr) || "UN".equals(vr)) {
                    sequence(-1, depth + 1, implicit || "UN".equals(vr));
                } else {
                    throw bad(String.format("(%04X,%04X) of VR %s has an undefined length at byte %d", tag >>> 16, tag & 0xFFFF, vr, at));
                }
                continue;
            }
            long room = (end > 0 && end != Long.MAX_VALUE ? end : Long.MAX_VALUE) - in.position();
            if (length > Math.min(room, in.remaining())) {
                throw bad(room < in.remaining()
                        ? String.format("(%04X,%04X) claims %d bytes at byte %d, more than its sequence item holds",
                                tag >>> 16, tag & 0xFFFF, length, at)
                        : String.format("truncated data set: (%04X,%04X) claims %d bytes at byte %d, more than the data set holds",
                                tag >>> 16, tag & 0xFFFF, length, at));
            }
            if ("SQ".equals(vr)) {
                sequence(in.position() + length, depth + 1, implicit);
            } else if (top && (tag == FLOAT_PIXEL_DATA || tag == DOUBLE_PIXEL_DATA)) {
                int bits = tag == FLOAT_PIXEL_DATA ? 32 : 64;
                if (bitsAllocated != bits) {
                    throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, (bits == 32 ? "Float" : "Double Float")
                            + " Pixel Data needs Bits Allocated " + bits + " before it, not " + bitsAllocated);
                }
                long need = checkImageSize();
                if (length != need) {
                    throw bad((bits == 32 ? "Float" : "Double Float") + " Pixel Data of " + length + " bytes where Rows, Columns,"
                            + " Samples per Pixel and Number of Frames ask for " + need);
                }
                in.skip(length);
                pixelData(new PixelDataLocation(tag, at, valueOffset, in.position(), vr, null));
            } else if (top && tag == PIXEL_DATA) {
                long need = checkImageSize();
                if (need >= 0 && length > need + PIXEL_SLACK) {
                    throw tooLarge("Pixel Data of " + length + " bytes where Rows, Columns, Samples per Pixel, Bits Allocated and "
                            + "Number of Frames ask for " + need);
                }
                checkPixelBytes(length);
                in.skip(length);
                pixelData(new PixelDataLocation(tag, at, valueOffset, in.position(), vr, null));
            } else {
                if (length > limits.maxElementBytes()) {
                    throw tooLarge(String.format("(%04X,%04X) holds %d bytes, over the limit of %d for one value",
                            tag >>> 16, tag & 0xFFFF, length, limits.maxElementBytes()));
                }
                if (top && (tag >>> 16) == 0x0028 && length <= 16) {
                    remember(tag, in.bytes((int) length));
                } else {
                    in.skip(length);
                }
            }
        }
        if (end >= 0 && end != Long.MAX_VALUE && in.position() != end) {
            throw bad("an item's elements run past its end at byte " + in.position());
        }
        if (end < 0) {
            throw new EOFException("an item of undefined length has no delimiter");
        }
    }

    /** The items of a sequence up to {@code end} (-1: its delimiter). */
    private void sequence(long end, int depth, boolean implicit) throws IOException {
        if (depth > limits.maxSequenceDepth()) {
            throw bad("sequences nested deeper than " + limits.maxSequenceDepth());
        }
        while (end < 0 || in.position() < end) {
            long at = in.position();
            int tag = in.tag();
            long length = in.u32();
            if (tag == SEQUENCE_END && end < 0) {
                return;
            }
            if (tag != ITEM) {
                throw bad(String.format("expected an item in a sequence at byte %d, found (%04X,%04X)", at, tag >>> 16, tag & 0xFFFF));
            }
            if (length == UNDEFINED) {
                elements(-1, depth, implicit, false);
            } else {
                if (end >= 0 && in.position() + length > end || length > in.remaining()) {
                    throw bad("an item of " + length + " bytes at byte " + at + " runs past its sequence");
                }
                elements(in.position() + length, depth, implicit, false);
            }
        }
        if (in.position() != end) {
            throw bad("a sequence's items run past its end at byte " + in.position());
        }
    }

    /** Encapsulated Pixel Data: items of defined length until the sequence delimiter, the offset table first. */
    private List<Fragment> fragments() throws IOException {
        List<Fragment> fragments = new ArrayList<>();
        long total = 0;
        while (true) {
            long at = in.position();
            int tag = in.tag();
            long length = in.u32();
            if (tag == SEQUENCE_END) {
                if (fragments.isEmpty()) {
                    throw bad("encapsulated Pixel Data without a Basic Offset Table item");
                }
                return fragments;
            }
            if (tag != ITEM || length == UNDEFINED || length > Integer.MAX_VALUE || length > in.remaining()) {
                throw bad(String.format("bad item in encapsulated Pixel Data at byte %d (tag %08X, length %d)", at, tag, length));
            }
            total += length;
            checkPixelBytes(total);
            fragments.add(new Fragment(in.position(), (int) length));
            in.skip(length);
        }
    }

    private void pixelData(PixelDataLocation location) {
        if (pixelData != null) {
            throw bad("the data set holds two Pixel Data elements");
        }
        pixelData = location;
    }

    /**
     * The bytes the image attributes read so far ask for (-1 when they do not say), refused when the decoded
     * image would be over the per-instance limit, whatever its encoded size.
     */
    private long checkImageSize() {
        long need = needed();
        if (need > limits.maxPixelBytes()) {
            throw tooLarge(frames + " frame(s) of " + columns + "x" + rows + "x" + samples + " at " + bitsAllocated
                    + " bits are over the limit of " + limits.maxPixelBytes() + " bytes of pixels per instance");
        }
        return need;
    }

    private void checkPixelBytes(long bytes) {
        if (bytes > limits.maxPixelBytes()) {
            throw tooLarge("Pixel Data over the limit of " + limits.maxPixelBytes() + " bytes per instance");
        }
    }

    /** Bytes the image attributes read so far ask for; -1 when they do not say. */
    private long needed() {
        if (rows < 0 || columns < 0 || bitsAllocated < 0) {
            return -1;
        }
        return (rows * columns * samples * bitsAllocated * Math.max(frames, 1) + 7) / 8;
    }

    private void remember(int tag, byte[] value) {
        switch (tag) {
            case 0x00280002 -> samples = u16(value);
            case 0x00280010 -> rows = u16(value);
            case 0x00280011 -> columns = u16(value);
            case 0x00280100 -> bitsAllocated = u16(value);
            case 0x00280008 -> {
                String text = new String(value, StandardCharsets.US_ASCII).trim();
                frames = text.matches("\\+?[0-9]{1,9}") ? Long.parseLong(text.replace("+", "")) : 1;
            }
            default -> { }
        }
    }

    private long u16(byte[] v) {
        if (v.length < 2) {
            return -1;
        }
        return in.isBigEndian() ? (v[0] & 0xFF) << 8 | v[1] & 0xFF : (v[1] & 0xFF) << 8 | v[0] & 0xFF;
    }

    private String vr(int tag, boolean implicit) throws IOException {
        if (implicit || (tag >>> 16) == 0xFFFE) {
            byte[] vr = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(new AttributeTag(tag >>> 16, tag & 0xFFFF));
            return vr != null && ValueRepresentation.isSequenceVR(vr) ? "SQ" : null;
        }
        String vr = in.ascii(2);
        if (!vr.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw bad(String.format("not a valid explicit VR at byte %d (tag %08X)", in.position() - 2, tag));
        }
        return vr;
    }

    private long length(int tag, String vr, boolean implicit) throws IOException {
        if (implicit || (tag >>> 16) == 0xFFFE) {
            return in.u32();
        }
        if (LONG_LENGTH_VRS.contains(vr)) {
            in.skip(2);
            return in.u32();
        }
        return in.u16();
    }

    private static DataSetException bad(String why) {
        return new DataSetException(DataSetException.CANNOT_UNDERSTAND, why);
    }

    private static DataSetException tooLarge(String why) {
        return new DataSetException(DataSetException.OUT_OF_RESOURCES, why);
    }
}
