package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.mist.access.ApiKeys;
import org.mist.archive.Refusal;

/**
 * API keys, for the archive's admin ({@link RouteRules}): {@code POST /api/keys} with
 * {@code {"name": "...", "roles": ["mist:ct:read"], "lifetime": "P90D"}} makes one and answers its secret, once;
 * {@code GET /api/keys} lists them without secrets; {@code DELETE /api/keys/{id}} revokes one.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
    /** What a new key is asked for; {@code lifetime} is an ISO-8601 duration. */
    public record Request(String name, List<String> roles, String lifetime) {
    }

    @Inject
    ApiKeys keys;
    @Inject
    CurrentCaller caller;

    @POST
    public Response create(Request request) {
        if (request == null) {
            throw Refusal.BAD_REQUEST.because("the body is {\"name\": ..., \"roles\": [...], \"lifetime\": \"P90D\"}");
        }
        ApiKeys.Made made = keys.create(caller.get().principal(), request.name(), request.roles(), request.lifetime());
        return Response.status(201).entity(made).build();
    }

    @GET
    public List<ApiKeys.Summary> list() {
        return keys.list();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(id);
        return Response.noContent().build();
    }
}
