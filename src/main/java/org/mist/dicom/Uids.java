package org.mist.dicom;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** UIDs become object keys and paths, so they are checked before they touch either (DESIGN section 6). */
public final class Uids {
    public static final int MAX_LENGTH = 64;

    private Uids() {
    }

    /** Null when {@code uid} is a well-formed UID, else why it is not. */
    public static String problem(String uid) {
        if (uid == null || uid.isEmpty()) {
            return "empty UID";
        }
        if (uid.length() > MAX_LENGTH) {
            return "UID longer than 64 characters";
        }
        char previous = '.';
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            if (c == '.' && previous == '.') {
                return "UID has an empty component: " + printable(uid);
            }
            if (c != '.' && (c < '0' || c > '9')) {
                return "UID may hold only digits and dots: " + printable(uid);
            }
            previous = c;
        }
        return previous == '.' ? "UID has an empty component: " + printable(uid) : null;
    }

    /**
     * A UID that always comes out the same for {@code text}: {@code 2.25.} and the first 128 bits of its SHA-256
     * (PS3.5 B.2, a UUID-derived UID; at most 44 characters).
     */
    public static String fromText(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "2.25." + new BigInteger(1, Arrays.copyOf(h, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new UID: {@code 2.25.} and a random UUID as a number (PS3.5 B.2). */
    public static String random() {
        java.util.UUID u = java.util.UUID.randomUUID();
        byte[] b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, b);
    }

    public static boolean valid(String uid) {
        return problem(uid) == null;
    }

    /** {@code uid} itself, or a DataSetException naming the attribute and the problem. */
    public static String require(String uid, String attribute) {
        String problem = problem(uid);
        if (problem != null) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, attribute + ": " + problem);
        }
        return uid;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> b.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : "?"));
        return b.toString();
    }
}
