package org.mist.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mist.archive.FrameImage;
import org.mist.archive.FrameSource;
import org.mist.codec.Levels;
import org.mist.dicom.PixelFormat;
import org.mist.nifti.NiftiHeader;
import org.mist.nifti.NiftiType;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/**
 * A NIfTI-origin volume back out at level k: after its own header (and extensions) with dim, pixdim and the
 * sform's axes rescaled for the level ({@link NiftiHeader#atLevel}), its slices in order, in the header's
 * datatype and byte order. At level 0 the file equals the one that came in, uncompressed.
 */
final class NiftiOriginOut {
    private NiftiOriginOut() {
    }

    /** One task per slice, in order, each giving its voxels in the header's datatype and byte order. */
    static List<Callable<byte[]>> slices(NiftiHeader h, InstanceRow row, int k, FrameSource frames) {
        NiftiType t = h.type();
        List<Callable<byte[]>> tasks = new ArrayList<>();
        for (FrameRow f : row.frames()) {
            tasks.add(() -> {
                if (f.codec() != Frame.Codec.HTJ2K && k == 0) {
                    byte[] le = frames.fallbackWords(f);
                    return h.order() == ByteOrder.LITTLE_ENDIAN ? le : NiftiHeader.swapBytes(le, t.sampleBytes());
                }
                if (f.codec() == Frame.Codec.FLOAT) {
                    ByteBuffer b = ByteBuffer.allocate(Levels.size(f.width(), k) * Levels.size(f.height(), k) * t.sampleBytes()).order(h.order());
                    for (double v : frames.floats(f, k)) {
                        if (t == NiftiType.FLOAT64) {
                            b.putDouble(v);
                        } else {
                            b.putFloat((float) v);
                        }
                    }
                    return b.array();
                }
                PixelFormat words = new PixelFormat(f.height(), f.width(), f.components(), f.bitDepth(), f.bitDepth(),
                        f.bitDepth() - 1, f.signed(), false, "MONOCHROME2", 1);
                return voxels(frames.decode(f, k, words), t, h.order());
            });
        }
        return tasks;
    }

    /** Sample values in the NIfTI datatype and byte order. */
    private static byte[] voxels(FrameImage im, NiftiType t, ByteOrder order) {
        long[] v = im.values();
        ByteBuffer b = ByteBuffer.allocate(v.length * t.sampleBytes()).order(order);
        for (long x : v) {
            switch (t) {
                case UINT8, INT8, RGB24 -> b.put((byte) x);
                case INT16, UINT16 -> b.putShort((short) x);
                case INT32, UINT32 -> b.putInt((int) x);
                case FLOAT32 -> b.putFloat(x);
                case FLOAT64 -> b.putDouble(x);
            }
        }
        return b.array();
    }
}
