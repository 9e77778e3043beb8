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
import java.util.LinkedHashMap;
import java.util.Map;
import org.mist.archive.ArchiveException;
import org.mist.archive.Refusal;
import org.mist.archive.TempSpace;
import org.mist.archive.UploadPace;
import org.mist.archive.UploadSettings;
import org.mist.ingest.FileIngest;
import org.mist.ingest.IngestSettings;
import org.mist.ingest.NonDicomResult;
import org.mist.store.ObjectKeys;

/**
 * {@code POST /api/[stores/{store}/]ingest?name=N[&collection=C]}: one NIfTI ({@code .nii}, {@code .nii.gz}),
 * PNG or JPEG file as the body. The answer is 201 (stored) or 200 (already stored) with the UIDs it got;
 * a refusal is 4xx with the reason, and stores nothing.
 */
@Path("/api")
public class IngestResource {
    /** The media types of the Fetch standard's CORS-safelisted requests, which a browser sends cross-origin unasked. */
    private static final java.util.Set<String> SIMPLE_TYPES =
            java.util.Set.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data");

    @Inject
    FileIngest ingest;
    @Inject
    IngestSettings settings;
    @Inject
    TempSpace temp;
    @Inject
    UploadSettings upload;

    @POST
    @Path("ingest")
    @Consumes("*/*")
    public Response defaultStore(@QueryParam("name") String name, @QueryParam("collection") @DefaultValue("images") String collection,
                                 @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") Long length, InputStream body) {
        return store("default", name, collection, type, length, body);
    }

    @POST
    @Path("stores/{store}/ingest")
    @Consumes("*/*")
    public Response namedStore(@PathParam("store") String store, @QueryParam("name") String name,
                               @QueryParam("collection") @DefaultValue("images") String collection,
                               @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") Long length,
                               InputStream body) {
        return store(store, name, collection, type, length, body);
    }

    private Response store(String store, String name, String collection, String type, Long length, InputStream body) {
        if (!ObjectKeys.validStoreName(store)) {
            throw Refusal.NOT_FOUND.because("no such store: store names are lower-case letters, digits and '-'");
        }
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (media.isEmpty() || SIMPLE_TYPES.contains(media)) {
            // A page of another origin may send these without asking first (no CORS preflight): a write must not take them.
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("send the file with its own media type (application/octet-stream, image/png, "
                    + "application/gzip, ...), not " + (media.isEmpty() ? "without a Content-Type" : media));
        }
        long max = settings.maxVolumeBytes();
        if (length != null && length > max) {
            throw Refusal.TOO_LARGE.because("the body of " + length + " bytes is over the limit of " + max);
        }
        TempSpace.Spool file = null;
        try {
            file = temp.spool("ingest-", ".part", max);
            try (TempSpace.Spool out = file) {
                new UploadPace(body, upload).transferTo(out);
            }
            NonDicomResult r = ingest.ingest(file.file(), store, collection, name);
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
        } catch (UploadPace.TooSlow e) {
            throw ArchiveException.of(e);
        } catch (TempSpace.TooLarge e) {
            throw Refusal.TOO_LARGE.because("the body is " + e.getMessage());
        } catch (TempSpace.Full e) {
            throw Refusal.UNAVAILABLE.because(e.getMessage() + ": try again later");
        } catch (IOException e) {
            throw Refusal.BAD_REQUEST.because("cannot read the body: " + e.getMessage());
        } finally {
            if (file != null) {
                file.release();
            }
        }
    }
}
