package org.mist.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContext;
import io.quarkus.logging.Log;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.mist.formats.DicomOut;
import org.mist.formats.InstanceWriter;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * C-STORE sub-operations of a C-MOVE or C-GET: each instance goes out as the stored HTJ2K codestreams when the
 * peer accepted HTJ2K Lossless RPCL (or .201) for its SOP class, decoded to Explicit (or Implicit) VR Little
 * Endian when it did not.
 */
final class StoreSender {
    private static final List<String> PREFERENCE = List.of(DicomOut.HTJ2K_LOSSLESS_RPCL, DicomOut.HTJ2K_LOSSLESS,
            DicomOut.EXPLICIT_LE, DicomOut.IMPLICIT_LE);

    /** Sub-operation counts, as C-MOVE and C-GET responses report them, and whether the requester cancelled. */
    record Outcome(int completed, int failed, int warning, int remaining, boolean cancelled) {
        static Outcome none() {
            return new Outcome(0, 0, 0, 0, false);
        }
    }

    /** Told after each sub-operation how they stand; answers false when the requester has cancelled. */
    interface Progress {
        boolean goOn(Outcome soFar) throws java.io.IOException, DicomNetworkException;
    }

    private StoreSender() {
    }

    /** What a C-MOVE proposes to its destination: per SOP class, HTJ2K in one context and uncompressed in another. */
    static LinkedList<PresentationContext> proposal(List<InstanceRow> rows) {
        Set<String> classes = new LinkedHashSet<>();
        rows.forEach(r -> classes.add(r.sopClassUid()));
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        int id = 1;
        for (String c : classes) {
            LinkedList<String> htj2k = new LinkedList<>(List.of(DicomOut.HTJ2K_LOSSLESS_RPCL, DicomOut.HTJ2K_LOSSLESS));
            contexts.add(new PresentationContext((byte) id, c, htj2k));
            contexts.add(new PresentationContext((byte) (id + 2), c, new LinkedList<>(List.of(DicomOut.EXPLICIT_LE, DicomOut.IMPLICIT_LE))));
            id += 4;
            if (id > 255) {
                throw new IllegalArgumentException("more SOP classes than one association can carry");
            }
        }
        return contexts;
    }

    static Outcome send(Association a, List<InstanceRow> rows, InstanceWriter writer, String originatorAe, int originatorId,
                        Progress progress) {
        int completed = 0;
        int failed = 0;
        int warning = 0;
        for (InstanceRow row : rows) {
            if (completed + failed + warning > 0) {
                try {
                    if (!progress.goOn(new Outcome(completed, failed, warning, rows.size() - completed - failed - warning, false))) {
                        return new Outcome(completed, failed, warning, rows.size() - completed - failed - warning, true);
                    }
                } catch (java.io.IOException | DicomNetworkException e) {
                    Log.warnf("C-MOVE/C-GET stopped, its requester's association failed: %s", e.getMessage());
                    return new Outcome(completed, failed, warning, rows.size() - completed - failed - warning, true);
                }
            }
            try {
                Sent sent = sendOne(a, row, writer, originatorAe, originatorId);
                int status = sent.status();
                if (sent.cancelled()) {  // a C-GET's requester cancelled while this sub-operation ran
                    completed += status == 0 ? 1 : 0;
                    warning += (status & 0xF000) == 0xB000 ? 1 : 0;
                    failed += status != 0 && (status & 0xF000) != 0xB000 ? 1 : 0;
                    return new Outcome(completed, failed, warning, rows.size() - completed - failed - warning, true);
                }
                if (status == 0) {
                    completed++;
                } else if ((status & 0xF000) == 0xB000) {
                    warning++;
                } else {
                    failed++;
                    Log.infof("C-STORE of %s to %s answered 0x%04X", row.sopInstanceUid(), a.getCalledAETitle(), status);
                }
            } catch (DicomNetworkException e) {
                failed += rows.size() - completed - warning - failed;  // the association is gone: the rest fail too
                Log.warnf("C-STORE sub-operations to %s stopped: %s", a.getCalledAETitle(), e.getMessage());
                break;
            } catch (Exception e) {
                failed++;
                Log.warnf("C-STORE of %s to %s failed: %s", row.sopInstanceUid(), a.getCalledAETitle(), e.getMessage());
            }
        }
        return new Outcome(completed, failed, warning, 0, false);
    }

    /** A sub-operation's status, and whether a C-CANCEL came on its association meanwhile. */
    private record Sent(int status, boolean cancelled) {
    }

    private static Sent sendOne(Association a, InstanceRow row, InstanceWriter writer, String originatorAe, int originatorId)
            throws Exception {
        for (String ts : PREFERENCE) {
            byte context;
            try {
                context = a.getSuitablePresentationContextID(row.sopClassUid(), ts);
            } catch (DicomNetworkException notAccepted) {
                continue;
            }
            InstanceWriter.Part10 data = writer.write(row, ts, 0, false);
            if (!data.transferSyntax().equals(ts)) {
                continue;  // not expressible in HTJ2K without change: try the next syntax
            }
            StoreResponse response = new StoreResponse();
            a.setReceivedDataHandler(response);
            CStoreRequestCommandMessage request = originatorAe == null
                    ? new CStoreRequestCommandMessage(row.sopClassUid(), row.sopInstanceUid())
                    : new CStoreRequestCommandMessage(row.sopClassUid(), row.sopInstanceUid(), originatorAe, originatorId);
            send(a, context, request.getBytes(), data.bytes());
            a.waitForCommandPDataPDUs();
            boolean cancelled = false;
            while (response.cancel) {
                // A C-GET's sub-operations share its association, so its C-CANCEL can come before the response
                // this sub-operation waits for: noted, and the response read next.
                cancelled = true;
                response = new StoreResponse();
                a.setReceivedDataHandler(response);
                a.waitForCommandPDataPDUs();
            }
            return new Sent(response.getStatus(), cancelled);
        }
        throw new IllegalStateException("the peer accepted no transfer syntax MIST can send " + row.sopClassUid() + " in");
    }

    /**
     * A command and its data set. The data goes through PixelMed's association output stream, which cuts it
     * into PDUs no longer than the peer's maximum ({@code Association.send} puts it in one PDU, which peers with
     * the usual 16 KiB limit refuse).
     */
    static void send(Association a, byte context, byte[] command, byte[] data) throws DicomNetworkException, java.io.IOException {
        a.send(context, command, null);
        try (java.io.OutputStream out = a.getAssociationOutputStream(context)) {
            out.write(data);
        }
    }

    /** Reads a C-STORE response's status, or notes a C-CANCEL-RQ (PS3.7 9.3.2.3) that came instead. */
    private static final class StoreResponse extends CompositeResponseHandler {
        private static final int C_CANCEL = 0x0FFF;
        boolean cancel;

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            cancel = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.CommandField, 0) == C_CANCEL;
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, 0xFFFF);
            success = status == 0;
        }
    }
}
