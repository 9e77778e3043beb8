package org.mist.nifti;

/** A NIfTI file this reader cannot take: malformed, or well formed but of a kind it does not read. */
public class NiftiException extends RuntimeException {
    private final boolean unsupported;

    NiftiException(String reason, boolean unsupported) {
        super(reason);
        this.unsupported = unsupported;
    }

    static NiftiException malformed(String reason) {
        return new NiftiException(reason, false);
    }

    static NiftiException unsupported(String reason) {
        return new NiftiException(reason, true);
    }

    /** True when the file is valid NIfTI of a kind (datatype) that is not read. */
    public boolean unsupported() {
        return unsupported;
    }
}
