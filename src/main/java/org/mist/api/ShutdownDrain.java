package org.mist.api;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Graceful shutdown for replicas behind a balancer. From the moment the process is told to stop (SIGTERM, as
 * {@code docker stop} and Kubernetes send it), every new HTTP request except the health and metrics endpoints is
 * answered 503 with Retry-After and the connection closed, so a balancer sends it elsewhere, while the requests
 * already running (a STOW-RS whose parts are still arriving) go on: Quarkus waits for them up to
 * {@code quarkus.shutdown.timeout} before it stops the server. Readiness goes down at the same moment
 * (SmallRye Health's own shutdown check).
 */
@ApplicationScoped
public class ShutdownDrain {
    /** Runs before every route, JAX-RS or Vert.x (filters with a higher priority run first). */
    private static final int PRIORITY = 10_000;

    @ConfigProperty(name = "mist.shutdown.retry-after", defaultValue = "5")
    int retryAfterSeconds;

    private volatile boolean draining;

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            if (!draining || ctx.normalizedPath().startsWith("/q/")) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(503).putHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .putHeader("Connection", "close").putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("this MIST replica is shutting down; send the request again (to another replica)");
        }, PRIORITY);
    }

    /** Fired by Quarkus as the first step of its shutdown, before it waits for the requests in flight. */
    void drain(@Observes ShutdownDelayInitiatedEvent e) {
        draining = true;
        Log.info("shutting down: new HTTP requests get 503, requests in flight may finish");
    }
}
