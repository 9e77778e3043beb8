package org.mist.dicomweb;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.mist.archive.FrameSource.FileRegion;

/**
 * What a DICOMweb service answers: status, Content-Type, extra headers, and a body that is either in memory,
 * as chunks sent one after another (so multipart framing is never copied around a frame), a region of a local
 * file (sent by the kernel, never read into the heap), or streamed.
 */
record Reply(int status, String contentType, Map<String, String> headers, List<byte[]> chunks, FileRegion file,
             StreamingOutput stream) {

    static Reply of(String contentType, byte[] bytes) {
        return new Reply(200, contentType, Map.of(), List.of(bytes), null, null);
    }

    static Reply of(String contentType, List<byte[]> chunks) {
        return new Reply(200, contentType, Map.of(), chunks, null, null);
    }

    static Reply of(int status, String contentType, Map<String, String> headers, byte[] bytes) {
        return new Reply(status, contentType, headers, List.of(bytes), null, null);
    }

    static Reply of(int status, String contentType, Map<String, String> headers, FileRegion file) {
        return new Reply(status, contentType, headers, null, file, null);
    }

    static Reply streamed(String contentType, StreamingOutput stream) {
        return new Reply(200, contentType, Map.of(), null, null, stream);
    }

    /** As a JAX-RS response. */
    Response response() {
        Object entity = stream;
        if (file != null) {
            entity = (StreamingOutput) out -> {
                try (FileChannel c = FileChannel.open(file.file(), StandardOpenOption.READ)) {
                    c.transferTo(file.offset(), file.length(), Channels.newChannel(out));
                }
            };
        } else if (chunks != null) {
            entity = chunks.size() == 1 ? chunks.get(0) : (StreamingOutput) out -> {
                for (byte[] c : chunks) {
                    out.write(c);
                }
            };
        }
        Response.ResponseBuilder b = Response.status(status).type(contentType).entity(entity);
        headers.forEach(b::header);
        return b.build();
    }

    /** Sent on a Vert.x response in one write (the chunks are wrapped, not copied), or a file region by sendfile. */
    void send(HttpServerResponse response) {
        if (stream != null) {
            throw new IllegalStateException("a streamed reply goes through JAX-RS");
        }
        // Codestreams and pixel words do not shrink under gzip: keep the server's compression off them.
        response.setStatusCode(status).putHeader("Content-Type", contentType).putHeader("Content-Encoding", "identity");
        headers.forEach(response::putHeader);
        if (file != null) {
            response.sendFile(file.file().toString(), file.offset(), file.length());
            return;
        }
        byte[][] arrays = chunks.toArray(byte[][]::new);
        response.end(Buffer.buffer(Unpooled.wrappedBuffer(arrays)));
    }
}
