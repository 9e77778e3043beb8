package org.mist.store;

/**
 * What the archive records of an instance besides its objects, taken from the data set by the ingest: the
 * attributes QIDO-RS matches on at each level of the hierarchy, and what identifies the content received.
 */
public record NewInstance(String store, PatientAttributes patient, StudyAttributes study, SeriesAttributes series,
                          InstanceAttributes instance, Received received) {

    /** Patient level; the ID and its issuer are "" when absent (they are a key). */
    public record PatientAttributes(String id, String issuer, String name, String birthDate, String sex) {
        public static final PatientAttributes NONE = new PatientAttributes("", "", null, null, null);
    }

    public record StudyAttributes(String studyInstanceUid, String date, String time, String accessionNumber, String studyId,
                                  String description, String referringPhysicianName) {
    }

    /** Series level; {@code originFormat} is the form the data arrived in (DICOM, NIFTI, PNG, JPEG). */
    public record SeriesAttributes(String seriesInstanceUid, String modality, Integer number, String description,
                                   String bodyPartExamined, String date, String time, String originFormat) {
    }

    public record InstanceAttributes(String sopInstanceUid, String sopClassUid, Integer number, String sourceTransferSyntaxUid,
                                     Integer rows, Integer columns, int numberOfFrames, String photometricInterpretation) {
    }

    /** The content as received: its digest (the same instance sent again is recognised), size, and file name if any. */
    public record Received(String contentSha256, long bytes, String sourceName) {
    }

    public String studyInstanceUid() {
        return study.studyInstanceUid();
    }

    public String seriesInstanceUid() {
        return series.seriesInstanceUid();
    }

    public String sopInstanceUid() {
        return instance.sopInstanceUid();
    }

    /** Key prefix of this instance's objects. */
    public String objectPrefix() {
        return ObjectKeys.instancePrefix(store, studyInstanceUid(), seriesInstanceUid(), sopInstanceUid());
    }
}
