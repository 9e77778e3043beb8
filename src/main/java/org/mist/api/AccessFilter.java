package org.mist.api;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.ConnectException;
import org.eclipse.microprofile.config.Config;
import org.mist.access.AccessSettings;
import org.mist.access.ApiKeys;
import org.mist.access.AuditTrail;
import org.mist.access.Caller;
import org.mist.access.Exposure;
import org.mist.archive.ArchiveException;
import org.mist.archive.Refusal;
import org.mist.dicomweb.FrameRoutes;
import org.mist.dicomweb.HttpRefusals;

/**
 * The one guard of every HTTP door (DICOMweb resources and Vert.x routes, {@code /api}, the pages, OpenAPI,
 * metrics). Before any route runs it finds the caller (an API key, a bearer token checked by Quarkus OIDC, or
 * nobody), takes the request's {@link RouteRules rule}, refuses with 401 or 403 when the caller may not, and
 * records the access in the audit trail when the answer is complete. Routes then find the caller with
 * {@link #caller}.
 */
@ApplicationScoped
public class AccessFilter {
    /**
     * After Quarkus' CORS and authentication handlers (300, 200), before every route (Vert.x routes are at -10); the
     * frame routes, ahead of Quarkus' filters, have guards of their own ({@link #registerBeforeFrames}).
     */
    private static final int PRIORITY = 50;
    private static final String CALLER = Caller.class.getName();

    @Inject
    AccessSettings settings;
    @Inject
    ApiKeys keys;
    @Inject
    AuditTrail audit;
    @Inject
    TenantIdentityProvider tokens;

    private final VerifiedTokens verified = new VerifiedTokens();


