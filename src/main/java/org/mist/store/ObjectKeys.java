package org.mist.store;

import java.util.regex.Pattern;
import org.mist.dicom.Uids;
import org.mist.store.entity.Frame;

/**
 * Object keys (DESIGN section 6), readable and built only from checked store names and UIDs:
 * {@code {store}/{study}/{series}/{instance}/frames/{n}.j2c} and {@code .../header.dcm}. (The cached
 * per-series metadata of DESIGN section 6 will sit beside the instances, under the series prefix.)
 */
public final class ObjectKeys {
    private static final Pattern STORE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private ObjectKeys() {
    }

    public static boolean validStoreName(String name) {
        return name != null && STORE_NAME.matcher(name).matches();
    }

    public static String instancePrefix(String store, String study, String series, String instance) {
        return seriesPrefix(store, study, series) + uid(instance) + "/";
    }

    public static String seriesPrefix(String store, String study, String series) {
        return studyPrefix(store, study) + uid(series) + "/";
    }

    public static String studyPrefix(String store, String study) {
        if (!validStoreName(store)) {
            throw new IllegalArgumentException("bad store name: " + store);
        }
        return store + "/" + uid(study) + "/";
    }

    public static String header(String instancePrefix) {
        return instancePrefix + "header.dcm";
    }

    /** Version {@code version} (2 on) of the header, written by an update; version 1 is {@link #header}. */
    public static String headerVersion(String instancePrefix, int version) {
        return instancePrefix + "header.v" + version + ".dcm";
    }

    /** The header (and extensions) a NIfTI-origin instance arrived with, kept byte for byte. */
    public static String niftiHeader(String instancePrefix) {
        return instancePrefix + "header.nii";
    }

    /** A binary value kept apart from the header, by its bulk data path ({@code 00420011}, {@code 54000100/1/54001010}). */
    public static String bulkData(String instancePrefix, String path) {
        if (!path.matches("[0-9A-F]{8}(/[1-9][0-9]{0,8}/[0-9A-F]{8})*")) {
            throw new IllegalArgumentException("bad bulk data path: " + path);
        }
        return instancePrefix + "bulk/" + path.replace('/', '.');
    }

    /**
     * Frame {@code number} (1-based, as in DICOM) as {@code codec} stores it. A frame kept as received ({@code RAW})
     * lies beside the header, not in {@code frames/}: one folder fewer to make and force to disk while the sender waits
     * (its compressed copy makes that folder later, in the background).
     */
    public static String frame(String instancePrefix, int number, Frame.Codec codec) {
        return switch (codec) {
            case HTJ2K -> instancePrefix + "frames/" + number + ".j2c";
            case DEFLATE, FLOAT -> instancePrefix + "frames/" + number + ".deflate";
            case RAW -> instancePrefix + number + ".raw";
        };
    }

    /**
     * The key a frame kept as received ({@code .raw}) has once its compressed copy is swapped in; also for frames
     * that earlier versions kept in {@code frames/} and that still wait in an archive upgraded since.
     */
    public static String compressedFrame(String receivedKey) {
        if (!receivedKey.endsWith(".raw")) {
            throw new IllegalArgumentException("not a received frame's key: " + receivedKey);
        }
        int name = receivedKey.lastIndexOf('/') + 1;
        String folder = receivedKey.substring(0, name);
        return (folder.endsWith("/frames/") ? folder : folder + "frames/")
                + receivedKey.substring(name, receivedKey.length() - ".raw".length()) + ".j2c";
    }

    private static String uid(String uid) {
        String problem = Uids.problem(uid);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return uid;
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._/-]{0,1000}}, by hand: every object read checks its key, and the regular
     * expression was a tenth of a frame request's time.
     */
    private static boolean keyCharacters(String key) {
        if (key.isEmpty() || key.length() > 1001 || !alphanumeric(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != '/' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Keys are checked again where they meet a file system or a URL: no "..", no absolute paths. */
    static void checkKey(String key) {
        if (key == null || !keyCharacters(key) || key.contains("..") || key.contains("//")) {
            throw new IllegalArgumentException("bad object key: " + key);
        }
    }
}
