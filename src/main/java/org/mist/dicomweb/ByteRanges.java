package org.mist.dicomweb;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mist.archive.ByteRange;
import org.mist.archive.FrameCache;
import org.mist.archive.FrameSource;
import org.mist.archive.Meters;
import org.mist.formats.DicomOut;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.entity.Frame;

/**
 * {@code Range: bytes=a-b} on one HTJ2K frame (RFC 9110 14): 206 with exactly those bytes of the stored
 * codestream, single-part. A client that knows {@code levelEnds} (from the levels table) reads level k as
 * {@code bytes=0-(levelEnds[k]-1)}. One range per request; anything else is 416.
 */
final class ByteRanges {
    private ByteRanges() {
    }

    static Reply reply(FrameCache served, FrameSource frames, FrameRow f, String header) {
        // A frame still waiting for compression: the range is of the codestream it will have, made now.
        byte[] whole = f.codec() == Frame.Codec.RAW ? frames.compressNow(f) : null;
        long size = whole != null ? whole.length : f.byteSize();
        ByteRange r = ByteRange.parse(header, size);
        byte[] body = whole != null ? Arrays.copyOfRange(whole, (int) r.first(), (int) (r.first() + r.length()))
                : served.range(f, r.first(), r.length());
        Meters.frameBytes("range", body.length);
        return partial(r, size, body);
    }

    /** The same answer for a stored HTJ2K frame whose range is in the cache, else null (nothing is read). */
    static Reply fromMemory(FrameCache served, FrameRow f, String header) {
        ByteRange r = ByteRange.parse(header, f.byteSize());
        byte[] body = served.heldRange(f, r.first(), r.length());
        if (body == null) {
            return null;
        }
        Meters.frameCache(true);
        Meters.frameBytes("range", body.length);
        return partial(r, f.byteSize(), body);
    }

    private static Reply partial(ByteRange r, long size, byte[] body) {
        return new Reply(206, MediaTypes.JPHC + "; transfer-syntax=" + DicomOut.HTJ2K_LOSSLESS_RPCL,
                Map.of("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size, "Accept-Ranges", "bytes"),
                List.of(body), null);
    }
}