    /** The same check as {@code Main}'s, for every other way the service starts (tests, {@code quarkus:dev}). */
    void check(@Observes StartupEvent e, Config config) {
        String problem = config.getOptionalValue("quarkus.profile", String.class).orElse("").contains("cli") ? null
                : Exposure.problem(config);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    void register(@Observes Filters filters) {
        filters.register(ctx -> handle(ctx, false), PRIORITY);
    }

    /**
     * The frame routes run before Quarkus' filters ({@link FrameRoutes#ORDER}), so they are guarded by routes of their
     * own, named as the route they guard; their successful reads are gathered in the audit trail
     * ({@link AuditTrail#recordRead}).
     */
    void registerBeforeFrames(@Observes Router router) {
        FrameRoutes.ROUTES.forEach((path, name) -> router.getWithRegex(path).order(FrameRoutes.ORDER - 1).setName(name)
                .handler(ctx -> handle(ctx, true)));
    }

    /** The caller the guard found for this request (nobody, when the guard did not run). */
    public static Caller caller(RoutingContext ctx) {
        Caller c = ctx == null ? null : ctx.get(CALLER);
        return c == null ? Caller.ANONYMOUS : c;
    }

    private void handle(RoutingContext ctx, boolean frequentRead) {
        RouteRules.Rule rule = RouteRules.of(ctx.request().method().name(), ctx.normalizedPath());
        Context home = Vertx.currentContext();
        identify(ctx).subscribe().with(caller -> onContext(home, () -> admit(ctx, rule, caller, frequentRead)), failure -> {
            ArchiveException refused = failure instanceof ArchiveException a ? a
                    : unreachable(failure) ? Refusal.UNAVAILABLE.because("the identity provider (MIST_OIDC_ISSUER) cannot be"
                            + " reached to check the token; try again")
                    // Quarkus OIDC's reasons are for the log, not for the client
                    : Refusal.UNAUTHENTICATED.because("the bearer token is not valid here (expired, for another audience,"
                            + " or not signed by the issuer)");
            onContext(home, () -> refuse(ctx, rule, Caller.ANONYMOUS, refused, AuditTrail.Type.USER_AUTHENTICATION));
        });
    }

    /** Whether a token could not be checked because the issuer (its discovery document, its keys) was not reached. */
    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof OIDCException) {
                return true;
            }
        }
        return false;
    }

    /** Routes go on on the request's own event loop, whichever thread checked the credentials. */
    private static void onContext(Context home, Runnable step) {
        if (home == null || Vertx.currentContext() == home) {
            step.run();
        } else {
            home.runOnContext(v -> step.run());
        }
    }

    private void admit(RoutingContext ctx, RouteRules.Rule rule, Caller caller, boolean frequentRead) {
        try {
            switch (rule.need()) {
                case PUBLIC -> { }
                case AUTHENTICATED -> caller.requireAuthenticated("use this");
                case STORE -> caller.require(rule.store(), rule.permission());
                case EVERY_STORE -> {
                    if (!caller.mayReadEveryStore()) {
                        throw caller.refusal(rule.describe());
                    }
                }
                case ADMIN -> caller.requireAdmin(rule.describe());
            }
        } catch (ArchiveException refused) {
            refuse(ctx, rule, caller, refused, rule.event());
            return;
        }
        ctx.put(CALLER, caller);
        if (rule.event() != null) {
            ctx.addEndHandler(done -> {
                int status = ctx.response().getStatusCode();
                if (frequentRead && status < 400) {
                    audit.recordRead(rule.event(), rule.action(), caller, source(ctx), rule.door(), operation(ctx), status,
                            rule.store(), rule.study(), rule.series(), rule.instance());
                } else {
                    record(ctx, rule, caller, rule.event(), status);
                }
            });
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx, RouteRules.Rule rule, Caller caller, ArchiveException refused,
                        AuditTrail.Type event) {
        HttpRefusals.Answer answer = HttpRefusals.answer(refused, "access");
        if (answer.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"mist\"");
        }
        record(ctx, rule, caller, event == null ? AuditTrail.Type.APPLICATION_ACTIVITY : event, answer.status());
        // A refused STOW's body is not read: the connection closes rather than take gigabytes to skip them.
        String length = ctx.request().getHeader("Content-Length");
        boolean body = length != null && !length.equals("0") || ctx.request().getHeader("Transfer-Encoding") != null;
        answer.send(ctx.response(), body && !ctx.request().isEnded());
    }

    private void record(RoutingContext ctx, RouteRules.Rule rule, Caller caller, AuditTrail.Type event, int status) {
        audit.record(event, rule.action() == null ? "E" : rule.action(), AuditTrail.outcome(status >= 400 && status < 500,
                status >= 500), caller, source(ctx), rule.door(), operation(ctx), status, rule.store(), rule.study(),
                rule.series(), rule.instance());
    }

    private static String source(RoutingContext ctx) {
        SocketAddress from = ctx.request().remoteAddress();
        return from == null ? null : from.hostAddress();
    }

    private static String operation(RoutingContext ctx) {
        return ctx.request().method().name() + " " + ctx.request().uri();
    }

    /** Who is asking: an API key, a token, nobody; or a refusal for credentials that do not hold. */
    private Uni<Caller> identify(RoutingContext ctx) {
        if (!settings.authenticating()) {
            return Uni.createFrom().item(Caller.OPEN);
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return Uni.createFrom().item(Caller.ANONYMOUS);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().failure(Refusal.UNAUTHENTICATED.because(
                    "the Authorization header holds \"Bearer <token or API key>\""));
        }
        String credentials = header.substring(7).trim();
        if (ApiKeys.isKey(credentials)) {
            Caller cached;
            try {
                cached = keys.cached(credentials);
            } catch (RuntimeException refused) {
                return Uni.createFrom().failure(refused);
            }
            return cached != null ? Uni.createFrom().item(cached)
                    : Uni.createFrom().completionStage(ctx.vertx().executeBlocking(() -> keys.authenticate(credentials), false)
                    .toCompletionStage());
        }
        if (!settings.takesTokens()) {
            return Uni.createFrom().failure(Refusal.UNAUTHENTICATED.because(
                    "this archive takes API keys (mist_...), not tokens (MIST_AUTH=keys)"));
        }
        // Quarkus OIDC checks the token (signature against the issuer's cached JWKS, issuer, audience, expiry with
        // the clock skew allowed); the HTTP mechanism is not used, so the refusal and its audit record are ours.
        Caller known = verified.get(credentials);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return tokens.authenticate(new AccessTokenCredential(credentials)).map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                throw Refusal.UNAUTHENTICATED.because("the bearer token is not valid here");
            }
            return verified.put(credentials, identity,
                    Caller.withRoles("oidc:" + identity.getPrincipal().getName(), identity.getRoles()));
        });
    }
}
