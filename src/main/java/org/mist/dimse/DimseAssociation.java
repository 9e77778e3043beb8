package org.mist.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CEchoResponseCommandMessage;
import com.pixelmed.network.CFindResponseCommandMessage;
import com.pixelmed.network.CGetResponseCommandMessage;
import com.pixelmed.network.CMoveResponseCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import com.pixelmed.network.ResponseStatus;
import io.quarkus.logging.Log;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.mist.archive.Meters;
import org.mist.archive.TempSpace;
import org.mist.dicom.TransferSyntax;
import org.mist.ingest.IngestResult;
import org.mist.store.ArchiveIndex;

/**
 * One association, from acceptance to release or abort: each request message (command, then its data set)
 * is read by a {@link Message} handler, then answered. PixelMed negotiates the association and frames the
 * PDUs; MIST builds every response, so a C-STORE is answered with the ingest's real status, not a blanket
 * success. A C-STORE's data set is streamed to a temporary Part 10 file (kept in memory when small) and ingested
 * only when complete: an association that breaks or aborts mid-transfer leaves neither rows nor objects.
 */
final class DimseAssociation {
    private static final int C_STORE = 0x0001;
    private static final int C_GET = 0x0010;
    private static final int C_FIND = 0x0020;
    private static final int C_MOVE = 0x0021;
    private static final int C_ECHO = 0x0030;
    private static final int C_CANCEL = 0x0FFF;
    private static final int NO_DATA_SET = 0x0101;
    private static final int PENDING = 0xFF00;
    private static final int CANCELLED = 0xFE00;
    /** A C-FIND/C-MOVE/C-GET identifier is a few keys; one larger than this is not a query. */
    private static final int MAX_IDENTIFIER_BYTES = 1 << 20;

    private final ReplayingSocket socket;
    private final DimseSettings settings;
    private final DimseServices services;
    private final CallingAes.Entry allowed;
    private final String address;

    DimseAssociation(ReplayingSocket socket, DimseSettings settings, DimseServices services, CallingAes.Entry allowed,
                     String address) {
        this.socket = socket;
        this.settings = settings;
        this.services = services;
        this.allowed = allowed;
        this.address = address;
    }

