package org.mist.dicomweb;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Map;

/** What a DICOMweb service answers: status, Content-Type, extra headers, and a body in memory or streamed. */
record Reply(int status, String contentType, Map<String, String> headers, byte[] bytes, StreamingOutput stream) {

    static Reply of(String contentType, byte[] bytes) {
        return new Reply(200, contentType, Map.of(), bytes, null);
    }

    static Reply streamed(String contentType, StreamingOutput stream) {
        return new Reply(200, contentType, Map.of(), null, stream);
    }

    Response response() {
        Response.ResponseBuilder b = Response.status(status).type(contentType).entity(bytes != null ? bytes : stream);
        headers.forEach(b::header);
        return b.build();
    }
}
