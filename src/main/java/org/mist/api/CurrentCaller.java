package org.mist.api;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mist.access.Caller;

/** The caller of the JAX-RS request being served, as {@link AccessFilter} found it. */
@ApplicationScoped
public class CurrentCaller {
    @Inject
    CurrentVertxRequest request;

    public Caller get() {
        return AccessFilter.caller(request.getCurrent());
    }
}
