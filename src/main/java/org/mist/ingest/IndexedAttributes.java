package org.mist.ingest;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.mist.dicom.Headers;
import org.mist.store.NewInstance.PatientAttributes;
import org.mist.store.NewInstance.SeriesAttributes;
import org.mist.store.NewInstance.StudyAttributes;

/**
 * The attributes of a data set the index keeps at the patient, study and series levels (what QIDO-RS and C-FIND
 * match on), cut to their columns' sizes: read when an instance arrives and again when an update rewrites it.
 */
final class IndexedAttributes {
    private IndexedAttributes() {
    }

    static PatientAttributes patient(AttributeList a) {
        return new PatientAttributes(orEmpty(Headers.string(a, TagFromName.PatientID, 64)),
                orEmpty(Headers.string(a, TagFromName.IssuerOfPatientID, 64)), Headers.string(a, TagFromName.PatientName, 324),
                Headers.string(a, TagFromName.PatientBirthDate, 8), Headers.string(a, TagFromName.PatientSex, 16));
    }

    static StudyAttributes study(AttributeList a, String studyInstanceUid) {
        return new StudyAttributes(studyInstanceUid, Headers.string(a, TagFromName.StudyDate, 8),
                Headers.string(a, TagFromName.StudyTime, 16), Headers.string(a, TagFromName.AccessionNumber, 16),
                Headers.string(a, TagFromName.StudyID, 16), Headers.string(a, TagFromName.StudyDescription, 64),
                Headers.string(a, TagFromName.ReferringPhysicianName, 324));
    }

    static SeriesAttributes series(AttributeList a, String seriesInstanceUid, String originFormat) {
        return new SeriesAttributes(seriesInstanceUid, Headers.string(a, TagFromName.Modality, 16),
                Headers.integer(a, TagFromName.SeriesNumber), Headers.string(a, TagFromName.SeriesDescription, 64),
                Headers.string(a, TagFromName.BodyPartExamined, 16), Headers.string(a, TagFromName.SeriesDate, 8),
                Headers.string(a, TagFromName.SeriesTime, 16), originFormat);
    }

    /** The ID and its issuer are a key: "" when absent. */
    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
