package org.mist.dicomweb;

import com.pixelmed.dicom.AttributeList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mist.dicom.PixelFormat;
import org.mist.dicom.Uids;
import org.mist.formats.DicomOut;
import org.mist.formats.FrameSource;
import org.mist.formats.InstanceWriter;
import org.mist.formats.NativePixels;
import org.mist.formats.Rendering;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ObjectKeys;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Series;

/**
 * WADO-RS retrieval of instances and frames (PS3.18 10.4) for DICOM-origin data. Instances leave as
 * Part 10 in Explicit VR Little Endian or encapsulated HTJ2K; frames as the stored codestream (or the
 * standalone level-k stream cut from its prefix) or as decoded native words.
 */
@ApplicationScoped
public class WadoService {
    static final String OCTET_STREAM = "application/octet-stream";
    static final String JPHC = "image/jphc";
    private static final int CACHE_ENTRIES = 100_000;

    @Inject
    ArchiveIndex index;
    @Inject
    FrameSource frames;
    @Inject
    InstanceWriter writer;

    /** Committed instance rows never change, so they are kept once read. */
    private final Map<String, InstanceRow> instanceCache = new ConcurrentHashMap<>();
    private final Map<Long, Rendering> renderingCache = new ConcurrentHashMap<>();

    /** The instances a request names; 404 when there are none. */
    List<InstanceRow> instances(String store, String study, String series, String sop) {
        checkUids(store, study, series, sop);
        List<InstanceRow> rows = index.instances(store, study, series, sop);
        if (rows.isEmpty()) {
            throw new DicomWebException(404, "no " + (sop != null ? "instance " + sop : series != null ? "series " + series
                    : "study " + study) + " in store " + store);
        }
        return dicomOrigin(rows);
    }

    InstanceRow instance(String store, String study, String series, String sop) {
        String key = store + "|" + study + "|" + series + "|" + sop;
        InstanceRow row = instanceCache.get(key);
        if (row == null) {
            row = instances(store, study, series, sop).get(0);
            if (instanceCache.size() >= CACHE_ENTRIES) {
                instanceCache.clear();
            }
            instanceCache.put(key, row);
        }
        return row;
    }

    static void checkUids(String store, String... uids) {
        if (!ObjectKeys.validStoreName(store)) {
            throw new DicomWebException(404, "no store named \"" + store + "\"");
        }
        for (String uid : uids) {
            if (uid != null && !Uids.valid(uid)) {
                throw new DicomWebException(400, Uids.problem(uid));
            }
        }
    }

    private static List<InstanceRow> dicomOrigin(List<InstanceRow> rows) {
        for (InstanceRow r : rows) {
            if (r.originFormat() != Series.OriginFormat.DICOM) {
                throw new DicomWebException(406, r.originFormat() + "-origin data cannot be served as DICOM: "
                        + "there is no DICOM metadata to convert up to");
            }
        }
        return rows;
    }

    AttributeList header(InstanceRow row) {
        return writer.header(row);
    }

    Rendering rendering(InstanceRow row) {
        return renderingCache.computeIfAbsent(row.id(), id -> {
            if (renderingCache.size() >= CACHE_ENTRIES) {
                renderingCache.clear();
            }
            return Rendering.of(header(row));
        });
    }

    // ---- instances -------------------------------------------------------------------------------------

    Reply retrieve(String store, String study, String series, String sop, Accept accept, LevelParam level) {
        String syntax = Negotiation.instanceSyntax(accept);
        List<InstanceRow> rows = instances(store, study, series, sop);
        for (InstanceRow r : rows) {
            r.frames().forEach(level::levelFor);
        }
        boolean explicitHtj2k = !syntax.equals(DicomOut.EXPLICIT_LE) && !syntax.equals("*");
        if (explicitHtj2k) {
            for (InstanceRow r : rows) {
                String why = DicomOut.notHtj2k(rendering(r).format(), r.frames());
                if (why != null) {
                    throw new DicomWebException(406, "instance " + r.sopInstanceUid() + " cannot be sent as HTJ2K ("
                            + syntax + ") without transcoding: " + why);
                }
            }
        }
        Multipart multipart = new Multipart();
        StreamingOutput body = out -> {
            for (InstanceRow r : rows) {
                InstanceWriter.Part10 p = writer.write(r, syntax, level.levelFor(r.frames().get(0)));
                multipart.part(out, "application/dicom; transfer-syntax=" + p.transferSyntax(), p.bytes());
                out.flush();
            }
            multipart.end(out);
        };
        return Reply.streamed(multipart.contentType("application/dicom"), body);
    }

    // ---- frames ----------------------------------------------------------------------------------------

