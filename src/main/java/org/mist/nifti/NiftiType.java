package org.mist.nifti;

import java.util.Set;

/**
 * The NIfTI datatypes MIST stores: integers of up to 32 bits, floats, RGB24. Integer values that fit 16
 * bits and integer-valued floats go to HTJ2K; the rest to the lossless fallback.
 */
public enum NiftiType {
    UINT8(2, 1, false, false), INT16(4, 2, true, false), INT32(8, 4, true, false), FLOAT32(16, 4, true, true),
    FLOAT64(64, 8, true, true), RGB24(128, 1, false, false), INT8(256, 1, true, false), UINT16(512, 2, false, false),
    UINT32(768, 4, false, false);

    private final int code;
    private final int sampleBytes;
    private final boolean signed;
    private final boolean floating;

    NiftiType(int code, int sampleBytes, boolean signed, boolean floating) {
        this.code = code;
        this.sampleBytes = sampleBytes;
        this.signed = signed;
        this.floating = floating;
    }

    /**
     * The type of a datatype code: IllegalArgumentException for a code NIfTI does not define,
     * UnsupportedOperationException for one it defines that MIST does not store (64-bit integers, complex, RGBA).
     */
    public static NiftiType of(int code) {
        for (NiftiType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        if (Set.of(32, 1024, 1280, 1536, 1792, 2048, 2304).contains(code)) {
            throw NiftiException.unsupported(
                    "NIfTI datatype " + code + " (complex, 64-bit integer, float128 or RGBA) is not stored by MIST");
        }
        throw NiftiException.malformed("datatype " + code + " is not a NIfTI datatype");
    }

    public int code() {
        return code;
    }

    /** Bytes of one voxel. */
    public int bytes() {
        return sampleBytes * components();
    }

    /** Bytes of one sample (one component of a voxel). */
    public int sampleBytes() {
        return sampleBytes;
    }

    public int components() {
        return this == RGB24 ? 3 : 1;
    }

    public boolean signed() {
        return signed;
    }

    public boolean floating() {
        return floating;
    }
}
