package org.mist.dicomweb;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.mist.archive.ArchiveException;
import org.mist.archive.Incidents;
import org.mist.archive.Refusal;

/**
 * The one place where HTTP meets the archive's refusals (every HTTP door: DICOMweb, {@code /api}): a refusal
 * becomes its status with the reason as plain text; anything else is a 500 whose body holds a correlation id
 * and nothing of the server. JAX-RS resources reach this through {@link Mapper}, Vert.x routes call
 * {@link #send} (PS3.18 8.5 and RFC 9110 give the statuses).
 */
public final class HttpRefusals {
    private HttpRefusals() {
    }

    public static int status(Refusal r) {
        return switch (r) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case NOT_ACCEPTABLE -> 406;
            case TOO_SLOW -> 408;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case RANGE_NOT_SATISFIABLE -> 416;
            case UNAVAILABLE -> 503;
        };
    }

    /** An answer for {@code e}: the refusal's status and reason, or a 500 with an incident id (logged). */
    public static Answer answer(Throwable e, String what) {
        if (e instanceof Refusal.Carrier c) {
            String range = e instanceof ArchiveException.RangeNotSatisfiable r ? "bytes */" + r.size() : null;
            return new Answer(status(c.refusal()), c.getMessage(), range);
        }
        return new Answer(500, Incidents.report(what, e), null);
    }

    /** Status, reason and the Content-Range a 416 carries (else null). */
    public record Answer(int status, String reason, String contentRange) {
        Response response() {
            Response.ResponseBuilder b = Response.status(status).type("text/plain; charset=UTF-8").entity(reason + "\n");
            if (contentRange != null) {
                b.header("Content-Range", contentRange);
            }
            return b.build();
        }

        public Future<Void> send(HttpServerResponse response, boolean close) {
            response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=UTF-8");
            if (contentRange != null) {
                response.putHeader("Content-Range", contentRange);
            }
            if (close) {
                response.putHeader("Connection", "close");
            }
            return response.end(reason + "\n");
        }
    }

    /** For the Vert.x routes (frames, STOW). */
    static void send(HttpServerResponse response, Throwable e, String what) {
        answer(e, what).send(response, false);
    }

    /** Every JAX-RS resource's exceptions; JAX-RS' own (unknown path, wrong method) keep their answers. */
    @Provider
    public static final class Mapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof WebApplicationException w && w.getResponse() != null) {
                return w.getResponse();
            }
            return answer(e, "request").response();
        }
    }
}
