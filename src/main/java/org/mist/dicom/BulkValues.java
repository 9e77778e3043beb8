package org.mist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.UnknownAttribute;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Large binary values (an encapsulated PDF, overlay or waveform data, a vendor's blob) kept apart from the header
 * object, so reading a header never reads them. A value is named by its bulk data path, the one its BulkDataURI
 * carries ({@link DicomJson}): tags and 1-based item numbers joined by '/'. Only byte and word values (OB, UN,
 * OW) move out; their bytes go back exactly, little endian.
 */
public final class BulkValues {
    /** One value moved out of the header: its path and its bytes, little endian. */
    public record Value(String path, byte[] bytes) {
    }

    private BulkValues() {
    }

    /** Takes the values longer than {@code threshold} bytes out of {@code list} (left empty there): what was taken. */
    public static List<Value> takeOut(AttributeList list, long threshold) {
        List<Value> out = new ArrayList<>();
        walk(list, "", threshold, out);
        return out;
    }

    /** Puts {@code bytes} back as the value at {@code path}; false when the path names no byte or word value. */
    public static boolean putBack(AttributeList list, String path, byte[] bytes) {
        Attribute a = find(list, path);
        try {
            if (a instanceof OtherWordAttribute) {
                short[] words = new short[bytes.length / 2];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(words);
                a.setValues(words);
                return true;
            }
            if (a instanceof OtherByteAttribute || a instanceof UnknownAttribute) {
                a.setValues(bytes);
                return true;
            }
        } catch (DicomException e) {
            throw new IllegalStateException("cannot put bulk data back at " + path + ": " + e.getMessage(), e);
        }
        return false;
    }

    private static void walk(AttributeList list, String parent, long threshold, List<Value> out) {
        for (Object o : list.values()) {
            Attribute a = (Attribute) o;
            AttributeTag tag = a.getTag();
            String path = parent + DicomJson.key(tag);
            if (a instanceof SequenceAttribute sq) {
                for (int i = 0; i < sq.getNumberOfItems(); i++) {
                    walk(sq.getItem(i).getAttributeList(), path + "/" + (i + 1) + "/", threshold, out);
                }
            } else if (tag.getGroup() != 0x0002 && a.getVL() > threshold
                    && (a instanceof OtherByteAttribute || a instanceof OtherWordAttribute || a instanceof UnknownAttribute)) {
                try {
                    out.add(new Value(path, a.getByteValues(false)));
                    if (a instanceof OtherWordAttribute) {
                        a.setValues(new short[0]);
                    } else {
                        a.setValues(new byte[0]);
                    }
                } catch (DicomException e) {
                    throw new IllegalStateException("cannot read the value of " + path + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The attribute at {@code path}, or null. */
    private static Attribute find(AttributeList list, String path) {
        String[] steps = path.split("/");
        AttributeList current = list;
        for (int i = 0; i < steps.length; i += 2) {
            int tag = (int) Long.parseLong(steps[i], 16);
            Attribute a = current.get(new AttributeTag(tag >>> 16, tag & 0xFFFF));
            if (i == steps.length - 1 || a == null) {
                return a;
            }
            int item = Integer.parseInt(steps[i + 1]);
            if (!(a instanceof SequenceAttribute sq) || item < 1 || item > sq.getNumberOfItems()) {
                return null;
            }
            current = sq.getItem(item - 1).getAttributeList();
        }
        return null;
    }
}
