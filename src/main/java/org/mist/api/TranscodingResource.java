package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.mist.ingest.Transcoder;

/**
 * Deferred compression's backlog: frames acknowledged as received and not yet compressed, archive-wide (counted
 * now), its limit, this process's workers and what they have compressed. The same numbers are metrics.
 */
@Path("/api/transcoding")
public class TranscodingResource {
    @Inject
    Transcoder transcoder;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Transcoder.Status status() {
        transcoder.countBacklog();
        return transcoder.status();
    }
}
