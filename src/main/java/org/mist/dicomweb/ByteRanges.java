package org.mist.dicomweb;

import java.util.Map;
import org.mist.archive.ByteRange;
import org.mist.archive.FrameSource;
import org.mist.formats.DicomOut;
import org.mist.store.ArchiveIndex.FrameRow;

/**
 * {@code Range: bytes=a-b} on one HTJ2K frame (RFC 9110 14): 206 with exactly those bytes of the stored
 * codestream, single-part. A client that knows {@code levelEnds} (from the levels table) reads level k as
 * {@code bytes=0-(levelEnds[k]-1)}. One range per request; anything else is 416.
 */
final class ByteRanges {
    private ByteRanges() {
    }

    static Reply reply(FrameSource frames, FrameRow f, String header) {
        ByteRange r = ByteRange.parse(header, f.byteSize());
        String type = MediaTypes.JPHC + "; transfer-syntax=" + DicomOut.HTJ2K_LOSSLESS_RPCL;
        Map<String, String> headers = Map.of("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + f.byteSize(),
                "Accept-Ranges", "bytes");
        return frames.region(f, r.first(), r.length()).map(region -> Reply.of(206, type, headers, region))
                .orElseGet(() -> Reply.of(206, type, headers, frames.range(f, r.first(), r.length())));
    }
}
