package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.mist.access.AuditTrail;
import org.mist.archive.FeedPosition;
import org.mist.store.AuditTable;

/**
 * {@code GET /api/audit[?since=id][&limit=n][&principal=p]}: the audit trail, oldest first, for the archive's admin.
 * A reader pages on with the last {@code id} it saw, as with the change feed.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    AuditTrail audit;

    @GET
    public List<AuditTable.Event> events(@QueryParam("since") String since, @QueryParam("limit") String limit,
                                         @QueryParam("principal") String principal) {
        FeedPosition p = FeedPosition.parse(since, limit);
        return audit.since(p.since(), p.limit(), principal);
    }
}
