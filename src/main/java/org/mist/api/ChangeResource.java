package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.mist.archive.FeedPosition;
import org.mist.archive.Refusal;
import org.mist.archive.Scope;
import org.mist.store.Catalog;
import org.mist.store.ChangeLog;

/**
 * The change feed: {@code GET /api/[stores/{store}/]changes?since=&limit=} lists the entries after {@code since}
 * (0: from the start), oldest first, at most {@code limit} (default 100, at most 10,000). A client keeps the last
 * {@code seq} it saw and asks again from there; no entry appears later below one already seen (migration V8 says
 * how).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {
    @Inject
    ChangeLog changes;
    @Inject
    Catalog catalog;

    @GET
    @Path("changes")
    public List<ChangeLog.Entry> all(@QueryParam("since") String since, @QueryParam("limit") String limit) {
        FeedPosition p = FeedPosition.parse(since, limit);
        return changes.since(null, p.since(), p.limit());
    }

    @GET
    @Path("stores/{store}/changes")
    public List<ChangeLog.Entry> ofStore(@PathParam("store") String store, @QueryParam("since") String since,
                                         @QueryParam("limit") String limit) {
        Scope.store(store);
        if (!catalog.storeNames().contains(store)) {
            throw Refusal.NOT_FOUND.because("no store " + store);
        }
        FeedPosition p = FeedPosition.parse(since, limit);
        return changes.since(store, p.since(), p.limit());
    }
}
