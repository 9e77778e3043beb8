package org.mist.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Real DICOM files with some attributes changed, for tests that need fresh UIDs or broken values. */
public final class DicomFiles {
    private DicomFiles() {
    }

    /** A fresh UID (2.25 + a random UUID as a number). */
    public static String newUid() {
        UUID u = UUID.randomUUID();
        BigInteger b = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + b;
    }

    /** {@code source} rewritten (same transfer syntax) with the given attribute values, in a temporary file. */
    public static Path withValues(Path source, Map<AttributeTag, String> values) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(source.toString());
        String ts = Attribute.getSingleStringValueOrNull(list, TagFromName.TransferSyntaxUID);
        for (Map.Entry<AttributeTag, String> e : values.entrySet()) {
            Attribute a = list.get(e.getKey());
            if (a == null) {
                a = new UniqueIdentifierAttribute(e.getKey());
                list.put(a);
            }
            a.removeValues();
            a.addValue(e.getValue());
        }
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, ts, "MISTTEST");
        Path out = Files.createTempFile("mist-test-", ".dcm");
        list.write(out.toFile(), ts, true, true);
        out.toFile().deleteOnExit();
        return out;
    }

    /** {@code source} with fresh Study, Series and SOP Instance UIDs (the study's unless given). */
    public static Path fresh(Path source, String study) throws Exception {
        return fresh(source, study, newUid());
    }

    /** {@code source} with a fresh SOP Instance UID in the given study and series. */
    public static Path fresh(Path source, String study, String series) throws Exception {
        return withValues(source, Map.of(TagFromName.StudyInstanceUID, study == null ? newUid() : study,
                TagFromName.SeriesInstanceUID, series, TagFromName.SOPInstanceUID, newUid()));
    }

    /**
     * Slice {@code n} (1-based) of the shared data's CT series as a new instance of {@code study}/{@code series},
     * of patient {@code patient} (needs {@code ../shared/data/dicom/ct-series}).
     */
    public static Path ctSlice(int n, String study, String series, String patient) throws Exception {
        return withValues(SharedData.require(String.format("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-%03d.dcm", n)),
                Map.of(TagFromName.StudyInstanceUID, study, TagFromName.SeriesInstanceUID, series,
                        TagFromName.SOPInstanceUID, newUid(), TagFromName.PatientID, patient));
    }

    public static String sopInstanceUid(Path file) throws Exception {
        return uid(file, TagFromName.SOPInstanceUID);
    }

    public static String seriesInstanceUid(Path file) throws Exception {
        return uid(file, TagFromName.SeriesInstanceUID);
    }

    public static String studyInstanceUid(Path file) throws Exception {
        return uid(file, TagFromName.StudyInstanceUID);
    }

    private static String uid(Path file, AttributeTag tag) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString(), TagFromName.PixelData);
        return Attribute.getSingleStringValueOrNull(list, tag);
    }
}
