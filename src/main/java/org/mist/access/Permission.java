package org.mist.access;

/**
 * What a caller may do with a store. Each is granted on its own: a modality may store without reading, a viewer
 * may read without storing. A store's {@link #ADMIN} holds the other three; the archive's admin (role
 * {@code mist:admin}) holds everything, keys and the audit trail included.
 */
public enum Permission {
    /** QIDO, WADO (frames, metadata, rendered, bulk data), levels, NIfTI, export, eval, the change feed. */
    READ,
    /** STOW-RS, C-STORE, {@code /api/ingest}; creates the store if it does not exist. */
    WRITE,
    /** Update, restore, reject, delete. */
    UPDATE,
    /** All three. */
    ADMIN;

    /** The word roles use: {@code mist:<store>:read}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Permission ofWord(String word) {
        for (Permission p : values()) {
            if (p.word().equals(word)) {
                return p;
            }
        }
        return null;
    }
}
