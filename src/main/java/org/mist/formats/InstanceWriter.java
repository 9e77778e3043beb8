package org.mist.formats;

import com.pixelmed.dicom.AttributeList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.mist.archive.FrameImage;
import org.mist.archive.FrameSource;
import org.mist.archive.Retrieve;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/**
 * A stored instance as a DICOM Part 10 file (WADO-RS, C-MOVE, C-GET): the header object plus Pixel Data in
 * Explicit VR Little Endian or encapsulated HTJ2K, derived at level k > 0; an instance without Pixel Data is its
 * header, in Explicit (or Implicit) VR Little Endian, and one with Float or Double Float Pixel Data is native too.
 */
@ApplicationScoped
public class InstanceWriter {
    /** A written instance and the transfer syntax it is in. */
    public record Part10(byte[] bytes, String transferSyntax) {
    }

    @Inject
    Retrieve retrieve;
    @Inject
    FrameSource frames;

    /**
     * Writes {@code row} at {@code level} in {@code syntax}: ELE, ILE, one of the HTJ2K UIDs, or "*" (HTJ2K
     * RPCL when the stored frames can be sent as such without change, else ELE, as for any HTJ2K request the
     * caller did not refuse first).
     */
    public Part10 write(InstanceRow row, String syntax, int level) {
        return write(row, syntax, level, true);
    }

    /** As {@link #write(InstanceRow, String, int)}; {@code part10} false gives the bare data set (C-STORE). */
    public Part10 write(InstanceRow row, String syntax, int level, boolean part10) {
        AttributeList h = retrieve.header(row);
        if (!row.hasPixels()) {
            // No Pixel Data: the header is the whole instance, and a syntax changes nothing but its encoding.
            String ts = syntax.equals(DicomOut.IMPLICIT_LE) ? DicomOut.IMPLICIT_LE : DicomOut.EXPLICIT_LE;
            return new Part10(DicomOut.write(h, null, ts, part10), ts);
        }
        if (row.frames().get(0).codec() == Frame.Codec.FLOAT) {
            return floats(row, h, syntax, level, part10);
        }
        PixelFormat f = PixelFormat.of(h);
        boolean nativeSyntax = syntax.equals(DicomOut.EXPLICIT_LE) || syntax.equals(DicomOut.IMPLICIT_LE);
        // "*" is as stored: frames still waiting for their compression leave as native words, not encoded now
        boolean waiting = row.frames().stream().anyMatch(r -> r.codec() == Frame.Codec.RAW);
        boolean htj2k = !nativeSyntax && !(waiting && syntax.equals("*")) && DicomOut.notHtj2k(f, row.frames()) == null;
        DerivedLevel.apply(h, level, f.columns(), f.rows());
        if (htj2k) {
            byte[][] streams = new byte[row.frames().size()][];
            for (int i = 0; i < streams.length; i++) {
                streams[i] = frames.htj2k(row.frames().get(i), level);
            }
            DicomOut.forHtj2k(h, f);
            String ts = syntax.equals("*") ? DicomOut.HTJ2K_LOSSLESS_RPCL : syntax;
            return new Part10(DicomOut.write(h, DicomOut.encapsulatedPixelData(streams), ts, part10), ts);
        }
        List<FrameImage> images = new ArrayList<>(row.frames().size());
        for (FrameRow fr : row.frames()) {
            images.add(frames.decode(fr, level, f));
        }
        byte[] pixels = NativePixels.of(images, f);
        String ts = syntax.equals(DicomOut.IMPLICIT_LE) ? DicomOut.IMPLICIT_LE : DicomOut.EXPLICIT_LE;
        return new Part10(DicomOut.write(h, DicomOut.nativePixelData(pixels, f), ts, part10), ts);
    }

    /** Float or Double Float Pixel Data (a parametric map): always native, as no other syntax holds floats. */
    private Part10 floats(InstanceRow row, AttributeList h, String syntax, int level, boolean part10) {
        FrameRow first = row.frames().get(0);
        DerivedLevel.apply(h, level, first.width(), first.height());
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        for (FrameRow fr : row.frames()) {
            pixels.writeBytes(frames.floatBytes(fr, level));
        }
        String ts = syntax.equals(DicomOut.IMPLICIT_LE) ? DicomOut.IMPLICIT_LE : DicomOut.EXPLICIT_LE;
        return new Part10(DicomOut.withFloatPixelData(DicomOut.write(h, null, ts, part10), first.bitDepth(),
                pixels.toByteArray(), ts), ts);
    }
}
