package org.mist.dicom;

/**
 * One frame's samples in their DICOM container: {@code byte[]} for Bits Allocated 1 (one sample per byte)
 * and 8, {@code short[]} for 16, {@code int[]} for 32, interleaved or planar, exactly the words a native
 * (uncompressed) encoding of the frame would hold. {@code photometric} is what the samples are in after
 * decoding (a JPEG decoder gives RGB for YBR_FULL_422, for example).
 */
public record DecodedFrame(PixelFormat format, Object words, boolean planar, String photometric) {
}
