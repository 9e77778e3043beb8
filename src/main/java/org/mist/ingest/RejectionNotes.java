package org.mist.ingest;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mist.archive.RejectionCode;
import org.mist.archive.Retrieve;
import org.mist.dicom.Headers;
import org.mist.store.ArchiveRejecter;
import org.mist.store.ChangeLog;

/**
 * Rejection notes received (IOCM, PS3.17 Annex KK): a Key Object Selection Document whose title is a code of CID 7011
 * hides the instances its Current Requested Procedure Evidence Sequence lists. The note is stored like any instance
 * first; then what it references is rejected. A note sent again rejects again what is not yet, so a crash between
 * the two steps is mended by sending the note once more.
 */
@ApplicationScoped
public class RejectionNotes {
    static final String KEY_OBJECT_SELECTION = "1.2.840.10008.5.1.4.1.1.88.59";

    /** A rejection note: its title and the instances it references, by study. */
    public record Note(RejectionCode code, Map<String, List<ChangeLog.Changed>> byStudy) {
    }

    @Inject
    ArchiveRejecter rejecter;
    @Inject
    Retrieve retrieve;

    /** The rejection note {@code a} is, or empty for any other instance (a Key Object Selection of another title too). */
    public static Optional<Note> read(AttributeList a) {
        if (!KEY_OBJECT_SELECTION.equals(Headers.string(a, TagFromName.SOPClassUID))) {
            return Optional.empty();
        }
        List<AttributeList> title = items(a, TagFromName.ConceptNameCodeSequence);
        if (title.isEmpty()) {
            return Optional.empty();
        }
        Optional<RejectionCode> code = RejectionCode.of(Headers.string(title.get(0), TagFromName.CodeValue),
                Headers.string(title.get(0), TagFromName.CodingSchemeDesignator));
        if (code.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<ChangeLog.Changed>> byStudy = new LinkedHashMap<>();
        for (AttributeList study : items(a, TagFromName.CurrentRequestedProcedureEvidenceSequence)) {
            String studyUid = Headers.string(study, TagFromName.StudyInstanceUID);
            for (AttributeList series : items(study, TagFromName.ReferencedSeriesSequence)) {
                String seriesUid = Headers.string(series, TagFromName.SeriesInstanceUID);
                for (AttributeList sop : items(series, TagFromName.ReferencedSOPSequence)) {
                    String sopUid = Headers.string(sop, TagFromName.ReferencedSOPInstanceUID);
                    if (studyUid != null && seriesUid != null && sopUid != null) {
                        byStudy.computeIfAbsent(studyUid, k -> new ArrayList<>()).add(new ChangeLog.Changed(seriesUid, sopUid));
                    }
                }
            }
        }
        return Optional.of(new Note(code.get(), byStudy));
    }

    /** Hides in {@code store} what {@code note} references and is not hidden yet; how many that was. */
    public int apply(String store, Note note) {
        int rejected = 0;
        for (Map.Entry<String, List<ChangeLog.Changed>> e : note.byStudy().entrySet()) {
            for (ChangeLog.Changed c : rejecter.reject(store, e.getKey(), e.getValue(), note.code().key())) {
                retrieve.forget(store, e.getKey(), c.series(), c.sop());
                rejected++;
            }
        }
        return rejected;
    }

    private static List<AttributeList> items(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(tag) instanceof SequenceAttribute s) {
            for (int i = 0; i < s.getNumberOfItems(); i++) {
                out.add(s.getItem(i).getAttributeList());
            }
        }
        return out;
    }
}
