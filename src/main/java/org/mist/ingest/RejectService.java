package org.mist.ingest;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mist.archive.Refusal;
import org.mist.archive.RejectionCode;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.archive.TempSpace;
import org.mist.dicom.TransferSyntax;
import org.mist.dicom.Uids;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * {@code POST .../studies/{study}[/series/{series}]/reject/{value}^{scheme}} (the request OHIF sends, as
 * dcm4chee answers it): MIST writes the rejection note a modality would have sent (a Key Object Selection
 * Document titled with the CID 7011 code, referencing every instance named, PS3.16 TID 2010) and ingests it like
 * one received, so the note is kept in the study and the instances are hidden the same way.
 */
@ApplicationScoped
public class RejectService {
    private static final AttributeTag[] PATIENT_AND_STUDY = {TagFromName.SpecificCharacterSet, TagFromName.PatientName,
        TagFromName.PatientID, TagFromName.IssuerOfPatientID, TagFromName.PatientBirthDate, TagFromName.PatientSex,
        TagFromName.StudyInstanceUID, TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.ReferringPhysicianName,
        TagFromName.StudyID, TagFromName.AccessionNumber};

    /** What a reject did: the note stored and how many instances it hid. */
    public record Outcome(String rejectionNote, int rejected) {
    }

    @Inject
    Retrieve retrieve;
    @Inject
    DicomIngest ingest;
    @Inject
    TempSpace temp;

    public Outcome reject(Scope scope, String code) {
        RejectionCode reason = RejectionCode.parse(code);
        if (scope.study() == null || scope.sop() != null) {
            throw Refusal.BAD_REQUEST.because("a reject names a study or a series");
        }
        // Earlier rejection notes stay: they record what was rejected, and are not what a user rejects.
        List<InstanceRow> rows = retrieve.instances(scope).stream().filter(r -> !isRejectionNote(r)).toList();
        if (rows.isEmpty()) {
            throw Refusal.NOT_FOUND.because("no instance to reject in " + scope.describe() + " but rejection notes");
        }
        AttributeList note = note(retrieve.header(rows.get(0)), rows, reason);
        String uid = Attribute.getSingleStringValueOrNull(note, TagFromName.SOPInstanceUID);
        Path file = null;
        try {
            file = temp.newFile("rejection-note-", ".dcm");
            FileMetaInformation.addFileMetaInformation(note, TransferSyntax.EXPLICIT_LE.uid(), "MIST");
            note.write(file.toFile(), TransferSyntax.EXPLICIT_LE.uid(), true, true);
            IngestResult r = ingest.ingest(file, scope.store(), scope.study());
            if (!r.stored()) {
                throw new IllegalStateException("the rejection note was not stored: " + r.failure().reason());
            }
        } catch (IOException | DicomException e) {
            throw new IllegalStateException("writing a rejection note failed: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the temporary folder is cleared at the next start
                }
            }
        }
        return new Outcome(uid, rows.size());
    }

    private boolean isRejectionNote(InstanceRow r) {
        return RejectionNotes.KEY_OBJECT_SELECTION.equals(r.sopClassUid()) && RejectionNotes.read(retrieve.header(r)).isPresent();
    }

    /** The note: patient and study of the rejected instances, a series of its own, the code, the references. */
    private static AttributeList note(AttributeList source, List<InstanceRow> rows, RejectionCode reason) {
        try {
            AttributeList n = new AttributeList();
            for (AttributeTag t : PATIENT_AND_STUDY) {
                if (source.get(t) != null) {
                    n.put(source.get(t));
                }
            }
            String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            put(n, TagFromName.SOPClassUID, RejectionNotes.KEY_OBJECT_SELECTION);
            put(n, TagFromName.SOPInstanceUID, Uids.random());
            put(n, TagFromName.SeriesInstanceUID, Uids.random());
            put(n, TagFromName.Modality, "KO");
            put(n, TagFromName.SeriesNumber, "9999");
            put(n, TagFromName.InstanceNumber, "1");
            put(n, TagFromName.Manufacturer, "MIST");
            put(n, TagFromName.ContentDate, now.substring(0, 8));
            put(n, TagFromName.ContentTime, now.substring(8));
            put(n, TagFromName.ValueType, "CONTAINER");
            put(n, TagFromName.ContinuityOfContent, "SEPARATE");
            n.put(new SequenceAttribute(TagFromName.ReferencedPerformedProcedureStepSequence));
            sequence(n, TagFromName.ConceptNameCodeSequence, code(reason));
            AttributeList template = new AttributeList();
            put(template, TagFromName.MappingResource, "DCMR");
            put(template, TagFromName.TemplateIdentifier, "2010");
            sequence(n, TagFromName.ContentTemplateSequence, template);

            Map<String, List<InstanceRow>> bySeries = new LinkedHashMap<>();
            rows.forEach(r -> bySeries.computeIfAbsent(r.series(), k -> new ArrayList<>()).add(r));
            AttributeList study = new AttributeList();
            put(study, TagFromName.StudyInstanceUID, rows.get(0).study());
            SequenceAttribute seriesSequence = new SequenceAttribute(TagFromName.ReferencedSeriesSequence);
            SequenceAttribute content = new SequenceAttribute(TagFromName.ContentSequence);
            for (Map.Entry<String, List<InstanceRow>> e : bySeries.entrySet()) {
                AttributeList series = new AttributeList();
                put(series, TagFromName.SeriesInstanceUID, e.getKey());
                SequenceAttribute sops = new SequenceAttribute(TagFromName.ReferencedSOPSequence);
                for (InstanceRow r : e.getValue()) {
                    sops.addItem(reference(r));
                    AttributeList item = new AttributeList();
                    put(item, TagFromName.RelationshipType, "CONTAINS");
                    put(item, TagFromName.ValueType, r.hasPixels() ? "IMAGE" : "COMPOSITE");
                    sequence(item, TagFromName.ReferencedSOPSequence, reference(r));
                    content.addItem(item);
                }
                series.put(sops);
                seriesSequence.addItem(series);
            }
            study.put(seriesSequence);
            sequence(n, TagFromName.CurrentRequestedProcedureEvidenceSequence, study);
            n.put(content);
            return n;
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AttributeList code(RejectionCode reason) throws DicomException {
        AttributeList c = new AttributeList();
        put(c, TagFromName.CodeValue, reason.value);
        put(c, TagFromName.CodingSchemeDesignator, RejectionCode.SCHEME);
        put(c, TagFromName.CodeMeaning, reason.meaning);
        return c;
    }

    private static AttributeList reference(InstanceRow r) throws DicomException {
        AttributeList ref = new AttributeList();
        put(ref, TagFromName.ReferencedSOPClassUID, r.sopClassUid());
        put(ref, TagFromName.ReferencedSOPInstanceUID, r.sopInstanceUid());
        return ref;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        list.putNewAttribute(tag).addValue(value);
    }

    private static void sequence(AttributeList list, AttributeTag tag, AttributeList item) {
        SequenceAttribute s = new SequenceAttribute(tag);
        s.addItem(item);
        list.put(s);
    }
}
