package org.mist.dicomweb;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Whole-request refusals become their status with the reason as plain text. */
@Provider
public class DicomWebExceptionMapper implements ExceptionMapper<DicomWebException> {
    @Override
    public Response toResponse(DicomWebException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity(e.getMessage() + "\n");
        e.headers().forEach(b::header);
        return b.build();
    }
}
