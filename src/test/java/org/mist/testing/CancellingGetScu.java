package org.mist.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CGetRequestCommandMessage;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationDataValue;
import com.pixelmed.network.SCUSCPRoleSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedList;
import java.util.List;

/**
 * A C-GET requester that cancels (DCMTK's getscu cannot): it takes the C-STOREs of a series' C-GET and sends a
 * C-CANCEL-RQ after the {@code after}-th, either before answering that C-STORE (so the cancel comes among the
 * sub-operation's responses) or right after (so it waits between sub-operations). Built on PixelMed's association.
 */
public final class CancellingGetScu {
    private static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final byte GET_CONTEXT = 1;
    private static final byte STORE_CONTEXT = 3;

    /** How the C-GET ended: C-STOREs received, and the final response's status and counts. */
    public record Result(int stored, int status, int completed, int remaining, int pendingResponses) {
    }

    private CancellingGetScu() {
    }

    public static Result getSeries(int port, String callingAe, String sopClass, String study, String series, int after,
                                   boolean beforeResponse) throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext(GET_CONTEXT, STUDY_ROOT_GET, new LinkedList<>(List.of(IMPLICIT_LE))));
        contexts.add(new PresentationContext(STORE_CONTEXT, sopClass, new LinkedList<>(List.of(IMPLICIT_LE))));
        LinkedList<SCUSCPRoleSelection> roles = new LinkedList<>(List.of(new SCUSCPRoleSelection(sopClass, false, true)));
        Association a = AssociationFactory.createNewAssociation("127.0.0.1", port, "MIST", callingAe, contexts, roles, false, 0);
        Result result;
        try {
            CGetRequestCommandMessage get = new CGetRequestCommandMessage(STUDY_ROOT_GET);
            a.send(GET_CONTEXT, get.getBytes(), identifier(study, series));
            int stored = 0;
            int pending = 0;
            while (true) {
                Message m = new Message();
                a.setReceivedDataHandler(m);
                a.waitForPDataPDUsUntilHandlerReportsDone();
                int field = Attribute.getSingleIntegerValueOrDefault(m.command, TagFromName.CommandField, 0);
                if (field == 0x0001) {  // C-STORE-RQ
                    stored++;
                    byte[] answer = new CStoreResponseCommandMessage(
                            Attribute.getSingleStringValueOrEmptyString(m.command, TagFromName.AffectedSOPClassUID),
                            Attribute.getSingleStringValueOrEmptyString(m.command, TagFromName.AffectedSOPInstanceUID),
                            Attribute.getSingleIntegerValueOrDefault(m.command, TagFromName.MessageID, 0), 0).getBytes();
                    if (stored == after && beforeResponse) {
                        a.send(GET_CONTEXT, cancel(get.getMessageID()), null);
                    }
                    a.send(STORE_CONTEXT, answer, null);
                    if (stored == after && !beforeResponse) {
                        a.send(GET_CONTEXT, cancel(get.getMessageID()), null);
                    }
                } else if (field == 0x8010) {  // C-GET-RSP
                    int status = Attribute.getSingleIntegerValueOrDefault(m.command, TagFromName.Status, -1);
                    if (status == 0xFF00) {
                        pending++;
                        continue;
                    }
                    result = new Result(stored, status,
                            Attribute.getSingleIntegerValueOrDefault(m.command, TagFromName.NumberOfCompletedSuboperations, -1),
                            Attribute.getSingleIntegerValueOrDefault(m.command, TagFromName.NumberOfRemainingSuboperations, 0),
                            pending);
                    break;
                } else {
                    throw new AssertionError("unexpected DIMSE command 0x" + Integer.toHexString(field));
                }
            }
        } catch (Exception e) {
            try {
                a.abort();
            } catch (Exception gone) {
                e.addSuppressed(gone);
            }
            throw e;
        }
        a.release();
        return result;
    }

    /**
     * One message: its command, and its data set (if any) read and dropped. PixelMed's handler serves responses; this
     * one assembles any message's fragments itself.
     */
    private static final class Message extends CompositeResponseHandler {
        private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream();
        AttributeList command;
        private boolean commandDone;

        @Override
        public void sendPDataIndication(PDataPDU pdu, Association association) throws DicomNetworkException, DicomException,
                IOException {
            for (Object o : pdu.getPDVList()) {
                PresentationDataValue v = (PresentationDataValue) o;
                if (v.isCommand()) {
                    commandBytes.writeBytes(v.getValue());
                    if (v.isLastFragment()) {
                        command = getAttributeListFromCommandOrData(commandBytes.toByteArray(), IMPLICIT_LE);
                        commandDone = true;
                        boolean data = Attribute.getSingleIntegerValueOrDefault(command, TagFromName.CommandDataSetType, 0x0101) != 0x0101;
                        if (!data) {
                            done = true;
                        }
                    }
                } else if (v.isLastFragment() && commandDone) {
                    done = true;
                }
            }
        }

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            // not used: sendPDataIndication does the work
        }
    }

    private static byte[] identifier(String study, String series) throws Exception {
        AttributeList list = new AttributeList();
        Attribute level = new CodeStringAttribute(TagFromName.QueryRetrieveLevel);
        level.addValue("SERIES");
        list.put(level);
        Attribute st = new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID);
        st.addValue(study);
        list.put(st);
        Attribute se = new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID);
        se.addValue(series);
        list.put(se);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(new DicomOutputStream(out, null, IMPLICIT_LE));
        return out.toByteArray();
    }

    /** C-CANCEL-RQ (PS3.7 9.3.2.3): Command Field 0FFF, the C-GET's Message ID, no data set; Implicit VR LE. */
    private static byte[] cancel(int messageId) {
        ByteBuffer b = ByteBuffer.allocate(42).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 0x0000).putInt(4).putInt(30);
        b.putShort((short) 0).putShort((short) 0x0100).putInt(2).putShort((short) 0x0FFF);
        b.putShort((short) 0).putShort((short) 0x0120).putInt(2).putShort((short) messageId);
        b.putShort((short) 0).putShort((short) 0x0800).putInt(2).putShort((short) 0x0101);
        return b.array();
    }
}
