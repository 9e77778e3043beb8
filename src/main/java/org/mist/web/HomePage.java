package org.mist.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.mist.access.Caller;
import org.mist.access.Permission;
import org.mist.api.CurrentCaller;
import org.mist.store.Catalog;

/**
 * {@code GET /}: the page a person opens first. The stores with what they hold (rendered here), and, in the
 * browser ({@code /web/home.js}, over {@code /api}): a store's series linked into the viewer, a frame's levels
 * side by side with their bytes, an export builder that shows what a download will read before it starts, and
 * an upload by drag and drop.
 */
@Path("/")
public class HomePage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<Catalog.StoreSummary> stores);
    }

    @Inject
    Catalog catalog;
    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home() {
        Caller c = caller.get();
        return Templates.home(catalog.stores().stream().filter(s -> c.may(s.name(), Permission.READ)).toList());
    }
}
