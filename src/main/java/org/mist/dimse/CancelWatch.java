package org.mist.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import org.mist.dicom.TransferSyntax;

/**
 * Notices a C-CANCEL-RQ (PS3.7 9.3.2.3) that arrives while a C-MOVE's or C-GET's sub-operations run. The
 * requester's association is not read between sub-operations (one message at a time; a C-GET's C-STORE responses
 * are read within them), so then the bytes waiting on it are looked at: a whole P-DATA-TF PDU whose command is
 * C-CANCEL for the message under way is taken; anything else is put back for PixelMed to read as usual.
 */
final class CancelWatch {
    private static final int P_DATA_TF = 0x04;
    private static final int C_CANCEL = 0x0FFF;

    private final PushbackInputStream in;

    CancelWatch(PushbackInputStream in) {
        this.in = in;
    }

    /** Whether a C-CANCEL-RQ for {@code messageId} has arrived; never waits for bytes. */
    boolean arrived(int messageId) throws IOException {
        if (in.available() < 6) {
            return false;
        }
        byte[] head = in.readNBytes(6);
        long length = ((head[2] & 0xFFL) << 24) | ((head[3] & 0xFFL) << 16) | ((head[4] & 0xFFL) << 8) | (head[5] & 0xFFL);
        byte[] body = (head[0] & 0xFF) == P_DATA_TF && length <= 1024 && in.available() >= length
                ? in.readNBytes((int) length) : null;
        if (body != null && isCancel(body, messageId)) {
            return true;
        }
        if (body != null) {
            in.unread(body);
        }
        in.unread(head);
        return false;
    }

    /** A PDU body (PDV items: length, context, control header, value) holding the C-CANCEL command. */
    private static boolean isCancel(byte[] body, int messageId) {
        if (body.length < 6 || (body[5] & 0x01) == 0) {  // the first item must carry a command
            return false;
        }
        int itemLength = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
        if (itemLength < 2 || itemLength + 4 > body.length) {
            return false;
        }
        AttributeList command = new AttributeList();
        try {
            command.read(new DicomInputStream(new ByteArrayInputStream(body, 6, itemLength - 2), TransferSyntax.IMPLICIT_LE.uid(), false));
        } catch (IOException | DicomException e) {
            return false;
        }
        return Attribute.getSingleIntegerValueOrDefault(command, TagFromName.CommandField, 0) == C_CANCEL
                && Attribute.getSingleIntegerValueOrDefault(command, TagFromName.MessageIDBeingRespondedTo, -1) == messageId;
    }
}
