package org.mist.dicomweb;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * PS3.18 8.3.3.1: the {@code accept} query parameter stands for the Accept header and wins over it
 * (cornerstone sends it, and browsers cannot set headers on an image URL).
 */
public class AcceptParameter {
    @ServerRequestFilter(preMatching = true)
    public void apply(ContainerRequestContext ctx) {
        String accept = fromQuery(ctx.getUriInfo().getRequestUri().getRawQuery());
        if (accept != null) {
            ctx.getHeaders().putSingle("Accept", accept);
        }
    }

    /**
     * The accept parameter of a raw query string, or null. Read here rather than by the query decoders, which
     * end a value at a {@code ;}: clients write {@code accept=multipart/related;type="image/jphc"} unescaped,
     * and the parameters belong to the media type. A {@code +} after {@code ;} or {@code ,} is a form-encoded
     * space ({@code ;+type=}); inside a token it is a plus ({@code application/dicom+json}).
     */
    static String fromQuery(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.regionMatches(true, 0, "accept=", 0, 7)) {
                String value = URLDecoder.decode(pair.substring(7).replace("+", "%2B"), StandardCharsets.UTF_8)
                        .replaceAll("(?<=[;,])\\++", " ");
                return value.isBlank() ? null : value;
            }
        }
        return null;
    }
}
