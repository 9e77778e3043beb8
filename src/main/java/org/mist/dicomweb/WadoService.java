package org.mist.dicomweb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mist.archive.BulkDataPath;
import org.mist.archive.FrameCache;
import org.mist.archive.FrameList;
import org.mist.archive.FrameSource;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Meters;
import org.mist.archive.Refusal;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.dicom.PixelFormat;
import org.mist.formats.DicomOut;
import org.mist.formats.InstanceWriter;
import org.mist.formats.NativePixels;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/**
 * WADO-RS retrieval of instances and frames (PS3.18 10.4) for DICOM-origin data. Instances leave as
 * Part 10 in Explicit VR Little Endian or encapsulated HTJ2K (those without Pixel Data always in Explicit VR
 * Little Endian); frames as the stored codestream (or the standalone level-k stream cut from its prefix) or as
 * decoded native words.
 */
@ApplicationScoped
public class WadoService {
    @Inject
    Retrieve retrieve;
    @Inject
    FrameSource frames;
    @Inject
    FrameCache served;
    @Inject
    InstanceWriter writer;

    // ---- instances -------------------------------------------------------------------------------------

    Reply retrieve(Scope scope, Accept accept, LevelRequest level) {
        String syntax = Negotiation.instanceSyntax(accept);
        List<InstanceRow> rows = retrieve.instances(scope, Format.DICOM);
        for (InstanceRow r : rows) {
            r.frames().forEach(level::levelFor);
        }
        boolean explicitHtj2k = !syntax.equals(DicomOut.EXPLICIT_LE) && !syntax.equals("*");
        if (explicitHtj2k) {
            // Without Pixel Data an instance is the same in every syntax but its encoding: it leaves in ELE.
            for (InstanceRow r : rows.stream().filter(InstanceRow::hasPixels).toList()) {
                String why = DicomOut.notHtj2k(retrieve.rendering(r).format(), r.frames());
                if (why != null) {
                    throw Refusal.NOT_ACCEPTABLE.because("instance " + r.sopInstanceUid() + " cannot be sent as HTJ2K ("
                            + syntax + ") without transcoding: " + why);
                }
            }
        }
        Multipart multipart = new Multipart();
        StreamingOutput body = out -> {
            for (InstanceRow r : rows) {
                InstanceWriter.Part10 p = writer.write(r, syntax, r.hasPixels() ? level.levelFor(r.frames().get(0)) : 0);
                multipart.part(out, "application/dicom; transfer-syntax=" + p.transferSyntax(), p.bytes());
                out.flush();
            }
            multipart.end(out);
        };
        return Reply.streamed(multipart.contentType("application/dicom"), body);
    }

    // ---- frames ----------------------------------------------------------------------------------------

    Reply frames(Scope scope, FrameList frameList, Accept accept, LevelRequest level, String range) {
        InstanceRow row = retrieve.instance(scope, Format.DICOM);
        List<FrameRow> wanted = frameList.select(row);
        Negotiation.FrameChoice choice = Negotiation.frameSyntax(accept, wanted.size() == 1);
        if (range != null && wanted.size() == 1 && servesStored(choice, wanted.get(0))) {
            return ByteRanges.reply(served, frames, wanted.get(0), range);
        }
        return frameParts(row, wanted, choice, level);
    }