    void run() {
        Association association = null;
        Message message = null;
        try {
            association = AssociationFactory.createNewAssociation(socket, settings.aeTitle(), settings.maxPduLength(),
                    AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(),
                    new PresentationContexts());
            while (true) {
                message = new Message();
                association.setReceivedDataHandler(message);
                association.waitForPDataPDUsUntilHandlerReportsDone();
                message.closeData();
                answer(association, message);
                message.discard();
            }
        } catch (AReleaseException e) {
            // the peer released the association: the normal end
        } catch (DicomNetworkException | IOException | com.pixelmed.dicom.DicomException | RuntimeException e) {
            // A peer's abort, a dropped connection or the idle timeout: routine, one line, no stack trace.
            Log.infof("DICOM association with %s ended: %s", association == null ? socket.getInetAddress()
                    : association.getCallingAETitle(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            if (message != null) {
                message.discard();  // a C-STORE cut off mid-transfer: its partial file goes, nothing was ingested
            }
        }
    }

    private void answer(Association a, Message m) throws IOException, com.pixelmed.dicom.DicomException, DicomNetworkException {
        AttributeList cmd = m.command;
        int field = Attribute.getSingleIntegerValueOrDefault(cmd, TagFromName.CommandField, 0);
        int messageId = Attribute.getSingleIntegerValueOrDefault(cmd, TagFromName.MessageID, 0);
        String sopClass = Attribute.getSingleStringValueOrEmptyString(cmd, TagFromName.AffectedSOPClassUID);
        CallingAes.Operation op = switch (field) {
            case C_STORE -> CallingAes.Operation.STORE;
            case C_FIND -> CallingAes.Operation.FIND;
            case C_MOVE -> CallingAes.Operation.MOVE;
            case C_GET -> CallingAes.Operation.GET;
            default -> null;
        };
        if (op != null && !allowed.may(op)) {
            refuse(a, m, field, sopClass, messageId, op);
            return;
        }
        switch (field) {
            case C_ECHO -> {
                a.send(m.contextId, new CEchoResponseCommandMessage(sopClass, messageId, ResponseStatus.Success).getBytes(), null);
                Meters.dimse("C-ECHO", ResponseStatus.Success);
            }
            case C_STORE -> {
                String sop = Attribute.getSingleStringValueOrEmptyString(cmd, TagFromName.AffectedSOPInstanceUID);
                IngestResult r = m.spool == null || m.refusal != null ? null : services.store(m.spool.bytes(), allowed.store());
                int status = m.refusal != null ? DimseRefusals.OUT_OF_RESOURCES
                        : r == null ? DimseRefusals.DOES_NOT_MATCH_SOP_CLASS
                        : r.stored() ? ResponseStatus.Success : DimseRefusals.storeStatus(r.failureReason());
                String reason = m.refusal != null ? m.refusal : r == null ? "the request carried no data set" : r.reason();
                if (status != ResponseStatus.Success) {
                    Log.infof("C-STORE of %s from %s refused (0x%04X): %s", sop, a.getCallingAETitle(), status, reason);
                }
                a.send(m.contextId, StoreResponses.of(sopClass, sop, messageId, status, reason), null);
                done(a, "C-STORE", status);
            }
            case C_FIND -> done(a, "C-FIND", find(a, m, sopClass, messageId));
            case C_MOVE, C_GET -> done(a, field == C_MOVE ? "C-MOVE" : "C-GET", retrieve(a, m, field, sopClass, messageId));
            case C_CANCEL -> {
                // C-FIND matches are all sent before the next message is read, and a C-MOVE's or C-GET's cancel is
                // taken while it runs (CancelWatch, StoreSender): one read here comes too late to stop anything
            }
            default -> throw new DicomNetworkException("DIMSE command 0x" + Integer.toHexString(field) + " is not supported");
        }
    }

    private void done(Association a, String operation, int status) {
        Meters.dimse(operation, status);
        services.audit(operation, a.getCallingAETitle(), address, allowed.store(), status);
    }

    /** An operation the calling AE is not listed for: Refused, Not Authorized (PS3.7 C.5), with the reason. */
    private void refuse(Association a, Message m, int field, String sopClass, int messageId, CallingAes.Operation op)
            throws IOException, com.pixelmed.dicom.DicomException, DicomNetworkException {
        String operation = "C-" + op.name();
        String reason = "calling AE title " + a.getCallingAETitle() + " may not " + op.name().toLowerCase(java.util.Locale.ROOT)
                + " here (mist.dimse.callers)";
        Log.infof("%s from %s refused: %s", operation, a.getCallingAETitle(), reason);
        int status = DimseRefusals.NOT_AUTHORIZED;
        byte[] response = switch (field) {
            case C_STORE -> StoreResponses.of(sopClass, Attribute.getSingleStringValueOrEmptyString(m.command,
                    TagFromName.AffectedSOPInstanceUID), messageId, status, reason);
            case C_FIND -> new CFindResponseCommandMessage(sopClass, messageId, status, false, null, reason).getBytes();
            case C_MOVE -> new CMoveResponseCommandMessage(sopClass, messageId, status, false, null, reason).getBytes();
            default -> new CGetResponseCommandMessage(sopClass, messageId, status, false, null, reason).getBytes();
        };
        a.send(m.contextId, response, null);
        done(a, operation, status);
    }

    /** Answers a C-FIND: its final status. */
    private int find(Association a, Message m, String sopClass, int messageId) throws IOException,
            com.pixelmed.dicom.DicomException, DicomNetworkException {
        String ts = a.getTransferSyntaxForPresentationContextID(m.contextId);
        List<AttributeList> matches;
        try {
            matches = services.find(allowed.store(), m.identifier(ts));
        } catch (RuntimeException e) {
            DimseRefusals.Answer refused = DimseRefusals.answer(e, "C-FIND");
            a.send(m.contextId, new CFindResponseCommandMessage(sopClass, messageId, refused.status(), false, null,
                    refused.comment()).getBytes(), null);
            return refused.status();
        }
        for (AttributeList match : matches) {
            StoreSender.send(a, m.contextId, new CFindResponseCommandMessage(sopClass, messageId, PENDING, true).getBytes(), encode(match, ts));
        }
        a.send(m.contextId, new CFindResponseCommandMessage(sopClass, messageId, ResponseStatus.Success, false).getBytes(), null);
        return ResponseStatus.Success;
    }

    /** Answers a C-MOVE or C-GET: its final status. */
    private int retrieve(Association a, Message m, int field, String sopClass, int messageId) throws IOException,
            com.pixelmed.dicom.DicomException, DicomNetworkException {
        String ts = a.getTransferSyntaxForPresentationContextID(m.contextId);
        String destination = Attribute.getSingleStringValueOrEmptyString(m.command, TagFromName.MoveDestination).trim();
        String address = field == C_MOVE ? settings.destinations().get(destination) : null;
        if (field == C_MOVE && address == null) {
            Log.infof("C-MOVE from %s to unknown destination \"%s\" refused", a.getCallingAETitle(), destination);
            a.send(m.contextId, new CMoveResponseCommandMessage(sopClass, messageId, ResponseStatus.RefusedMoveDestinationUnknown,
                    false, null, "move destination \"" + destination + "\" is not configured (mist.dimse.destinations)").getBytes(), null);
            return ResponseStatus.RefusedMoveDestinationUnknown;
        }
        List<ArchiveIndex.InstanceRow> rows;
        try {
            rows = services.instances(allowed.store(), m.identifier(ts));
        } catch (RuntimeException e) {
            DimseRefusals.Answer r = DimseRefusals.answer(e, field == C_MOVE ? "C-MOVE" : "C-GET");
            byte[] refusal = field == C_MOVE
                    ? new CMoveResponseCommandMessage(sopClass, messageId, r.status(), false, null, r.comment()).getBytes()
                    : new CGetResponseCommandMessage(sopClass, messageId, r.status(), false, null, r.comment()).getBytes();
            a.send(m.contextId, refusal, null);
            return r.status();
        }
        // A pending response after each sub-operation with the counts so far (PS3.4 C.4.2.1.5); the requester may
        // cancel in between (a C-GET's cancel may also come among its C-STORE responses: StoreSender takes it there).
        CancelWatch cancels = socket.cancelWatch();
        StoreSender.Progress progress = soFar -> {
            a.send(m.contextId, response(field, sopClass, messageId, PENDING, soFar), null);
            return !cancels.arrived(messageId);
        };
        StoreSender.Outcome outcome;
        if (rows.isEmpty()) {
            outcome = StoreSender.Outcome.none();
        } else if (field == C_MOVE) {
            outcome = moveTo(destination, address, rows, a.getCallingAETitle(), messageId, progress);
        } else {
            outcome = StoreSender.send(a, rows, services.writer(), null, 0, progress);
        }
        int status = outcome.cancelled() ? CANCELLED : outcome.failed() > 0 ? ResponseStatus.SubOperationsCompleteOneOrMoreFailures
                : ResponseStatus.SubOperationsCompleteNoFailures;
        if (outcome.cancelled()) {
            Log.infof("C-MOVE/C-GET from %s cancelled with %d of %d sub-operations left", a.getCallingAETitle(),
                    outcome.remaining(), rows.size());
        }
        a.send(m.contextId, response(field, sopClass, messageId, status, outcome), null);
        return status;
    }

    private static byte[] response(int field, String sopClass, int messageId, int status, StoreSender.Outcome o) throws IOException {
        try {
            return field == C_MOVE
                    ? new CMoveResponseCommandMessage(sopClass, messageId, status, false, o.remaining(), o.completed(), o.failed(),
                            o.warning()).getBytes()
                    : new CGetResponseCommandMessage(sopClass, messageId, status, false, o.remaining(), o.completed(), o.failed(),
                            o.warning()).getBytes();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException(e);
        }
    }

    /** A C-MOVE's sub-operations, on an association of our own to the destination. */
    private StoreSender.Outcome moveTo(String destination, String address, List<ArchiveIndex.InstanceRow> rows,
                                       String originator, int messageId, StoreSender.Progress progress) {
        int colon = address.lastIndexOf(':');
        Association out;
        try {
            out = AssociationFactory.createNewAssociation(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                    destination, settings.aeTitle(), StoreSender.proposal(rows), null, false);
        } catch (DicomNetworkException | IOException | RuntimeException e) {
            Log.warnf("C-MOVE destination %s at %s refused or unreachable: %s", destination, address, e.getMessage());
            return new StoreSender.Outcome(0, rows.size(), 0, 0, false);
        }
        StoreSender.Outcome outcome = StoreSender.send(out, rows, services.writer(), originator, messageId, progress);
        try {
            out.release();
        } catch (DicomNetworkException e) {
            Log.debugf("C-MOVE destination %s did not release cleanly: %s", destination, e.getMessage());
        }
        return outcome;
    }

    private static byte[] encode(AttributeList list, String ts) throws IOException, com.pixelmed.dicom.DicomException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        DicomOutputStream dos = new DicomOutputStream(out, null, ts);
        list.write(dos);
        dos.flush();
        return out.toByteArray();
    }

    /**
     * One request message as its PDUs arrive: the command, then its data set, kept in memory for C-FIND/MOVE/GET
     * identifiers and streamed to a temporary Part 10 file for C-STORE. (It extends PixelMed's response handler
     * only because that is the public way to a ReceivedDataHandler; all of its receiving is replaced.)
     */
    private final class Message extends CompositeResponseHandler {
        private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream(256);
        private ByteArrayOutputStream identifierBytes;
        private AttributeList command;
        private byte contextId;
        private TempSpace.Spool spool;
        private OutputStream data;
        /** Why a C-STORE data set is being dropped as it arrives (over a limit); answered when it is complete. */
        private String refusal;

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            // not a response: nothing to evaluate
        }

        @Override
        public void sendPDataIndication(PDataPDU pdu, Association association) throws DicomNetworkException,
                com.pixelmed.dicom.DicomException, IOException {
            for (Object o : pdu.getPDVList()) {
                PresentationDataValue pdv = (PresentationDataValue) o;
                contextId = pdv.getPresentationContextID();
                if (pdv.isCommand()) {
                    commandBytes.write(pdv.getValue());
                    if (pdv.isLastFragment()) {
                        command = new AttributeList();
                        command.read(new DicomInputStream(new ByteArrayInputStream(commandBytes.toByteArray()),
                                TransferSyntax.IMPLICIT_LE.uid(), false));
                        if (Attribute.getSingleIntegerValueOrDefault(command, TagFromName.CommandDataSetType, NO_DATA_SET) == NO_DATA_SET) {
                            setDone(true);
                        }
                    }
                } else {
                    if (command == null) {
                        throw new DicomNetworkException("a data set arrived before its command");
                    }
                    try {
                        dataStream(association).write(pdv.getValue());
                    } catch (TempSpace.TooLarge | TempSpace.Full e) {
                        refusal = e instanceof TempSpace.Full ? e.getMessage() : "the data set is " + e.getMessage();
                        spool.release();
                        data = OutputStream.nullOutputStream();
                    }
                    if (identifierBytes != null && identifierBytes.size() > MAX_IDENTIFIER_BYTES) {
                        throw new DicomNetworkException("an identifier over " + MAX_IDENTIFIER_BYTES + " bytes");
                    }
                    if (pdv.isLastFragment()) {
                        setDone(true);
                    }
                }
            }
        }

        private OutputStream dataStream(Association association) throws IOException, DicomNetworkException,
                com.pixelmed.dicom.DicomException {
            if (data == null) {
                if (Attribute.getSingleIntegerValueOrDefault(command, TagFromName.CommandField, 0) == C_STORE) {
                    spool = services.temp().receive("cstore-", ".dcm", services.maxInstanceBytes());
                    data = new BufferedOutputStream(spool, 1 << 16);
                    // A Part 10 file: the ingest reads what STOW-RS and the CLI give it.
                    AttributeList meta = new FileMetaInformation(
                            Attribute.getSingleStringValueOrEmptyString(command, TagFromName.AffectedSOPClassUID),
                            Attribute.getSingleStringValueOrEmptyString(command, TagFromName.AffectedSOPInstanceUID),
                            association.getTransferSyntaxForPresentationContextID(contextId), settings.aeTitle()).getAttributeList();
                    DicomOutputStream dos = new DicomOutputStream(data, TransferSyntax.EXPLICIT_LE.uid(), null);
                    meta.write(dos);
                    dos.flush();
                } else {
                    identifierBytes = new ByteArrayOutputStream(1024);
                    data = identifierBytes;
                }
            }
            return data;
        }

        AttributeList identifier(String ts) throws IOException, com.pixelmed.dicom.DicomException {
            AttributeList list = new AttributeList();
            if (identifierBytes != null) {
                list.read(new DicomInputStream(new ByteArrayInputStream(identifierBytes.toByteArray()), ts, false));
            }
            return list;
        }

        void closeData() throws IOException {
            if (data != null) {
                data.close();
            }
        }

        void discard() {
            try {
                closeData();
            } catch (IOException e) {
                // dropping it anyway
            }
            if (spool != null) {
                spool.release();
            }
        }
    }
}
