package org.mist.dicomweb;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mist.archive.UploadPace;
import org.mist.archive.UploadSettings;
import org.mist.ingest.IngestResult;

/**
 * STOW-RS for the default store ({@code /dicomweb}) and named ones ({@code /stores/{store}/dicomweb}).
 * These are Vert.x routes rather than JAX-RS resources because Quarkus REST reads a request body before
 * the resource sees it; here the body stays on the connection and is pulled with back-pressure
 * ({@link RequestBodyStream}), so a STOW of any size runs in bounded memory.
 */
@ApplicationScoped
public class StowRoutes {
    static final String DEFAULT_STORE = "default";
    private static final String DICOM_JSON = "application/dicom+json";
    private static final String UID = "([^/]+)";
    /** How long a refused request's body is still read before the connection is closed under it. */
    private static final long DRAIN_MS = 2000;

    @Inject
    StowService stow;
    @Inject
    UploadSettings upload;

    private final ExecutorService requests = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mist-stow-request");
        t.setDaemon(true);
        return t;
    });

    void register(@Observes Router router) {
        // Each route is named by its template, which is how the access matrix test finds it.
        router.post("/dicomweb/studies").order(-10).setName("/dicomweb/studies")
                .handler(ctx -> store(ctx, DEFAULT_STORE, null));
        router.postWithRegex("/dicomweb/studies/" + UID).order(-10).setName("/dicomweb/studies/{study}")
                .handler(ctx -> store(ctx, DEFAULT_STORE, ctx.pathParam("param0")));
        router.postWithRegex("/stores/" + UID + "/dicomweb/studies").order(-10).setName("/stores/{store}/dicomweb/studies")
                .handler(ctx -> store(ctx, ctx.pathParam("param0"), null));
        router.postWithRegex("/stores/" + UID + "/dicomweb/studies/" + UID).order(-10)
                .setName("/stores/{store}/dicomweb/studies/{study}")
                .handler(ctx -> store(ctx, ctx.pathParam("param0"), ctx.pathParam("param1")));
    }

    private void store(RoutingContext ctx, String store, String study) {
        HttpServerRequest request = ctx.request();
        request.pause();
        UploadPace body = new UploadPace(new RequestBodyStream(request, upload.idleTimeout()), upload);
        String contentType = request.getHeader("Content-Type");
        String base = request.scheme() + "://" + request.authority();
        requests.execute(() -> {
            HttpServerResponse response = ctx.response();
            try {
                List<IngestResult> results = stow.store(store, study, contentType, body);
                String studies = base + (DEFAULT_STORE.equals(store) ? "" : "/stores/" + store) + "/dicomweb/studies";
                byte[] json = StowResponse.json(results, studies, study);
                response.setStatusCode(StowResponse.status(results)).putHeader("Content-Type", DICOM_JSON)
                        .end(io.vertx.core.buffer.Buffer.buffer(json));
            } catch (RuntimeException e) {
                refuse(ctx, HttpRefusals.answer(e, "STOW"));
            }
        });
    }

    /**
     * Refuses the request: the unread rest of the body is read and dropped, and the connection closed after the
     * answer once the body has ended, or after {@link #DRAIN_MS} at most. Closing while the client still sends would
     * make the kernel reset the connection, and the client could lose the answer with it (seen: "header parser
     * received no bytes" for a 415).
     */
    private static void refuse(RoutingContext ctx, HttpRefusals.Answer answer) {
        HttpServerRequest request = ctx.request();
        ((HttpServerRequestInternal) request).context().runOnContext(v -> {
            if (!request.isEnded()) {
                request.handler(chunk -> { });
                request.resume();
            }
            answer.send(ctx.response(), true).onComplete(done -> {
                if (request.isEnded()) {
                    request.connection().close();
                    return;
                }
                long timer = ctx.vertx().setTimer(DRAIN_MS, t -> request.connection().close());
                request.endHandler(end -> {
                    ctx.vertx().cancelTimer(timer);
                    request.connection().close();
                });
            });
        });
    }

    @PreDestroy
    void stop() {
        requests.shutdownNow();
    }
}
