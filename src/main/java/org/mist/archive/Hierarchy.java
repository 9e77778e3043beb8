package org.mist.archive;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.mist.store.entity.Series.OriginFormat;

/**
 * The origin hierarchy (DESIGN section 7), stated once: data leaves in its own form or one below it, never
 * above, because going up would need metadata it does not have. DICOM -> DICOM | NIfTI | PNG/JPEG;
 * NIfTI -> NIfTI | PNG/JPEG; PNG/JPEG -> PNG/JPEG.
 */
public final class Hierarchy {
    /** What data can leave as. */
    public enum Format {
        DICOM, NIFTI, PNG, JPEG;

        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(String.valueOf(name))) {
                    return f;
                }
            }
            throw Refusal.BAD_REQUEST.because("format must be dicom, nifti, png or jpeg, not \"" + name + "\"");
        }

        public String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** As the format is written: DICOM, NIfTI, PNG, JPEG. */
        @Override
        public String toString() {
            return this == NIFTI ? "NIfTI" : name();
        }
    }

    private Hierarchy() {
    }

    public static boolean allows(OriginFormat origin, Format out) {
        return switch (origin) {
            case DICOM -> true;
            case NIFTI -> out != Format.DICOM;
            case PNG, JPEG -> out == Format.PNG || out == Format.JPEG;
        };
    }

    /** The origins that can leave as {@code out}: what a query for such data filters on. */
    public static Set<OriginFormat> originsFor(Format out) {
        Set<OriginFormat> s = EnumSet.noneOf(OriginFormat.class);
        for (OriginFormat o : OriginFormat.values()) {
            if (allows(o, out)) {
                s.add(o);
            }
        }
        return s;
    }

    /** Refuses data of {@code origin} as {@code out}, saying what is missing. */
    public static void require(OriginFormat origin, Format out) {
        if (!allows(origin, out)) {
            String missing = out == Format.DICOM ? "DICOM metadata" : "volume geometry";
            throw Refusal.NOT_ACCEPTABLE.because(origin + "-origin data cannot be served as " + out
                    + ": there is no " + missing + " to convert up to");
        }
    }
}
