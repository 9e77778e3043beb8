package org.mist.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mist.codec.HtCodec;

/** What is running: MIST's version and the OpenJPH library the codec was built against. */
@Path("/api/version")
public class VersionResource {

    public record Version(String mist, String openjph, boolean openjphWritesTileParts) {
    }

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String mistVersion;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Version version() {
        return new Version(mistVersion, HtCodec.openJphVersion(), HtCodec.openJphWritesTileParts());
    }
}
