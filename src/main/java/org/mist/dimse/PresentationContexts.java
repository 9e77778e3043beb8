package org.mist.dimse;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.mist.dicom.TransferSyntax;

/**
 * Which presentation contexts MIST accepts (PS3.8 9.3.3.2): Verification, the Patient and Study Root
 * Find/Move/Get models, and every storage SOP class, image or not, in any transfer syntax MIST can ingest (the
 * first one the peer proposes, so data arrives as it was sent). Anything else is refused with the reason:
 * abstract syntax not supported (3) or transfer syntaxes not supported (4).
 */
final class PresentationContexts implements PresentationContextSelectionPolicy {
    static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
    static final String PATIENT_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.1.2";
    static final String PATIENT_ROOT_GET = "1.2.840.10008.5.1.4.1.2.1.3";
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";
    private static final Set<String> QUERY_RETRIEVE = Set.of(PATIENT_ROOT_FIND, PATIENT_ROOT_MOVE, PATIENT_ROOT_GET,
            STUDY_ROOT_FIND, STUDY_ROOT_MOVE, STUDY_ROOT_GET);
    private static final List<String> UNCOMPRESSED = List.of(TransferSyntax.EXPLICIT_LE.uid(), TransferSyntax.IMPLICIT_LE.uid());
    /** PS3.4 Annex B's storage SOP classes are numbered under this root (PixelMed's own list lags new ones). */
    private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";
    private static final byte ACCEPTED = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber, int debugLevel) {
        return applyPresentationContextSelectionPolicy(contexts, associationNumber);
    }

    @Override
    @SuppressWarnings("unchecked")
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber) {
        for (Object o : contexts) {
            PresentationContext pc = (PresentationContext) o;
            String abstractSyntax = pc.getAbstractSyntaxUID();
            List<String> proposed = (List<String>) pc.getTransferSyntaxUIDs();
            String chosen = null;
            byte result;
            if (SOPClass.isStorage(abstractSyntax) || abstractSyntax.startsWith(STORAGE_ROOT)) {
                chosen = proposed.stream().filter(ts -> TransferSyntax.of(ts).isPresent()).findFirst().orElse(null);
                result = chosen != null ? ACCEPTED : TRANSFER_SYNTAXES_NOT_SUPPORTED;
            } else if (SOPClass.isVerification(abstractSyntax) || QUERY_RETRIEVE.contains(abstractSyntax)) {
                chosen = UNCOMPRESSED.stream().filter(proposed::contains).findFirst().orElse(null);
                result = chosen != null ? ACCEPTED : TRANSFER_SYNTAXES_NOT_SUPPORTED;
            } else {
                result = ABSTRACT_SYNTAX_NOT_SUPPORTED;
            }
            pc.setResultReason(result);
            pc.newTransferSyntaxUIDs();
            if (chosen != null) {
                pc.addTransferSyntaxUID(chosen);
            }
        }
        return contexts;
    }
}
