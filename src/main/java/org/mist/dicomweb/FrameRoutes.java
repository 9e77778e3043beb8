package org.mist.dicomweb;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
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
    private static final String TEMPLATE = "/studies/{study}/series/{series}/instances/{instance}/frames/{frames}";
    private static final String IN_DEFAULT_STORE = "/dicomweb" + FRAMES;
    private static final String IN_NAMED_STORE = "/stores/([^/]+)/dicomweb" + FRAMES;
    /** The frame routes (GET): path expression and name (the template); {@code AccessFilter} guards the same. */
    public static final Map<String, String> ROUTES = Map.of(IN_DEFAULT_STORE, "/dicomweb" + TEMPLATE,
            IN_NAMED_STORE, "/stores/{store}/dicomweb" + TEMPLATE);
    /**
     * Before Quarkus' own request filters (its authentication handler at order -200, the REST layer's at -199),
     * after CORS (-300) and the shutdown drain. Those filters serve identities and JAX-RS, which these routes do not
     * use, and cost a frame request a quarter of its CPU: the REST layer's matches every path against every JAX-RS
     * template for the metrics of refused requests (docs/DECISIONS.md). {@code AccessFilter} guards these paths
     * just before.
     */
    public static final int ORDER = -250;

    @Inject
    WadoService wado;

    void register(@Observes Router router) {
        router.getWithRegex(IN_DEFAULT_STORE).order(ORDER).setName(ROUTES.get(IN_DEFAULT_STORE))
                .handler(ctx -> frames(ctx, StowRoutes.DEFAULT_STORE, 0));
        router.getWithRegex(IN_NAMED_STORE).order(ORDER).setName(ROUTES.get(IN_NAMED_STORE))
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
        Scope scope;
        FrameList list;
        Accept wanted;
        LevelRequest at;
        try {
            scope = Scope.instance(store, study, series, instance);
            list = FrameList.parse(frames);
            wanted = Accept.parse(accept);
            at = LevelRequest.parse(level, resolution);
            // A frame a viewer read before is answered here on the event loop, without the hand-off to a worker
            // thread and back; anything that needs the database or the object store goes to a worker.
            Reply fromMemory = wado.framesFromMemory(scope, list, wanted, at, range);
            if (fromMemory != null) {
                fromMemory.send(ctx.response());
                return;
            }
        } catch (RuntimeException e) {
            HttpRefusals.send(ctx.response(), e, "frames");
            return;
        }
        ctx.vertx().executeBlocking(() -> {
            try {
                wado.frames(scope, list, wanted, at, range).send(ctx.response());
            } catch (RuntimeException e) {
                HttpRefusals.send(ctx.response(), e, "frames");
            }
            return null;
        }, false);
    }
}
