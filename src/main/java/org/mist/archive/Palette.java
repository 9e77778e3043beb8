package org.mist.archive;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.util.Arrays;
import org.mist.dicom.Headers;

/**
 * A colour lookup table (PS3.3 C.7.6.3.1.5, C.7.9): entries from stored value {@code first}, each 8-bit red,
 * green, blue and optionally alpha. 16-bit entries keep their high byte: tables are written as v << 8 or as
 * v x 257, and both give v back (v x 255 / 65535 would turn 0xFF00 into 254). {@code supplemental} marks a
 * Supplemental Palette Color LUT (C.7.6.19) on a grey image: only the stored values the table covers are shown
 * in colour, the others go through the grey pipeline.
 */
public record Palette(int first, int[] red, int[] green, int[] blue, int[] alpha, boolean supplemental) {

    private static final AttributeTag[] DATA = {TagFromName.RedPaletteColorLookupTableData,
            TagFromName.GreenPaletteColorLookupTableData, TagFromName.BluePaletteColorLookupTableData,
            Headers.ALPHA_PALETTE_DATA};
    private static final AttributeTag[] SEGMENTED = {new AttributeTag(0x0028, 0x1221),
            new AttributeTag(0x0028, 0x1222), new AttributeTag(0x0028, 0x1223), new AttributeTag(0x0028, 0x1224)};

    /** Values below the table take its first entry, values above it its last (C.7.6.3.1.5). */
    public int rgb(long index) {
        int i = (int) Math.max(0, Math.min(red.length - 1, index - first));
        return red[i] << 16 | green[i] << 8 | blue[i];
    }

    public boolean covers(long index) {
        return index >= first && index - first < red.length;
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

    /**
     * The instance's palette: the lookup tables of a PALETTE COLOR image, or a supplemental one on a grey
     * image whose Pixel Presentation is COLOR or MIXED; null when there is none or it cannot be read.
     */
    static Palette of(AttributeList a, String photometric) {
        String presentation = Headers.string(a, TagFromName.PixelPresentation);
        boolean supplemental = photometric.startsWith("MONOCHROME")
                && ("COLOR".equals(presentation) || "MIXED".equals(presentation));
        if (!supplemental && !"PALETTE COLOR".equals(photometric)) {
            return null;
        }
        int[] descriptor = Attribute.getIntegerValues(a, TagFromName.RedPaletteColorLookupTableDescriptor);
        if (descriptor == null || descriptor.length < 3) {
            return null;
        }
        int entries = descriptor[0] == 0 ? 65536 : descriptor[0] & 0xFFFF;
        // The first mapped value is signed when the pixels are (PS3.3 C.7.6.3.1.5).
        int first = Attribute.getSingleIntegerValueOrDefault(a, TagFromName.PixelRepresentation, 0) == 1
                ? (short) descriptor[1] : descriptor[1] & 0xFFFF;
        int bits = descriptor[2];
        int[][] channels = new int[4][];
        try {
            for (int c = 0; c < 4; c++) {
                if (a.get(DATA[c]) != null) {
                    channels[c] = entries(a.get(DATA[c]).getByteValues(false), entries, bits);
                } else if (a.get(SEGMENTED[c]) != null) {
                    channels[c] = to8Bits(expand(words(a.get(SEGMENTED[c]).getByteValues(false)), entries), bits);
                } else if (c < 3) {
                    return null;
                }
            }
        } catch (DicomException | IllegalArgumentException e) {
            return null;
        }
        return new Palette(first, channels[0], channels[1], channels[2], channels[3], supplemental);
    }

    /**
     * Plain table data: 16-bit entries, or 8-bit entries either one per 16-bit word or packed two per word
     * (C.7.6.3.1.6 allows both; the length tells which).
     */
    private static int[] entries(byte[] b, int entries, int bits) {
        if (bits == 8 && b.length < 2 * entries) {
            int[] out = new int[entries];
            for (int i = 0; i < entries && i < b.length; i++) {
                out[i] = b[i] & 0xFF;
            }
            return out;
        }
        int[] words = words(b);
        return to8Bits(words.length >= entries ? words : Arrays.copyOf(words, entries), bits);
    }

    private static int[] words(byte[] b) {
        int[] out = new int[b.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
        }
        return out;
    }

    /** 16-bit entries to 8 bits by their high byte; 8-bit entries as they are. */
    private static int[] to8Bits(int[] values, int bits) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits > 8 ? values[i] >> 8 & 0xFF : values[i] & 0xFF;
        }
        return out;
    }

    /**
     * Segmented table data (C.7.9.2) expanded to {@code entries} values. Segments: discrete (0, the values
     * follow), linear (1, from the previous value to the given one over the length) and indirect (2, copy a
     * number of segments found at a byte offset from the start, stored as low word then high word).
     */
    static int[] expand(int[] words, int entries) {
        int[] out = new int[entries];
        int n = expand(words, 0, Integer.MAX_VALUE, out, 0, false);
        if (n != entries) {
            throw new IllegalArgumentException("segmented lookup table has " + n + " entries, the descriptor says " + entries);
        }
        return out;
    }

    private static int expand(int[] w, int at, int segments, int[] out, int n, boolean copying) {
        for (int s = 0; s < segments && at + 1 < w.length; s++) {
            int opcode = w[at];
            int length = w[at + 1];
            at += 2;
            switch (opcode) {
                case 0 -> {
                    for (int i = 0; i < length; i++) {
                        n = put(out, n, w[at++]);
                    }
                }
                case 1 -> {
                    if (n == 0) {
                        throw new IllegalArgumentException("a linear segment cannot start the table");
                    }
                    int y0 = out[n - 1];
                    int y1 = w[at++];
                    for (int i = 1; i <= length; i++) {
                        n = put(out, n, (int) Math.round(y0 + (y1 - y0) * (double) i / length));
                    }
                }
                case 2 -> {
                    if (copying || n == 0) {
                        throw new IllegalArgumentException("an indirect segment cannot start the table or copy another");
                    }
                    long offset = (w[at] & 0xFFFFL) | (long) w[at + 1] << 16;
                    at += 2;
                    n = expand(w, (int) Math.min(Integer.MAX_VALUE, offset / 2), length, out, n, true);
                }
                default -> throw new IllegalArgumentException("segment opcode " + opcode);
            }
        }
        return n;
    }

    private static int put(int[] out, int n, int value) {
        if (n >= out.length) {
            throw new IllegalArgumentException("segmented lookup table longer than its descriptor");
        }
        out[n] = value;
        return n + 1;
    }
}
