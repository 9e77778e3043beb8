package org.mist.dicomweb;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * PS3.18 8.3.3.1: the {@code accept} query parameter stands for the Accept header and wins over it
 * (cornerstone sends it, and browsers cannot set headers on an image URL).
 */
public class AcceptParameter {
    @ServerRequestFilter(preMatching = true)
    public void apply(ContainerRequestContext ctx) {
        String accept = ctx.getUriInfo().getQueryParameters().getFirst("accept");
        if (accept != null && !accept.isBlank()) {
            ctx.getHeaders().putSingle("Accept", accept);
        }
    }
}
