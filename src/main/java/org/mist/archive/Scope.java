package org.mist.archive;

import org.mist.dicom.Uids;
import org.mist.store.ObjectKeys;

/**
 * What a request names: a store and, from the top down, a study, series and instance (the lower ones may be
 * null). Checked once where a door builds it: a malformed UID is the client's mistake, a store name that
 * cannot exist is simply not there; past this point every name is safe for an object key or a path.
 */
public record Scope(String store, String study, String series, String sop) {
    public Scope {
        if (!ObjectKeys.validStoreName(store)) {
            throw Refusal.NOT_FOUND.because("no store named \"" + printable(store) + "\"");
        }
        check("Study Instance UID", study);
        check("Series Instance UID", series);
        check("SOP Instance UID", sop);
        if (sop != null && series == null) {
            throw Refusal.BAD_REQUEST.because("an instance is named within its series");
        }
    }

    public static Scope store(String store) {
        return new Scope(store, null, null, null);
    }

    public static Scope study(String store, String study) {
        return new Scope(store, required(study), null, null);
    }

    public static Scope series(String store, String study, String series) {
        return new Scope(store, required(study), required(series), null);
    }

    public static Scope instance(String store, String study, String series, String sop) {
        return new Scope(store, required(study), required(series), required(sop));
    }

    /** What this scope names, for a reason: "instance 1.2.3", "series 1.2", "study 1", "store s". */
    public String describe() {
        return sop != null ? "instance " + sop : series != null ? "series " + series : study != null ? "study " + study
                : "store " + store;
    }

    private static String required(String uid) {
        return uid == null ? "" : uid;  // "" fails the UID check with its reason
    }

    private static void check(String attribute, String uid) {
        if (uid != null) {
            String problem = Uids.problem(uid);
            if (problem != null) {
                throw Refusal.BAD_REQUEST.because(attribute + ": " + problem);
            }
        }
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7E]", "?").substring(0, Math.min(s.length(), 80));
    }
}
