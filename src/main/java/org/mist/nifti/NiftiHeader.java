package org.mist.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A single-file NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header in either byte order, read from its bytes,
 * which are kept as they came (extensions included, up to vox_offset) so that the volume leaves MIST with
 * its own header. Only the fields MIST needs are decoded; {@link #atLevel(int)} rewrites those a level
 * changes, in place in a copy, leaving every other byte alone.
 */
public final class NiftiHeader {
    /** The largest vox_offset accepted (header plus extensions); real files use a few kilobytes. */
    public static final long MAX_VOX_OFFSET = 1 << 24;

    private final byte[] bytes;
    private final int version;
    private final ByteOrder order;
    private final long[] dim;
    private final NiftiType type;
    private final long voxOffset;

    private NiftiHeader(byte[] bytes, int version, ByteOrder order, long[] dim, NiftiType type, long voxOffset) {
        this.bytes = bytes;
        this.version = version;
        this.order = order;
        this.dim = dim;
        this.type = type;
        this.voxOffset = voxOffset;
    }

    /** The header size and byte order from the first four bytes; IllegalArgumentException when it is not NIfTI. */
    public static int headerSize(byte[] first4) {
        int le = ByteBuffer.wrap(first4).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int be = ByteBuffer.wrap(first4).order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (le == 348 || be == 348) {
            return 348;
        }
        if (le == 540 || be == 540) {
            return 540;
        }
        throw NiftiException.malformed("not a NIfTI file: sizeof_hdr is neither 348 (NIfTI-1) nor 540 (NIfTI-2)");
    }

    /**
     * Parses the header; {@code bytes} holds at least the fixed header (348 or 540 bytes) and, to keep
     * them, the extensions up to vox_offset. Every problem is an IllegalArgumentException naming it.
     */
    public static NiftiHeader parse(byte[] bytes) {
        int size = headerSize(Arrays.copyOf(bytes, 4));
        if (bytes.length < size) {
            throw NiftiException.malformed("NIfTI header truncated: " + bytes.length + " of " + size + " bytes");
        }
        ByteOrder order = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == size
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        int version = size == 348 ? 1 : 2;
        String magic = new String(bytes, version == 1 ? 344 : 4, 4, StandardCharsets.ISO_8859_1);
        if (version == 1 && !magic.equals("n+1\0")) {
            throw NiftiException.malformed(magic.startsWith("ni1") ? "a NIfTI-1 header/image pair (.hdr/.img): send the single-file .nii"
                    : "not a single-file NIfTI-1: magic is not \"n+1\"");
        }
        if (version == 2 && !magic.equals("n+2\0")) {
            throw NiftiException.malformed("not a single-file NIfTI-2: magic is not \"n+2\"");
        }
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = version == 1 ? b.getShort(40 + 2 * i) : b.getLong(16 + 8 * i);
        }
        if (dim[0] < 2 || dim[0] > 7) {
            throw NiftiException.malformed("dim[0] = " + dim[0] + ": a NIfTI image has 2 to 7 dimensions");
        }
        for (int i = 1; i <= dim[0]; i++) {
            if (dim[i] < 1) {
                throw NiftiException.malformed("dim[" + i + "] = " + dim[i] + ": every dimension must be at least 1");
            }
        }
        for (int i = (int) dim[0] + 1; i < 8; i++) {
            dim[i] = 1;
        }
        int code = version == 1 ? b.getShort(70) : b.getShort(12);
        int bitpix = version == 1 ? b.getShort(72) : b.getShort(14);
        NiftiType type = NiftiType.of(code);
        if (bitpix != type.bytes() * 8) {
            throw NiftiException.malformed("bitpix " + bitpix + " does not match datatype " + type + " (" + type.bytes() * 8 + ")");
        }
        long voxOffset = version == 1 ? (long) b.getFloat(108) : b.getLong(168);
        if (voxOffset < size || voxOffset > MAX_VOX_OFFSET) {
            throw NiftiException.malformed("vox_offset " + voxOffset + " is outside " + size + ".." + MAX_VOX_OFFSET);
        }
        return new NiftiHeader(bytes, version, order, dim, type, voxOffset);
    }

    public int version() {
        return version;
    }

    public ByteOrder order() {
        return order;
    }

    public NiftiType type() {
        return type;
    }

    public long voxOffset() {
        return voxOffset;
    }

    /** Voxels along i (columns of a slice). */
    public long nx() {
        return dim[1];
    }

    /** Voxels along j (rows of a slice). */
    public long ny() {
        return dim[2];
    }

    /** Slices: every 2-D slice of every volume, dimensions 3 to 7 multiplied. */
    public long slices() {
        long n = 1;
        for (int i = 3; i < 8; i++) {
            n = Math.multiplyExact(n, dim[i]);
        }
        return n;
    }

    /** Bytes of one slice and of the whole data block; ArithmeticException on overflow. */
    public long sliceBytes() {
        return Math.multiplyExact(Math.multiplyExact(nx(), ny()), type.bytes());
    }

    public long dataBytes() {
        return Math.multiplyExact(sliceBytes(), slices());
    }

    public double sclSlope() {
        return version == 1 ? buffer().getFloat(112) : buffer().getDouble(176);
    }

    public double sclInter() {
        return version == 1 ? buffer().getFloat(116) : buffer().getDouble(184);
    }

    /** The header and its extensions, as stored. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * This header for the volume at level k: dim[1..2] become ceil(n / 2^k), pixdim[1..2] and the first two
     * columns of the sform are multiplied by 2^k; the sform's translation and the qform's offsets and
     * quaternion are unchanged, so the first voxel keeps its position (DESIGN section 8).
     */
    public byte[] atLevel(int k) {
        byte[] out = bytes.clone();
        if (k == 0) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(order);
        long scale = 1L << k;
        for (int i = 1; i <= 2; i++) {
            long n = (dim[i] + scale - 1) / scale;
            if (version == 1) {
                b.putShort(40 + 2 * i, (short) n);
                b.putFloat(76 + 4 * i, b.getFloat(76 + 4 * i) * scale);
            } else {
                b.putLong(16 + 8 * i, n);
                b.putDouble(104 + 8 * i, b.getDouble(104 + 8 * i) * scale);
            }
        }
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 2; col++) {
                if (version == 1) {
                    int at = 280 + 16 * row + 4 * col;
                    b.putFloat(at, b.getFloat(at) * scale);
                } else {
                    int at = 400 + 32 * row + 8 * col;
                    b.putDouble(at, b.getDouble(at) * scale);
                }
            }
        }
        return out;
    }

    /** Reverses the byte order of each {@code size}-byte sample of {@code raw} (voxels between LE and BE). */
    public static byte[] swapBytes(byte[] raw, int size) {
        byte[] out = new byte[raw.length];
        for (int i = 0; i < raw.length; i += size) {
            for (int j = 0; j < size; j++) {
                out[i + j] = raw[i + size - 1 - j];
            }
        }
        return out;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).order(order);
    }
}
