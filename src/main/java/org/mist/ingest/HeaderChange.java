package org.mist.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.InformationEntity;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mist.archive.Refusal;
import org.mist.dicom.DicomJson;
import org.mist.dicom.Headers;

/**
 * A change of patient, study or series attributes, read from a DICOM JSON object (PS3.18 F.2) and checked: only
 * attributes of those levels with text or number values, never a UID, never what describes the pixels or the
 * instance. Values are checked against their VR, since nothing downstream would catch a 20-character Study ID.
 */
final class HeaderChange {
    /** The level of the information model an attribute belongs to (PS3.3 and the data dictionary). */
    enum Level { PATIENT, STUDY, SERIES }

    private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;
    private static final Set<String> TEXT_VRS = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO",
            "LT", "PN", "SH", "ST", "TM", "UC", "UR", "UT");
    private static final Set<String> NUMBER_VRS = Set.of("FD", "FL", "SL", "SS", "UL", "US");
    /** Maximum value lengths (PS3.5 table 6.2-1) of the VRs an update may set; PN per component group. */
    private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("AE", 16), Map.entry("AS", 4),
            Map.entry("CS", 16), Map.entry("DA", 8), Map.entry("DS", 16), Map.entry("DT", 26), Map.entry("IS", 12),
            Map.entry("LO", 64), Map.entry("LT", 10240), Map.entry("PN", 64), Map.entry("SH", 16), Map.entry("ST", 1024),
            Map.entry("TM", 14), Map.entry("UC", 1 << 20), Map.entry("UR", 1 << 20), Map.entry("UT", 1 << 20));
    private static final Map<String, Pattern> FORM = Map.of(
            "DA", Pattern.compile("\\d{8}"),
            "TM", Pattern.compile("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?"),
            "DT", Pattern.compile("\\d{4}(\\d{2}(\\d{2}(\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?)?)?)?([+-]\\d{4})?"),
            "AS", Pattern.compile("\\d{3}[DWMY]"),
            "CS", Pattern.compile("[A-Z0-9 _]*"),
            "IS", Pattern.compile(" *[+-]?\\d+ *"),
            "DS", Pattern.compile(" *[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)? *"));

    /** One attribute to set: its tag, VR and values (none: emptied, as a type 2 attribute may be). */
    record Assignment(AttributeTag tag, String vr, Level level, List<String> values) {
        String keyword() {
            String name = DICTIONARY.getNameFromTag(tag);
            return (name == null ? "" : name + " ") + DicomJson.key(tag);
        }
    }

    private final List<Assignment> sets;

    private HeaderChange(List<Assignment> sets) {
        this.sets = sets;
    }

    /** Reads and checks {@code body}, a DICOM JSON object; refuses (bad request) with the reason. */
    static HeaderChange parse(JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw Refusal.BAD_REQUEST.because("an update is a DICOM JSON object naming at least one attribute");
        }
        List<Assignment> sets = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sets.add(assignment(e.getKey(), e.getValue()));
        }
        return new HeaderChange(sets);
    }

    /** The change that makes {@code from}'s patient-level attributes those of {@code to} (empty when they agree). */
    static HeaderChange patientDifference(AttributeList from, AttributeList to) {
        Set<AttributeTag> tags = new TreeSet<>();
        from.keySet().forEach(t -> tags.add((AttributeTag) t));
        to.keySet().forEach(t -> tags.add((AttributeTag) t));
        List<Assignment> sets = new ArrayList<>();
        for (AttributeTag tag : tags) {
            if (level(tag) != Level.PATIENT || !updatable(tag)) {
                continue;
            }
            List<String> a = values(from.get(tag));
            List<String> b = values(to.get(tag));
            if (!a.equals(b)) {
                sets.add(new Assignment(tag, vr(tag), Level.PATIENT, b));
            }
        }
        return new HeaderChange(sets);
    }

    boolean isEmpty() {
        return sets.isEmpty();
    }

    /** Whether it changes the patient's key in the index (its ID or the issuer). */
    boolean movesPatient(AttributeList current) {
        return sets.stream().anyMatch(s -> (s.tag().equals(TagFromName.PatientID) || s.tag().equals(TagFromName.IssuerOfPatientID))
                && !s.values().equals(values(current.get(s.tag()))));
    }

    /** Refuses what a change of one series cannot hold: patient and study attributes belong to the whole study. */
    void requireSeriesLevel() {
        for (Assignment s : sets) {
            if (s.level() != Level.SERIES) {
                throw Refusal.BAD_REQUEST.because(s.keyword() + " is a " + s.level().name().toLowerCase()
                        + " attribute: change it for the whole study, not one series");
            }
        }
    }

    /**
     * {@code header} with the change made, a copy. Values are written in the header's Specific Character Set; a
     * header without one (the default repertoire, ASCII) takes UTF-8 when a new value needs it, since UTF-8 reads
     * every ASCII value the same.
     */
    AttributeList applyTo(AttributeList header) {
        AttributeList out = new AttributeList();
        out.putAll(header);
        boolean ascii = sets.stream().flatMap(s -> s.values().stream()).allMatch(v -> v.chars().allMatch(c -> c < 0x80));
        if (!ascii && Headers.string(out, TagFromName.SpecificCharacterSet) == null) {
            Headers.setCodeString(out, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        }
        SpecificCharacterSet charset = new SpecificCharacterSet(out);
        for (Assignment s : sets) {
            try {
                Attribute a = AttributeFactory.newAttribute(s.tag(), s.vr().getBytes(StandardCharsets.US_ASCII), charset);
                for (String v : s.values()) {
                    byte[] encoded = charset.translateStringToByteArray(v);
                    if (!charset.translateByteArrayToString(encoded, 0, encoded.length).equals(v)) {
                        throw Refusal.BAD_REQUEST.because(s.keyword() + " value " + v + " cannot be written in the instance's"
                                + " Specific Character Set (" + Headers.string(out, TagFromName.SpecificCharacterSet) + ")");
                    }
                    a.addValue(v);
                }
                out.put(a);
            } catch (DicomException | UnsupportedEncodingException e) {
                throw Refusal.BAD_REQUEST.because(s.keyword() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Assignment assignment(String key, JsonNode element) {
        if (!key.matches("[0-9A-Fa-f]{8}")) {
            throw Refusal.BAD_REQUEST.because("\"" + key + "\" is not a DICOM JSON attribute tag (eight hexadecimal digits)");
        }
        AttributeTag tag = new AttributeTag(Integer.parseInt(key.substring(0, 4), 16), Integer.parseInt(key.substring(4), 16));
        String name = DICTIONARY.getNameFromTag(tag);
        String named = (name == null ? "" : name + " ") + key.toUpperCase();
        if (!updatable(tag)) {
            throw Refusal.BAD_REQUEST.because(named + " cannot be updated: " + whyNot(tag));
        }
        String vr = vr(tag);
        if (element == null || !element.isObject()) {
            throw Refusal.BAD_REQUEST.because(named + ": a DICOM JSON attribute is an object with \"vr\" and \"Value\"");
        }
        if (element.has("vr") && !vr.equals(element.get("vr").asText())) {
            throw Refusal.BAD_REQUEST.because(named + " has VR " + vr + ", not " + element.get("vr").asText());
        }
        if (element.has("BulkDataURI") || element.has("InlineBinary")) {
            throw Refusal.BAD_REQUEST.because(named + ": an update sets text and number values only");
        }
        List<String> values = new ArrayList<>();
        JsonNode value = element.get("Value");
        if (value != null && !value.isNull()) {
            if (!value.isArray()) {
                throw Refusal.BAD_REQUEST.because(named + ": \"Value\" is an array");
            }
            for (JsonNode v : value) {
                values.add(check(named, vr, text(named, vr, v)));
            }
        }
        return new Assignment(tag, vr, level(tag), values);
    }

    private static String text(String named, String vr, JsonNode v) {
        if (vr.equals("PN") && v.isObject()) {
            // Alphabetic=Ideographic=Phonetic (PS3.18 F.2.2), trailing empty groups dropped.
            return String.join("=", v.path("Alphabetic").asText(""), v.path("Ideographic").asText(""),
                    v.path("Phonetic").asText("")).replaceAll("=+$", "");
        }
        if (NUMBER_VRS.contains(vr) ? !v.isNumber() : !(v.isTextual() || v.isNumber() && (vr.equals("IS") || vr.equals("DS")))) {
            throw Refusal.BAD_REQUEST.because(named + ": value " + v + " does not fit VR " + vr);
        }
        return v.asText();
    }

    private static String check(String named, String vr, String v) {
        Integer max = MAX_LENGTH.get(vr);
        for (String part : vr.equals("PN") ? v.split("=", -1) : new String[] {v}) {
            if (max != null && part.length() > max) {
                throw Refusal.BAD_REQUEST.because(named + ": value " + v + " is longer than VR " + vr + " allows (" + max + ")");
            }
        }
        Pattern form = FORM.get(vr);
        if (form != null && !v.isEmpty() && !form.matcher(v).matches()) {
            throw Refusal.BAD_REQUEST.because(named + ": value " + v + " is not a valid " + vr);
        }
        if (v.contains("\\") || (!vr.equals("LT") && !vr.equals("ST") && !vr.equals("UT") && v.chars().anyMatch(c -> c < 0x20))) {
            throw Refusal.BAD_REQUEST.because(named + ": value " + v + " holds a backslash or a control character");
        }
        return v;
    }

    static Level level(AttributeTag tag) {
        if (tag.getGroup() == 0x0010) {
            return Level.PATIENT;  // the patient module's group; some of it (Issuer of Patient ID) has no entity listed
        }
        InformationEntity ie = DICTIONARY.getInformationEntityFromTag(tag);
        if (ie == InformationEntity.PATIENT) {
            return Level.PATIENT;
        }
        if (ie == InformationEntity.STUDY) {
            return Level.STUDY;
        }
        return ie == InformationEntity.SERIES ? Level.SERIES : null;
    }

    private static boolean updatable(AttributeTag tag) {
        return whyNot(tag) == null;
    }

    /** Why an attribute may not be updated, or null. */
    private static String whyNot(AttributeTag tag) {
        int group = tag.getGroup();
        if (group == 0x0002 || tag.getElement() == 0 || tag.equals(TagFromName.SpecificCharacterSet)) {
            return "the archive writes it";
        }
        if (group % 2 == 1) {
            return "private attributes are kept as received";
        }
        if (group == 0x0028 || group == 0x7FE0 || tag.equals(TagFromName.NumberOfFrames)) {
            return "it describes the pixels, which an update never touches";
        }
        String vr = vr(tag);
        if (vr == null) {
            return "it is not in the data dictionary";
        }
        if (vr.equals("UI")) {
            return "UIDs name what is stored; send the instances anew under new UIDs instead";
        }
        if (!TEXT_VRS.contains(vr) && !NUMBER_VRS.contains(vr)) {
            return "an update sets text and number values, and this is a " + vr;
        }
        if (level(tag) == null) {
            return "it is an attribute of the instance, and updates change patient, study and series attributes";
        }
        return null;
    }

    private static String vr(AttributeTag tag) {
        byte[] vr = DICTIONARY.getValueRepresentationFromTag(tag);
        return vr == null ? null : new String(vr, StandardCharsets.US_ASCII);
    }

    private static List<String> values(Attribute a) {
        if (a == null) {
            return List.of();
        }
        try {
            String[] v = a.getStringValues();
            return v == null ? List.of() : List.of(v);
        } catch (DicomException e) {
            return List.of();
        }
    }
}
