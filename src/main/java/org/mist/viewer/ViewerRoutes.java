package org.mist.viewer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mist.access.AccessSettings;
import org.mist.store.Catalog;

/**
 * The published OHIF viewer at {@code /viewer}, configured for MIST: one DICOMweb data source per store (the
 * default one first), frames asked for as stored ({@code transfer-syntax=*}: HTJ2K in resolution order, which
 * OHIF's stack loader streams and draws from the first levels' bytes), thumbnails from MIST's {@code /thumbnail}
 * (a JPEG from the smallest level that covers it) and STOW. The build's
 * {@code index.html} assumes the site's root, so its paths are moved under {@code /viewer/} once. A deep link
 * {@code /viewer?StudyInstanceUIDs=...} opens that study in OHIF's viewer route.
 */
@ApplicationScoped
public class ViewerRoutes {
    private static final String ROOT = "/viewer/";
    private static final String PUBLIC_PATH = "__webpack_require__.p = \"/\";";
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("css", "text/css"),
            Map.entry("wasm", "application/wasm"), Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"), Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"), Map.entry("ttf", "font/ttf"), Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain"));

    @Inject
    ViewerSettings settings;
    @Inject
    Catalog catalog;
    @Inject
    AccessSettings access;
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    private volatile String indexHtml;
    private final Map<Path, Optional<Buffer>> moved = new ConcurrentHashMap<>();

    void register(@Observes Router router) {
        router.getWithRegex("/viewer").setName("/viewer").handler(this::entry);  // exactly: "/viewer" alone takes "/viewer/" too
        router.get(ROOT + "app-config.js").handler(ctx -> ctx.vertx().executeBlocking(() -> {
            String config = config(offered(), oidc());
            ctx.response().putHeader("Content-Type", "text/javascript").putHeader("Cache-Control", "no-cache").end(config);
            return null;
        }, false));
        router.getWithRegex(ROOT + ".*").setName(ROOT + "{file}").handler(this::file);
    }

    /** {@code /viewer} itself: a deep link goes to OHIF's viewer route, anything else to the study list. */
    private void entry(RoutingContext ctx) {
        String query = ctx.request().query();
        boolean study = query != null && query.contains("StudyInstanceUIDs=");
        ctx.response().setStatusCode(302).putHeader("Location", study ? ROOT + "viewer?" + query : ROOT).end();
    }

    private void file(RoutingContext ctx) {
        Path dir = settings.dir().toAbsolutePath().normalize();
        HttpServerResponse response = ctx.response();
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            response.setStatusCode(404).putHeader("Content-Type", "text/plain")
                    .end("the viewer is not installed here: scripts/viewer.sh fetches it into viewer/ohif\n");
            return;
        }
        String rest = ctx.normalizedPath().substring(ROOT.length());
        Path file = dir.resolve(rest).normalize();
        if (!rest.isEmpty() && file.startsWith(dir) && Files.isRegularFile(file) && !rest.equals("index.html")) {
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            // The build names its bundles by content hash: they never change under one name.
            boolean hashed = name.matches(".*\\.[0-9a-f]{16}\\.(js|css|wasm)") || name.matches("[0-9a-f]{16}\\.wasm");
            response.putHeader("Content-Type", type)
                    .putHeader("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
            if (!name.endsWith(".js") && !name.endsWith(".css")) {
                response.sendFile(file.toString());
                return;
            }
            ctx.vertx().executeBlocking(() -> {
                Optional<Buffer> text = moved.computeIfAbsent(file, ViewerRoutes::movedUnderViewer);
                if (text.isPresent()) {
                    response.end(text.get());
                } else {
                    response.sendFile(file.toString());
                }
                return null;
            }, false);
            return;
        }
        // Every other path is one of OHIF's routes (the study list, /viewer/viewer, ...): its page.
        ctx.vertx().executeBlocking(() -> {
            response.putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
                    .end(page(dir));
            return null;
        }, false);
    }

    /**
     * A script that loads chunks, workers or wasm from the site's root (the build's public path is "/"), or a
     * style sheet that loads fonts from it, with that root moved under /viewer/; empty for the others, which go
     * out as they are.
     */
    private static Optional<Buffer> movedUnderViewer(Path file) {
        try {
            String text = Files.readString(file);
            String moved = file.toString().endsWith(".css") ? text.replace("url(/", "url(" + ROOT)
                    : text.replace(PUBLIC_PATH, "__webpack_require__.p = \"" + ROOT + "\";");
            return moved.equals(text) ? Optional.empty() : Optional.of(Buffer.buffer(moved));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OHIF's index.html with its root paths moved under /viewer/. */
    private String page(Path dir) throws IOException {
        String html = indexHtml;
        if (html == null) {
            html = Files.readString(dir.resolve("index.html"))
                    .replace("window.PUBLIC_URL=\"/\"", "window.PUBLIC_URL=\"" + ROOT + "\"")
                    .replace("src=\"/", "src=\"" + ROOT).replace("href=\"/", "href=\"" + ROOT);
            indexHtml = html;
        }
        return html;
    }

    /**
     * How the stack viewport fetches the image it shows (cornerstone's retrieve stages, which OHIF reads from
     * the data source). First the frame's smallest level of at least 128 pixels a side: a standalone HTJ2K
     * codestream MIST cuts from the stored prefix, about a tenth of a CT slice's bytes, decoded whole and marked
     * sub-resolution (6) so that the second stage follows. Then the whole frame, streamed. The prefetched rest
     * of the series takes {@code default}, the whole frame streamed as OHIF does by default.
     */
    static final String FIRST_LOOK = """
            { stages: [{ id: 'firstLook', retrieveType: 'singleFast' }, { id: 'final', retrieveType: 'default' }],
                                retrieveOptions: { default: { streaming: true, decodeLevel: 1 },
                                  singleFast: { urlArguments: 'resolution=128', imageQualityStatus: 6, decodeLevel: 0 } } }""";

    /** The stores the configuration names: those configured, else every store (but none beyond "default" to strangers). */
    private List<String> offered() {
        if (settings.stores().isPresent()) {
            return settings.stores().get();
        }
        if (access.authenticating()) {
            return List.of("default");
        }
        List<String> names = new ArrayList<>(List.of("default"));
        catalog.storeNames().stream().filter(s -> !s.equals("default")).forEach(names::add);
        return names;
    }

    /** OHIF's login (authorization code with PKCE, the token sent with every request) when MIST takes tokens. */
    private String oidc() {
        return !access.takesTokens() ? "" : """
                  oidc: [{ authority: '%s', client_id: '%s', redirect_uri: '/callback', response_type: 'code',
                    scope: 'openid', post_logout_redirect_uri: '/logout-redirect.html', automaticSilentRenew: true,
                    revokeAccessTokenOnSignout: true }],
                """.formatted(js(issuer.orElse("")), js(settings.oidcClientId()));
    }

    private static String js(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    /**
     * The app configuration: a DICOMweb data source per store, on this page's own origin, the first one opened.
     * Thumbnails are plain image URLs unless there is a login: an {@code <img>} cannot send the token, so they are
     * fetched with it instead.
     */
    static String config(List<String> names, String login) {
        StringBuilder sources = new StringBuilder();
        for (String name : names) {
            String root = name.equals("default") ? "/dicomweb" : "/stores/" + name + "/dicomweb";
            sources.append("""
                      { namespace: '@ohif/extension-default.dataSourcesModule.dicomweb', sourceName: '%1$s',
                        configuration: { friendlyName: 'MIST %1$s', name: '%1$s', wadoUriRoot: origin + '%2$s',
                          qidoRoot: origin + '%2$s', wadoRoot: origin + '%2$s', qidoSupportsIncludeField: true,
                          imageRendering: 'wadors', thumbnailRendering: '%4$s', enableStudyLazyLoad: true,
                          supportsFuzzyMatching: false, supportsWildcard: true, staticWado: false,
                          singlepart: 'bulkdata,video', bulkDataURI: { enabled: true },
                          omitQuotationForMultipartRequest: true, requestTransferSyntaxUID: '*', supportsStow: true, supportsReject: true,
                          stackRetrieveOptions: %3$s } },
                    """.formatted(name, root, FIRST_LOOK, login.isEmpty() ? "thumbnailDirect" : "thumbnail"));
        }
        return """
                // Generated by MIST for the stores it holds.
                const origin = window.location.origin;
                window.config = {
                  routerBasename: '/viewer', showStudyList: true, extensions: [], modes: [], maxNumberOfWebWorkers: 3,
                  showWarningMessageForCrossOrigin: false, showCPUFallbackMessage: true, showLoadingIndicator: true,
                  defaultDataSourceName: '%s',
                %s  dataSources: [
                %s  ],
                };
                """.formatted(names.get(0), login, sources);
    }
}
