package org.mist.store;

/**
 * What the archive records of an instance besides its objects: the keys and the attributes QIDO-RS
 * matches on, taken from the data set by the ingest.
 */
public record NewInstance(
        String store,
        String patientId, String issuerOfPatientId, String patientName, String patientBirthDate, String patientSex,
        String studyInstanceUid, String studyDate, String studyTime, String accessionNumber, String studyId,
        String studyDescription, String referringPhysicianName,
        String seriesInstanceUid, String modality, Integer seriesNumber, String seriesDescription,
        String bodyPartExamined, String seriesDate, String seriesTime, String originFormat,
        String sopInstanceUid, String sopClassUid, Integer instanceNumber, String sourceTransferSyntaxUid,
        Integer rows, Integer columns, int numberOfFrames, String photometricInterpretation,
        String contentSha256, long receivedBytes, String sourceName) {

    /** Key prefix of this instance's objects. */
    public String objectPrefix() {
        return ObjectKeys.instancePrefix(store, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
    }
}
