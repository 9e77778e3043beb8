package org.mist.dicomweb;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * WADO-RS frames ({@code .../instances/{uid}/frames/{list}}), the hottest read path, as Vert.x routes: the
 * answer's chunks (part headers, codestreams, closing delimiter) go out in one write, wrapped rather
 * than copied, and no JAX-RS layer sits between the request and {@link WadoService}.
 */
@ApplicationScoped
public class FrameRoutes {
    private static final String FRAMES = "/studies/([^/]+)/series/([^/]+)/instances/([^/]+)/frames/([^/]+)";

    @Inject
    WadoService wado;

    void register(@Observes Router router) {
        router.getWithRegex("/dicomweb" + FRAMES).order(-10).handler(ctx -> frames(ctx, StowRoutes.DEFAULT_STORE, 0));
        router.getWithRegex("/stores/([^/]+)/dicomweb" + FRAMES).order(-10)
                .handler(ctx -> frames(ctx, ctx.pathParam("param0"), 1));
    }

    private void frames(RoutingContext ctx, String store, int first) {
        HttpServerRequest request = ctx.request();
        String study = ctx.pathParam("param" + first);
        String series = ctx.pathParam("param" + (first + 1));
        String instance = ctx.pathParam("param" + (first + 2));
        String frames = ctx.pathParam("param" + (first + 3));
        String acceptParameter = request.getParam("accept");
        String accept = acceptParameter != null && !acceptParameter.isBlank() ? acceptParameter : request.getHeader("Accept");
        String level = request.getParam("level");
        String resolution = request.getParam("resolution");
        String range = request.getHeader("Range");
        ctx.vertx().executeBlocking(() -> {
            try {
                wado.frames(store, study, series, instance, frames, Accept.parse(accept),
                        LevelParam.parse(level, resolution), range).send(ctx.response());
            } catch (DicomWebException e) {
                ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "text/plain; charset=UTF-8");
                e.headers().forEach(ctx.response()::putHeader);
                ctx.response().end(e.getMessage() + "\n");
            } catch (RuntimeException e) {
                Log.errorf(e, "frames %s of %s failed", frames, instance);
                ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=UTF-8")
                        .end("frames failed: " + e.getMessage() + "\n");
            }
            return null;
        }, false);
    }
}
