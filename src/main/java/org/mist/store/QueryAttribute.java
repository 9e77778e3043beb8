package org.mist.store;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The attributes QIDO-RS and C-FIND match on and return, with the column that holds each: the patient,
 * study, series and instance attributes of PS3.18 10.6.1.2.2 (Table 10.6.1-5) that MIST indexes, and the
 * computed counts viewers read.
 */
public enum QueryAttribute {
    PATIENT_NAME(0x00100010, "PatientName", "PN", Level.PATIENT, "p.patient_name", Match.PERSON_NAME),
    PATIENT_ID(0x00100020, "PatientID", "LO", Level.PATIENT, "p.patient_id", Match.TEXT),
    PATIENT_BIRTH_DATE(0x00100030, "PatientBirthDate", "DA", Level.PATIENT, "p.patient_birth_date", Match.DATE),
    PATIENT_SEX(0x00100040, "PatientSex", "CS", Level.PATIENT, "p.patient_sex", Match.TEXT),
    NUMBER_OF_PATIENT_RELATED_STUDIES(0x00201200, "NumberOfPatientRelatedStudies", "IS", Level.PATIENT,
            "(select count(*) from study z where z.patient_fk = p.id and exists (select 1 from series x where x.study_fk = z.id and x.origin_format = 'DICOM'"
                    + " and " + Visible.SERIES_X + "))",
            Match.NONE),
    STUDY_INSTANCE_UID(0x0020000D, "StudyInstanceUID", "UI", Level.STUDY, "st.study_instance_uid", Match.UID),
    STUDY_DATE(0x00080020, "StudyDate", "DA", Level.STUDY, "st.study_date", Match.DATE),
    STUDY_TIME(0x00080030, "StudyTime", "TM", Level.STUDY, "st.study_time", Match.TIME),
    ACCESSION_NUMBER(0x00080050, "AccessionNumber", "SH", Level.STUDY, "st.accession_number", Match.TEXT),
    STUDY_ID(0x00200010, "StudyID", "SH", Level.STUDY, "st.study_id", Match.TEXT),
    STUDY_DESCRIPTION(0x00081030, "StudyDescription", "LO", Level.STUDY, "st.study_description", Match.TEXT),
    REFERRING_PHYSICIAN_NAME(0x00080090, "ReferringPhysicianName", "PN", Level.STUDY, "st.referring_physician_name", Match.PERSON_NAME),
    MODALITIES_IN_STUDY(0x00080061, "ModalitiesInStudy", "CS", Level.STUDY,
            "(select string_agg(distinct x.modality, '\\' order by x.modality) from series x where x.study_fk = st.id and x.origin_format = 'DICOM'"
                    + " and " + Visible.SERIES_X + ")",
            Match.MODALITIES),
    NUMBER_OF_STUDY_RELATED_SERIES(0x00201206, "NumberOfStudyRelatedSeries", "IS", Level.STUDY,
            "(select count(*) from series x where x.study_fk = st.id and x.origin_format = 'DICOM' and " + Visible.SERIES_X + ")",
            Match.NONE),
    NUMBER_OF_STUDY_RELATED_INSTANCES(0x00201208, "NumberOfStudyRelatedInstances", "IS", Level.STUDY,
            "(select count(*) from instance y join series x on x.id = y.series_fk where x.study_fk = st.id and x.origin_format = 'DICOM'"
                    + " and y.rejected_by is null)",
            Match.NONE),
    SERIES_INSTANCE_UID(0x0020000E, "SeriesInstanceUID", "UI", Level.SERIES, "se.series_instance_uid", Match.UID),
    MODALITY(0x00080060, "Modality", "CS", Level.SERIES, "se.modality", Match.TEXT),
    SERIES_NUMBER(0x00200011, "SeriesNumber", "IS", Level.SERIES, "se.series_number", Match.NUMBER),
    SERIES_DESCRIPTION(0x0008103E, "SeriesDescription", "LO", Level.SERIES, "se.series_description", Match.TEXT),
    BODY_PART_EXAMINED(0x00180015, "BodyPartExamined", "CS", Level.SERIES, "se.body_part_examined", Match.TEXT),
    SERIES_DATE(0x00080021, "SeriesDate", "DA", Level.SERIES, "se.series_date", Match.DATE),
    SERIES_TIME(0x00080031, "SeriesTime", "TM", Level.SERIES, "se.series_time", Match.TIME),
    NUMBER_OF_SERIES_RELATED_INSTANCES(0x00201209, "NumberOfSeriesRelatedInstances", "IS", Level.SERIES,
            "(select count(*) from instance y where y.series_fk = se.id and y.rejected_by is null)", Match.NONE),
    SOP_CLASS_UID(0x00080016, "SOPClassUID", "UI", Level.INSTANCE, "i.sop_class_uid", Match.UID),
    SOP_INSTANCE_UID(0x00080018, "SOPInstanceUID", "UI", Level.INSTANCE, "i.sop_instance_uid", Match.UID),
    INSTANCE_NUMBER(0x00200013, "InstanceNumber", "IS", Level.INSTANCE, "i.instance_number", Match.NUMBER),
    ROWS(0x00280010, "Rows", "US", Level.INSTANCE, "i.rows", Match.NUMBER),
    COLUMNS(0x00280011, "Columns", "US", Level.INSTANCE, "i.columns", Match.NUMBER),
    NUMBER_OF_FRAMES(0x00280008, "NumberOfFrames", "IS", Level.INSTANCE, "i.number_of_frames", Match.NUMBER);

    public enum Level { PATIENT, STUDY, SERIES, INSTANCE }

    public enum Match { UID, TEXT, PERSON_NAME, DATE, TIME, NUMBER, MODALITIES, NONE }

    public final int tag;
    public final String keyword;
    public final String vr;
    public final Level level;
    public final String column;
    public final Match match;

    private static final Map<String, QueryAttribute> BY_NAME = new HashMap<>();

    static {
        for (QueryAttribute a : values()) {
            BY_NAME.put(a.keyword.toLowerCase(Locale.ROOT), a);
            BY_NAME.put(a.hex().toLowerCase(Locale.ROOT), a);
        }
    }

    QueryAttribute(int tag, String keyword, String vr, Level level, String column, Match match) {
        this.tag = tag;
        this.keyword = keyword;
        this.vr = vr;
        this.level = level;
        this.column = column;
        this.match = match;
    }

    public String hex() {
        return String.format("%08X", tag);
    }

    /** By keyword or eight-digit tag, case-insensitive; null when MIST does not know it. */
    public static QueryAttribute named(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the eight-digit tag or keyword names a DICOM attribute at all (so includefield may ask for it). */
    public static boolean wellFormed(String name) {
        return name.matches("[0-9A-Fa-f]{8}") || name.matches("[A-Za-z][A-Za-z0-9]*");
    }

    /** Rejected instances are hidden: a series (alias x) is there when one of its instances is not rejected. */
    static final class Visible {
        static final String SERIES_X = "exists (select 1 from instance v where v.series_fk = x.id and v.rejected_by is null)";

        private Visible() {
        }
    }
}
