package org.mist.dicomweb;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.mist.archive.FrameList;
import org.mist.archive.LevelRequest;
import org.mist.archive.Scope;

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
        String template = "/studies/{study}/series/{series}/instances/{instance}/frames/{frames}";  // the route's name
        router.getWithRegex("/dicomweb" + FRAMES).order(-10).setName("/dicomweb" + template)
                .handler(ctx -> frames(ctx, StowRoutes.DEFAULT_STORE, 0));
        router.getWithRegex("/stores/([^/]+)/dicomweb" + FRAMES).order(-10).setName("/stores/{store}/dicomweb" + template)
                .handler(ctx -> frames(ctx, ctx.pathParam("param0"), 1));
    }

    private void frames(RoutingContext ctx, String store, int first) {
        HttpServerRequest request = ctx.request();
        String study = ctx.pathParam("param" + first);
        String series = ctx.pathParam("param" + (first + 1));
        String instance = ctx.pathParam("param" + (first + 2));
        String frames = ctx.pathParam("param" + (first + 3));
        String acceptParameter = AcceptParameter.fromQuery(request.query());
        String accept = acceptParameter != null ? acceptParameter : request.getHeader("Accept");
        String level = request.getParam("level");
        String resolution = request.getParam("resolution");
        String range = request.getHeader("Range");
        ctx.vertx().executeBlocking(() -> {
            try {
                wado.frames(Scope.instance(store, study, series, instance), FrameList.parse(frames), Accept.parse(accept),
                        LevelRequest.parse(level, resolution), range).send(ctx.response());
            } catch (RuntimeException e) {
                HttpRefusals.send(ctx.response(), e, "frames");
            }
            return null;
        }, false);
    }
}
