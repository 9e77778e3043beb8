package org.mist.archive;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;

/**
 * Finds the attribute a bulk data path from a request names: tags and 1-based item numbers joined by '/', as
 * DicomJson writes them; the path in the form the archive keeps it ({@link #normalise}).
 */
public final class BulkDataPath {
    private BulkDataPath() {
    }

    public static Attribute find(AttributeList list, String path) {
        if (path.isEmpty()) {
            throw Refusal.BAD_REQUEST.because("empty bulk data path");
        }
        String[] steps = path.split("/");
        AttributeList current = list;
        for (int i = 0; i < steps.length; i++) {
            if (!steps[i].matches("[0-9A-Fa-f]{8}")) {
                throw Refusal.BAD_REQUEST.because("bulk data path step \"" + steps[i] + "\" is not a tag");
            }
            int tag = (int) Long.parseLong(steps[i], 16);
            Attribute a = current.get(new AttributeTag(tag >>> 16, tag & 0xFFFF));
            if (a == null) {
                throw Refusal.NOT_FOUND.because("no attribute " + steps[i] + " at " + path);
            }
            if (i == steps.length - 1) {
                if (a instanceof SequenceAttribute) {
                    throw Refusal.NOT_FOUND.because(path + " is a sequence, not bulk data");
                }
                return a;
            }
            if (!(a instanceof SequenceAttribute sq) || i + 1 >= steps.length - 1) {
                throw Refusal.NOT_FOUND.because("bulk data path " + path + " does not lead to a value");
            }
            int item;
            try {
                item = Integer.parseInt(steps[++i]);
            } catch (NumberFormatException e) {
                throw Refusal.BAD_REQUEST.because("bulk data path item \"" + steps[i] + "\" is not a number");
            }
            if (item < 1 || item > sq.getNumberOfItems()) {
                throw Refusal.NOT_FOUND.because("sequence " + steps[i - 1] + " has no item " + item);
            }
            current = sq.getItem(item - 1).getAttributeList();
        }
        throw Refusal.BAD_REQUEST.because("empty bulk data path");
    }

    /** The path as DicomJson writes it (upper-case hexadecimal), which is how the archive names kept values. */
    public static String normalise(String path) {
        return path.toUpperCase(java.util.Locale.ROOT);
    }
}
