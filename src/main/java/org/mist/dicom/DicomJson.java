package org.mist.dicom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TextAttribute;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * The DICOM JSON Model (PS3.18 F.2) of a data set, written with Jackson's streaming generator. Binary
 * values longer than {@link #INLINE_LIMIT} bytes, and Pixel Data always, are left out and referred to
 * by a BulkDataURI; shorter ones travel inline in Base64. File Meta Information and group lengths are
 * not part of the model.
 */
public final class DicomJson {
    /** Binary values up to this many bytes are written inline (InlineBinary). */
    public static final long INLINE_LIMIT = 1024;

    private static final Set<String> BINARY = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN");
    private static final Set<String> INTEGERS = Set.of("US", "SS", "UL", "SL", "UV", "SV");
    private static final Set<String> TEXT = Set.of("LT", "ST", "UT", "UC", "UR");

    /** Names the BulkDataURI of a binary value at {@code path}: tags and item numbers joined by '/'. */
    public interface BulkData {
        String uri(String path);
    }

    private DicomJson() {
    }

    /**
     * The pixel element of an instance whose header holds none: Pixel Data, Float Pixel Data or Double Float Pixel
     * Data ({@code tag}), its VR (null: as Pixel Data is served natively, PS3.5 8.2: OB for 8 bits or fewer, OW
     * above) and its BulkDataURI.
     */
    public record PixelData(long tag, String vr, String uri) {
    }

    /** Writes one data set as a JSON object, with {@code pixelData} when not null. */
    public static void write(JsonGenerator g, AttributeList list, BulkData bulk, PixelData pixelData) throws IOException {
        g.writeStartObject();
        boolean pixelDataWritten = pixelData == null;
        for (Attribute a : list.values()) {
            AttributeTag tag = a.getTag();
            if (tag.getGroup() == 0x0002 || tag.getElement() == 0 || tag.getGroup() == 0xFFFE) {
                continue;
            }
            long key = ((long) tag.getGroup() << 16) | tag.getElement();
            if (!pixelDataWritten && key >= pixelData.tag()) {
                writePixelData(g, list, pixelData);
                pixelDataWritten = true;
                if (key == pixelData.tag()) {
                    continue;
                }
            }
            writeAttribute(g, a, bulk, "");
        }
        if (!pixelDataWritten) {
            writePixelData(g, list, pixelData);
        }
        g.writeEndObject();
    }

    /** The eight-hex-digit key of a tag, as the model names attributes. */
    public static String key(AttributeTag tag) {
        return String.format(Locale.ROOT, "%04X%04X", tag.getGroup(), tag.getElement());
    }

    private static void writePixelData(JsonGenerator g, AttributeList list, PixelData p) throws IOException {
        String vr = p.vr() != null ? p.vr()
                : Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16) <= 8 ? "OB" : "OW";
        g.writeObjectFieldStart(String.format("%08X", p.tag()));
        g.writeStringField("vr", vr);
        g.writeStringField("BulkDataURI", p.uri());
        g.writeEndObject();
    }

    private static void writeAttribute(JsonGenerator g, Attribute a, BulkData bulk, String parent) throws IOException {
        String key = key(a.getTag());
        String vr = a.getVRAsString();
        g.writeObjectFieldStart(key);
        g.writeStringField("vr", vr);
        try {
            if (a instanceof SequenceAttribute sq) {
                writeItems(g, sq, bulk, parent + key + "/");
            } else if (BINARY.contains(vr) || "7FE00010".equals(key)) {
                writeBinary(g, a, bulk, parent + key);
            } else if (a.getVL() > 0) {
                writeValues(g, a, vr);
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            // A value PixelMed cannot give back: the attribute stays, with no value.
        }
        g.writeEndObject();
    }

    private static void writeItems(JsonGenerator g, SequenceAttribute sq, BulkData bulk, String path) throws IOException {
        if (sq.getNumberOfItems() == 0) {
            return;
        }
        g.writeArrayFieldStart("Value");
        for (int i = 0; i < sq.getNumberOfItems(); i++) {
            AttributeList item = sq.getItem(i).getAttributeList();
            g.writeStartObject();
            for (Attribute a : item.values()) {
                if (a.getTag().getElement() != 0) {
                    writeAttribute(g, a, bulk, path + (i + 1) + "/");
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeBinary(JsonGenerator g, Attribute a, BulkData bulk, String path) throws IOException,
            com.pixelmed.dicom.DicomException {
        if (a.getVL() <= 0) {
            return;
        }
        if (a.getVL() > INLINE_LIMIT && bulk != null) {
            g.writeStringField("BulkDataURI", bulk.uri(path));
        } else {
            g.writeStringField("InlineBinary", Base64.getEncoder().encodeToString(a.getByteValues(false)));
        }
    }

    private static void writeValues(JsonGenerator g, Attribute a, String vr) throws IOException,
            com.pixelmed.dicom.DicomException {
        // Values first: PixelMed may refuse to give them, and then no half-written array must remain.
        Object values = switch (vr) {
            case "FL" -> a.getFloatValues();  // written as floats: -159.6358, not the double -159.63580322265625
            case "FD" -> a.getDoubleValues();
            case "AT" -> ((AttributeTagAttribute) a).getAttributeTagValues();
            // Text (ST, LT, UT) has one value, which PixelMed gives only as a string value.
            default -> INTEGERS.contains(vr) ? a.getLongValues()
                    : a instanceof TextAttribute ? a.getStringValues() : a.getOriginalStringValues();
        };
        if (values == null || values instanceof String[] strings && strings.length == 1 && empty(vr, strings[0])) {
            return;  // one empty value: no Value at all (PS3.18 F.2.5)
        }
        g.writeArrayFieldStart("Value");
        if (values instanceof float[] floats) {
            for (float v : floats) {
                if (Float.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
        } else if (values instanceof double[] doubles) {
            for (double v : doubles) {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
        } else if (values instanceof long[] longs) {
            for (long v : longs) {
                g.writeNumber(v);
            }
        } else if (values instanceof AttributeTag[] tags) {
            for (AttributeTag t : tags) {
                g.writeString(key(t));
            }
        } else {
            for (String v : (String[]) values) {
                switch (vr) {
                    case "PN" -> writePersonName(g, v);
                    case "DS" -> writeDecimal(g, v);
                    case "IS" -> writeInteger(g, v);
                    default -> {
                        // trim() also drops the NUL that pads UIDs; text keeps its leading spaces
                        String s = TEXT.contains(vr) ? ("." + v).trim().substring(1) : v.trim();
                        if (s.isEmpty()) {
                            g.writeNull();
                        } else {
                            g.writeString(s);
                        }
                    }
                }
            }
        }
        g.writeEndArray();
    }

    /** A value with nothing in it: blanks (and NUL), or for PN empty components only ("^^^^"). */
    private static boolean empty(String vr, String value) {
        String v = value.replace('\0', ' ').trim();
        return v.isEmpty() || vr.equals("PN") && v.replaceAll("[\\^=\\s]", "").isEmpty();
    }

    private static void writePersonName(JsonGenerator g, String value) throws IOException {
        if (empty("PN", value)) {
            g.writeNull();
            return;
        }
        // Trailing empty components and groups carry nothing (PS3.5 6.2.1): "Doe^John^^^" is "Doe^John".
        String[] groups = value.trim().replaceAll("=+$", "").split("=", -1);
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        g.writeStartObject();
        for (int i = 0; i < Math.min(3, groups.length); i++) {
            String group = groups[i].trim().replaceAll("\\^+$", "");
            if (!group.isEmpty()) {
                g.writeStringField(names[i], group);
            }
        }
        g.writeEndObject();
    }

    private static void writeDecimal(JsonGenerator g, String value) throws IOException {
        String v = value.trim();
        try {
            g.writeNumber(new BigDecimal(v).toString());
        } catch (NumberFormatException e) {
            g.writeNull();
        }
    }

    private static void writeInteger(JsonGenerator g, String value) throws IOException {
        String v = value.trim();
        try {
            g.writeNumber(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
        } catch (NumberFormatException e) {
            g.writeNull();
        }
    }
}