    /**
     * The answer {@link #frames} gives, when it can be made from memory alone: the instance's row kept and every
     * frame asked for in the cache, as stored HTJ2K. Else null, and the request goes to a worker thread for
     * {@link #frames}. Nothing here waits, so the frames route may call it on the event loop.
     */
    Reply framesFromMemory(Scope scope, FrameList frameList, Accept accept, LevelRequest level, String range) {
        InstanceRow row = retrieve.kept(scope, Format.DICOM);
        if (row == null) {
            return null;
        }
        List<FrameRow> wanted = frameList.select(row);
        Negotiation.FrameChoice choice = Negotiation.frameSyntax(accept, wanted.size() == 1);
        if (wanted.stream().anyMatch(f -> f.codec() != Frame.Codec.HTJ2K || !servesStored(choice, f))) {
            return null;
        }
        if (range != null && wanted.size() == 1) {
            return ByteRanges.fromMemory(served, wanted.get(0), range);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (FrameRow f : wanted) {
            byte[] b = served.heldHtj2k(f, level.levelFor(f));
            if (b == null) {
                return null;
            }
            bodies.add(b);
        }
        bodies.forEach(b -> Meters.frameCache(true));
        return answer(choice, Collections.nCopies(bodies.size(), htj2kType(choice)), bodies);
    }

    Reply frameParts(InstanceRow row, List<FrameRow> wanted, Negotiation.FrameChoice choice, LevelRequest level) {
        List<String> types = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (FrameRow f : wanted) {
            int k = level.levelFor(f);
            if (servesStored(choice, f)) {
                bodies.add(served.htj2k(f, k));
                types.add(htj2kType(choice));
            } else if (f.codec() == Frame.Codec.FLOAT && choice.syntax() != Negotiation.FrameSyntax.HTJ2K) {
                bodies.add(frames.floatBytes(f, k));  // Float or Double Float Pixel Data, as little-endian words
                types.add(MediaTypes.OCTET_STREAM + "; transfer-syntax=" + DicomOut.EXPLICIT_LE);
            } else if (choice.syntax() == Negotiation.FrameSyntax.HTJ2K) {
                throw Refusal.NOT_ACCEPTABLE.because("frame " + f.number() + " is kept in the lossless fallback (samples "
                        + "HTJ2K cannot hold); ask for application/octet-stream or transfer-syntax=*");
            } else {
                PixelFormat pf = retrieve.rendering(row).format();
                bodies.add(NativePixels.of(List.of(frames.decode(f, k, pf)), pf));
                types.add(MediaTypes.OCTET_STREAM + "; transfer-syntax=" + DicomOut.EXPLICIT_LE);
            }
        }
        return answer(choice, types, bodies);
    }

    private static String htj2kType(Negotiation.FrameChoice choice) {
        return MediaTypes.JPHC + "; transfer-syntax=" + choice.htj2kUid();
    }

    /** The frames' bodies, one part each, or the single body itself when the client asked for a single part. */
    private static Reply answer(Negotiation.FrameChoice choice, List<String> types, List<byte[]> bodies) {
        if (!choice.multipart()) {
            return Reply.of(types.get(0), bodies.get(0));
        }
        Multipart multipart = new Multipart();
        String rootType = types.get(0).substring(0, types.get(0).indexOf(';'));
        return Reply.of(multipart.contentType(rootType), multipart.chunks(types, bodies));
    }

    /**
     * Whether the frame leaves as HTJ2K: a stored HTJ2K frame unless native words were asked for; a frame waiting for
     * its compression only when HTJ2K was asked for ("*" takes it as stored: native words, no encoding).
     */
    private static boolean servesStored(Negotiation.FrameChoice choice, FrameRow f) {
        return f.codec() == Frame.Codec.HTJ2K ? choice.syntax() != Negotiation.FrameSyntax.NATIVE
                : f.codec() == Frame.Codec.RAW && choice.syntax() == Negotiation.FrameSyntax.HTJ2K;
    }

    // ---- bulk data and representative instances -----------------------------------------------------------

    /**
     * Bulk data by the path its BulkDataURI gave: {@code 7FE00010} is the Pixel Data (every frame, negotiated as
     * frames are; {@code 7FE00008} and {@code 7FE00009} are a parametric map's Float and Double Float Pixel Data);
     * any other path (tags and 1-based item numbers, e.g. {@code 00540016/1/00181072}) is a binary
     * value of the header, sent as it is stored, little endian.
     */
    Reply bulkData(Scope scope, String path, Accept accept, LevelRequest level) {
        InstanceRow row = retrieve.instance(scope, Format.DICOM);
        if (path.equalsIgnoreCase("7FE00010") || path.equalsIgnoreCase("7FE00008") || path.equalsIgnoreCase("7FE00009")) {
            Retrieve.requirePixels(row);
            return frameParts(row, row.frames(), Negotiation.frameSyntax(accept, row.frames().size() == 1), level);
        }
        Negotiation.FrameChoice choice = Negotiation.frameSyntax(accept, true);
        if (choice.syntax() == Negotiation.FrameSyntax.HTJ2K) {
            throw Refusal.NOT_ACCEPTABLE.because("bulk data other than Pixel Data is offered as application/octet-stream only");
        }
        byte[] value;
        if (row.bulkData().contains(BulkDataPath.normalise(path))) {
            value = retrieve.bulkData(row, BulkDataPath.normalise(path));  // kept apart: the header is not read
        } else {
            try {
                value = BulkDataPath.find(retrieve.header(row), path).getByteValues(false);
            } catch (com.pixelmed.dicom.DicomException e) {
                throw Refusal.NOT_FOUND.because("no binary value at " + path + " in instance " + scope.sop());
            }
        }
        if (!choice.multipart()) {
            return Reply.of(MediaTypes.OCTET_STREAM, value);
        }
        Multipart multipart = new Multipart();
        return Reply.of(multipart.contentType(MediaTypes.OCTET_STREAM), multipart.chunks(List.of(MediaTypes.OCTET_STREAM), List.of(value)));
    }
}
