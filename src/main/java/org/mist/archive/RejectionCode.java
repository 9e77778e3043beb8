package org.mist.archive;

import java.util.Arrays;
import java.util.Optional;

/**
 * The titles of a rejection note (PS3.16 CID 7011, "Rejected for..." in the DCM scheme): a Key Object Selection
 * with one of them as its Concept Name hides the instances it references (IOCM, PS3.17 Annex KK).
 */
public enum RejectionCode {
    QUALITY("113001", "Rejected for Quality Reasons"),
    PATIENT_SAFETY("113037", "Rejected for Patient Safety Reasons"),
    INCORRECT_WORKLIST_ENTRY("113038", "Incorrect Modality Worklist Entry"),
    RETENTION_EXPIRED("113039", "Data Retention Policy Expired");

    public static final String SCHEME = "DCM";

    public final String value;
    public final String meaning;

    RejectionCode(String value, String meaning) {
        this.value = value;
        this.meaning = meaning;
    }

    /** The code as a request names it and the index keeps it: {@code value^scheme}. */
    public String key() {
        return value + "^" + SCHEME;
    }

    /** The rejection code {@code value} in {@code scheme} is, if it is one. */
    public static Optional<RejectionCode> of(String value, String scheme) {
        return Arrays.stream(values()).filter(c -> c.value.equals(value) && SCHEME.equals(scheme)).findFirst();
    }

    /** From a request's {@code value^scheme}; anything else is the client's mistake, with the codes there are. */
    public static RejectionCode parse(String key) {
        String[] parts = key == null ? new String[0] : key.split("\\^", -1);
        if (parts.length == 2) {
            Optional<RejectionCode> code = of(parts[0], parts[1]);
            if (code.isPresent()) {
                return code.get();
            }
        }
        StringBuilder known = new StringBuilder();
        for (RejectionCode c : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(c.key()).append(" (").append(c.meaning).append(')');
        }
        String shown = key == null ? "" : key.replaceAll("[^\\x20-\\x7E]", "?");
        throw Refusal.BAD_REQUEST.because("\"" + shown.substring(0, Math.min(shown.length(), 40))
                + "\" is not a rejection code of PS3.16 CID 7011: " + known);
    }
}
