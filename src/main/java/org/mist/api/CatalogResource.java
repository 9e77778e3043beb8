package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.mist.access.Caller;
import org.mist.access.Permission;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Refusal;
import org.mist.archive.Scope;
import org.mist.formats.DatasetExport;
import org.mist.store.Catalog;

/**
 * What the web page browses: {@code GET /api/stores} (each store's counts, bytes received and stored),
 * {@code GET /api/stores/{store}/series} (its series of every origin) and
 * {@code GET /api/[stores/{store}/]export/estimate?format=&study=&series=&level=|resolution=} (the files and
 * the stored bytes an export will read, before it runs).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    @Inject
    Catalog catalog;
    @Inject
    DatasetExport export;
    @Inject
    CurrentCaller caller;

    @GET
    @Path("stores")
    public List<Catalog.StoreSummary> stores() {
        Caller c = caller.get();
        return catalog.stores().stream().filter(s -> c.may(s.name(), Permission.READ)).toList();
    }

    @GET
    @Path("stores/{store}/series")
    public List<Catalog.SeriesSummary> series(@PathParam("store") String store) {
        Scope.store(store);
        if (!catalog.storeNames().contains(store)) {
            throw Refusal.NOT_FOUND.because("no store " + store);
        }
        return catalog.series(store);
    }

    @GET
    @Path("export/estimate")
    public DatasetExport.Estimate defaultStore(@QueryParam("format") String format, @QueryParam("study") String study,
                                               @QueryParam("series") String series, @QueryParam("level") String level,
                                               @QueryParam("resolution") String resolution) {
        return estimate("default", format, study, series, level, resolution);
    }

    @GET
    @Path("stores/{store}/export/estimate")
    public DatasetExport.Estimate namedStore(@PathParam("store") String store, @QueryParam("format") String format,
                                             @QueryParam("study") String study, @QueryParam("series") String series,
                                             @QueryParam("level") String level, @QueryParam("resolution") String resolution) {
        return estimate(store, format, study, series, level, resolution);
    }

    private DatasetExport.Estimate estimate(String store, String format, String study, String series, String level,
                                            String resolution) {
        DatasetExport.Selection selection = new DatasetExport.Selection(new Scope(store, study, series, null),
                Format.parse(format), LevelRequest.parse(level, resolution));
        return export.estimate(selection, export.plan(selection));
    }
}
