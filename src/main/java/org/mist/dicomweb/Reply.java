package org.mist.dicomweb;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Map;

/**
 * What a DICOMweb service answers: status, Content-Type, extra headers, and a body that is either in memory,
 * as chunks sent one after another (so multipart framing is never copied around a frame), or streamed.
 */
record Reply(int status, String contentType, Map<String, String> headers, List<byte[]> chunks, StreamingOutput stream) {

    static Reply of(String contentType, byte[] bytes) {
        return new Reply(200, contentType, Map.of(), List.of(bytes), null);
    }

    static Reply of(String contentType, List<byte[]> chunks) {
        return new Reply(200, contentType, Map.of(), chunks, null);
    }

    static Reply streamed(String contentType, StreamingOutput stream) {
        return new Reply(200, contentType, Map.of(), null, stream);
    }

    /** As a JAX-RS response. */
    Response response() {
        Object entity = stream;
        if (chunks != null) {
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

    /** Sent on a Vert.x response in one write: the chunks are wrapped, not copied. */
    void send(HttpServerResponse response) {
        if (chunks == null) {
            throw new IllegalStateException("a streamed reply goes through JAX-RS");
        }
        // Codestreams and pixel words do not shrink under gzip: keep the server's compression off them.
        response.setStatusCode(status).putHeader("Content-Type", contentType).putHeader("Content-Encoding", "identity");
        headers.forEach(response::putHeader);
        byte[][] arrays = chunks.toArray(byte[][]::new);
        response.end(Buffer.buffer(Unpooled.wrappedBuffer(arrays)));
    }
}
