package org.mist.dicomweb;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No HTTP/2 cleartext upgrade (h2c): the server would hold the whole body of the upgrading HTTP/1.1
 * request in memory before switching (measured: a 1 GB STOW from Java's HttpClient exhausted a 256 MB
 * heap), which defeats the streamed STOW. HTTP/1.1, and HTTP/2 over TLS, are unaffected.
 */
@ApplicationScoped
public class NoCleartextUpgrade implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
