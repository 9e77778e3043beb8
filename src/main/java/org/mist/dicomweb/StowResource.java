package org.mist.dicomweb;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import org.mist.ingest.IngestResult;

/** STOW-RS for the default store ({@code /dicomweb}) and named ones ({@code /stores/{store}/dicomweb}). */
@Path("/")
public class StowResource {
    static final String DEFAULT_STORE = "default";
    private static final String DICOM_JSON = "application/dicom+json";

    @Inject
    StowService stow;

    @POST
    @Path("dicomweb/studies")
    public Response storeDefault(@HeaderParam("Content-Type") String type, InputStream body, @Context UriInfo uri) {
        return store(DEFAULT_STORE, null, type, body, uri);
    }

    @POST
    @Path("dicomweb/studies/{study}")
    public Response storeDefaultStudy(@PathParam("study") String study, @HeaderParam("Content-Type") String type,
                                      InputStream body, @Context UriInfo uri) {
        return store(DEFAULT_STORE, study, type, body, uri);
    }

    @POST
    @Path("stores/{store}/dicomweb/studies")
    public Response storeNamed(@PathParam("store") String store, @HeaderParam("Content-Type") String type,
                               InputStream body, @Context UriInfo uri) {
        return store(store, null, type, body, uri);
    }

    @POST
    @Path("stores/{store}/dicomweb/studies/{study}")
    public Response storeNamedStudy(@PathParam("store") String store, @PathParam("study") String study,
                                    @HeaderParam("Content-Type") String type, InputStream body, @Context UriInfo uri) {
        return store(store, study, type, body, uri);
    }

    private Response store(String store, String study, String type, InputStream body, UriInfo uri) {
        List<IngestResult> results = stow.store(store, study, type, body);
        String base = uri.getBaseUri().toString().replaceAll("/$", "");
        String studies = base + (DEFAULT_STORE.equals(store) ? "" : "/stores/" + store) + "/dicomweb/studies";
        return Response.status(StowResponse.status(results)).type(DICOM_JSON)
                .entity(StowResponse.json(results, studies, study)).build();
    }
}
