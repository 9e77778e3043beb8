package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mist.ingest.FileIngest;
import org.mist.ingest.IngestRefusal;
import org.mist.ingest.NonDicomResult;
import org.mist.store.ObjectKeys;

/**
 * {@code POST /api/[stores/{store}/]ingest?name=N[&collection=C]}: one NIfTI ({@code .nii}, {@code .nii.gz}),
 * PNG or JPEG file as the body. The answer is 201 (stored) or 200 (already stored) with the UIDs it got;
 * a refusal is 4xx with the reason, and stores nothing.
 */
@Path("/api")
public class IngestResource {
    @Inject
    FileIngest ingest;
    @ConfigProperty(name = "mist.ingest.temp-dir")
    String tempDir;
    @ConfigProperty(name = "mist.ingest.max-volume-bytes")
    long maxBytes;

    @POST
    @Path("ingest")
    @Consumes("*/*")
    public Response defaultStore(@QueryParam("name") String name, @QueryParam("collection") @DefaultValue("images") String collection,
                                 @HeaderParam("Content-Length") Long length, InputStream body) {
        return store("default", name, collection, length, body);
    }

    @POST
    @Path("stores/{store}/ingest")
    @Consumes("*/*")
    public Response namedStore(@PathParam("store") String store, @QueryParam("name") String name,
                               @QueryParam("collection") @DefaultValue("images") String collection,
                               @HeaderParam("Content-Length") Long length, InputStream body) {
        return store(store, name, collection, length, body);
    }

    private Response store(String store, String name, String collection, Long length, InputStream body) {
        if (!ObjectKeys.validStoreName(store)) {
            return FrameImageResource.text(404, "no such store: store names are lower-case letters, digits and '-'");
        }
        if (length != null && length > maxBytes) {
            return FrameImageResource.text(413, "the body of " + length + " bytes is over the limit of " + maxBytes);
        }
        java.nio.file.Path file = null;
        try {
            file = Files.createTempFile(java.nio.file.Path.of(tempDir), "mist-ingest-", ".part");
            if (!spool(body, file)) {
                return FrameImageResource.text(413, "the body is over the limit of " + maxBytes + " bytes");
            }
            NonDicomResult r = ingest.ingest(file, store, collection, name);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", r.name());
            json.put("origin", r.origin());
            json.put("studyInstanceUid", r.studyInstanceUid());
            json.put("seriesInstanceUid", r.seriesInstanceUid());
            json.put("sopInstanceUid", r.sopInstanceUid());
            json.put("frames", r.frames());
            json.put("receivedBytes", r.receivedBytes());
            json.put("storedBytes", r.storedBytes());
            json.put("alreadyStored", r.alreadyStored());
            return Response.status(r.alreadyStored() ? 200 : 201).entity(json).type("application/json").build();
        } catch (IngestRefusal e) {
            return FrameImageResource.text(e.status(), e.getMessage());
        } catch (IOException e) {
            return FrameImageResource.text(400, "cannot read the body: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the temp dir is the OS's to clean
                }
            }
        }
    }

    /** Copies the body to {@code file}; false when it is longer than the limit. */
    private boolean spool(InputStream body, java.nio.file.Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    return false;
                }
                out.write(buffer, 0, n);
            }
        }
        return true;
    }
}