    Reply frames(String store, String study, String series, String sop, String frameList, Accept accept,
                 LevelParam level, String range) {
        InstanceRow row = instance(store, study, series, sop);
        List<FrameRow> wanted = select(row, frameList);
        Negotiation.FrameChoice choice = Negotiation.frameSyntax(accept, wanted.size() == 1);
        if (range != null && wanted.size() == 1 && servesStored(choice, wanted.get(0))) {
            return ByteRanges.reply(frames, wanted.get(0), range);
        }
        return frameParts(row, wanted, choice, level);
    }

    Reply frameParts(InstanceRow row, List<FrameRow> wanted, Negotiation.FrameChoice choice, LevelParam level) {
        List<String> types = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (FrameRow f : wanted) {
            int k = level.levelFor(f);
            if (servesStored(choice, f)) {
                bodies.add(frames.htj2k(f, k));
                types.add(JPHC + "; transfer-syntax=" + choice.htj2kUid());
            } else if (choice.syntax() == Negotiation.FrameSyntax.HTJ2K) {
                throw new DicomWebException(406, "frame " + f.number() + " is kept in the lossless fallback (samples "
                        + "HTJ2K cannot hold); ask for application/octet-stream or transfer-syntax=*");
            } else {
                PixelFormat pf = rendering(row).format();
                bodies.add(NativePixels.of(List.of(frames.decode(f, k, pf)), pf));
                types.add(OCTET_STREAM + "; transfer-syntax=" + DicomOut.EXPLICIT_LE);
            }
        }
        if (!choice.multipart()) {
            return Reply.of(types.get(0), bodies.get(0));
        }
        Multipart multipart = new Multipart();
        String rootType = types.get(0).substring(0, types.get(0).indexOf(';'));
        return Reply.of(multipart.contentType(rootType), multipart.chunks(types, bodies));
    }

    private static boolean servesStored(Negotiation.FrameChoice choice, FrameRow f) {
        return f.codec() == Frame.Codec.HTJ2K && choice.syntax() != Negotiation.FrameSyntax.NATIVE;
    }

    /** Frame numbers "1,3,5" (1-based, as in DICOM); a number the instance does not have is 404. */
    static List<FrameRow> select(InstanceRow row, String frameList) {
        List<FrameRow> out = new ArrayList<>();
        for (String s : frameList.split(",")) {
            int n;
            try {
                n = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new DicomWebException(400, "frame list must be numbers separated by commas, not \"" + frameList + "\"");
            }
            if (n < 1 || n > row.frames().size()) {
                throw new DicomWebException(404, "instance " + row.sopInstanceUid() + " has frames 1.." + row.frames().size()
                        + ", not " + n);
            }
            out.add(row.frames().get(n - 1));
        }
        return out;
    }

    // ---- bulk data and representative instances -----------------------------------------------------------

    /**
     * Bulk data by the path its BulkDataURI gave: {@code 7FE00010} is the Pixel Data (every frame, negotiated as
     * frames are); any other path (tags and 1-based item numbers, e.g. {@code 00540016/1/00181072}) is a binary
     * value of the header, sent as it is stored, little endian.
     */
    Reply bulkData(String store, String study, String series, String sop, String path, Accept accept, LevelParam level) {
        InstanceRow row = instance(store, study, series, sop);
        if (path.equalsIgnoreCase("7FE00010")) {
            return frameParts(row, row.frames(), Negotiation.frameSyntax(accept, row.frames().size() == 1), level);
        }
        Negotiation.FrameChoice choice = Negotiation.frameSyntax(accept, true);
        if (choice.syntax() == Negotiation.FrameSyntax.HTJ2K) {
            throw new DicomWebException(406, "bulk data other than Pixel Data is offered as application/octet-stream only");
        }
        com.pixelmed.dicom.Attribute a = BulkDataPath.find(header(row), path);
        byte[] value;
        try {
            value = a.getByteValues(false);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomWebException(404, "no binary value at " + path + " in instance " + sop);
        }
        if (!choice.multipart()) {
            return Reply.of(OCTET_STREAM, value);
        }
        Multipart multipart = new Multipart();
        return Reply.of(multipart.contentType(OCTET_STREAM), multipart.chunks(List.of(OCTET_STREAM), List.of(value)));
    }

    /** The instance a series' or study's thumbnail shows: the middle one of the (first) series. */
    InstanceRow representative(String store, String study, String series) {
        List<InstanceRow> rows = instances(store, study, series, null);
        String first = rows.get(0).series();
        List<InstanceRow> inSeries = rows.stream().filter(r -> r.series().equals(first)).toList();
        return inSeries.get(inSeries.size() / 2);
    }
}
