package org.mist.dicomweb;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;

/** Finds the attribute a bulk data path names: tags and 1-based item numbers joined by '/', as DicomJson writes them. */
final class BulkDataPath {
    private BulkDataPath() {
    }

    static Attribute find(AttributeList list, String path) {
        String[] steps = path.split("/");
        AttributeList current = list;
        for (int i = 0; i < steps.length; i++) {
            if (!steps[i].matches("[0-9A-Fa-f]{8}")) {
                throw new DicomWebException(400, "bulk data path step \"" + steps[i] + "\" is not a tag");
            }
            int tag = (int) Long.parseLong(steps[i], 16);
            Attribute a = current.get(new AttributeTag(tag >>> 16, tag & 0xFFFF));
            if (a == null) {
                throw new DicomWebException(404, "no attribute " + steps[i] + " at " + path);
            }
            if (i == steps.length - 1) {
                if (a instanceof SequenceAttribute) {
                    throw new DicomWebException(404, path + " is a sequence, not bulk data");
                }
                return a;
            }
            if (!(a instanceof SequenceAttribute sq) || i + 1 >= steps.length - 1) {
                throw new DicomWebException(404, "bulk data path " + path + " does not lead to a value");
            }
            int item;
            try {
                item = Integer.parseInt(steps[++i]);
            } catch (NumberFormatException e) {
                throw new DicomWebException(400, "bulk data path item \"" + steps[i] + "\" is not a number");
            }
            if (item < 1 || item > sq.getNumberOfItems()) {
                throw new DicomWebException(404, "sequence " + steps[i - 1] + " has no item " + item);
            }
            current = sq.getItem(item - 1).getAttributeList();
        }
        throw new DicomWebException(400, "empty bulk data path");
    }
}
