package org.mist.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks the top level of a DICOM data set to find where Pixel Data lies, without reading any value:
 * the attributes are left to PixelMed, the pixels are read frame by frame straight from the file.
 */
final class Part10Scanner {
    static final int PIXEL_DATA = 0x7FE00010;
    static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    static final int DOUBLE_PIXEL_DATA = 0x7FE00009;
    static final int ITEM = 0xFFFEE000;
    static final int ITEM_END = 0xFFFEE00D;
    static final int SEQUENCE_END = 0xFFFEE0DD;
    static final long UNDEFINED = 0xFFFFFFFFL;
    static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    /** Sequences nest a few levels deep in real data; a file nesting deeper is built to exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    /** Where the Pixel Data element is: tag offset, value offset and length, fragments when encapsulated. */
    record PixelDataLocation(long tagOffset, long valueOffset, long valueEnd, String vr, List<Fragment> fragments) {
    }

    /** One fragment (item) of encapsulated pixel data; the first is the Basic Offset Table. */
    record Fragment(long offset, int length) {
    }

    private final DataInput in;
    private final boolean implicitVr;

    private Part10Scanner(DataInput in, boolean implicitVr) {
        this.in = in;
        this.implicitVr = implicitVr;
    }

    /** Scans the data set that starts at {@code start}; null when it holds no Pixel Data. */
    static PixelDataLocation findPixelData(Path file, long start, boolean implicitVr, boolean bigEndian) throws IOException {
        try (DataInput in = new DataInput(file, start)) {
            in.bigEndian(bigEndian);
            return new Part10Scanner(in, implicitVr).scanTopLevel();
        } catch (EOFException e) {
            throw new DicomException(DicomException.CANNOT_UNDERSTAND, "truncated DICOM data set: " + e.getMessage());
        }
    }

    private PixelDataLocation scanTopLevel() throws IOException {
        while (in.remaining() > 0) {
            long tagOffset = in.position();
            int tag = in.tag();
            Header h = header(tag, implicitVr);
            if (tag == FLOAT_PIXEL_DATA || tag == DOUBLE_PIXEL_DATA) {
                throw new DicomException(DicomException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                        "Float and Double Float Pixel Data are not supported");
            }
            if (tag == PIXEL_DATA) {
                long valueOffset = in.position();
                if (h.length != UNDEFINED) {
                    in.skip(h.length);
                    return new PixelDataLocation(tagOffset, valueOffset, in.position(), h.vr, null);
                }
                List<Fragment> fragments = fragments();
                return new PixelDataLocation(tagOffset, valueOffset, in.position(), h.vr, fragments);
            }
            skipValue(h, implicitVr, 0);
        }
        return null;
    }

    private record Header(String vr, long length) {
    }

    private Header header(int tag, boolean implicit) throws IOException {
        if (implicit || (tag >>> 16) == 0xFFFE) {
            return new Header(null, in.u32());
        }
        String vr = in.ascii(2);
        if (LONG_LENGTH_VRS.contains(vr)) {
            in.skip(2);
            return new Header(vr, in.u32());
        }
        if (!vr.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new DicomException(DicomException.CANNOT_UNDERSTAND,
                    String.format("not a valid explicit VR at byte %d (tag %08X)", in.position() - 2, tag));
        }
        return new Header(vr, in.u16());
    }

    private void skipValue(Header h, boolean implicit, int depth) throws IOException {
        if (h.length != UNDEFINED) {
            in.skip(h.length);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new DicomException(DicomException.CANNOT_UNDERSTAND, "sequences nested deeper than " + MAX_DEPTH);
        }
        // Undefined length: a sequence. An explicit UN of undefined length holds implicit VR (CP-246).
        boolean itemsImplicit = implicit || "UN".equals(h.vr);
        while (true) {
            int tag = in.tag();
            long length = in.u32();
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM) {
                throw new DicomException(DicomException.CANNOT_UNDERSTAND,
                        String.format("expected an item in a sequence at byte %d, found tag %08X", in.position() - 8, tag));
            }
            if (length != UNDEFINED) {
                in.skip(length);
                continue;
            }
            while (true) {
                int inner = in.tag();
                if (inner == ITEM_END) {
                    in.u32();
                    break;
                }
                skipValue(header(inner, itemsImplicit), itemsImplicit, depth + 1);
            }
        }
    }

    private List<Fragment> fragments() throws IOException {
        List<Fragment> fragments = new ArrayList<>();
        while (true) {
            int tag = in.tag();
            long length = in.u32();
            if (tag == SEQUENCE_END) {
                if (fragments.isEmpty()) {
                    throw new DicomException(DicomException.CANNOT_UNDERSTAND, "encapsulated Pixel Data without a Basic Offset Table item");
                }
                return fragments;
            }
            if (tag != ITEM || length == UNDEFINED || length > Integer.MAX_VALUE) {
                throw new DicomException(DicomException.CANNOT_UNDERSTAND,
                        String.format("bad item in encapsulated Pixel Data at byte %d (tag %08X, length %d)", in.position() - 8, tag, length));
            }
            fragments.add(new Fragment(in.position(), (int) length));
            in.skip(length);
        }
    }
}
