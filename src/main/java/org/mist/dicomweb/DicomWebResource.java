package org.mist.dicomweb;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.mist.archive.Deletion;
import org.mist.archive.FrameList;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.ingest.RejectService;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.QueryAttribute.Level;

/**
 * The read side of DICOMweb (PS3.18 10.4 WADO-RS, 10.6 QIDO-RS), DELETE (not in PS3.18; as Microsoft's DICOM
 * service and dcm4chee answer it: 204, or 404 for what is not there) and reject (dcm4chee's
 * {@code POST .../reject/{code}^{scheme}}, which OHIF sends). Thin: each method parses its request and calls a
 * service. Served at {@code /dicomweb} for the default store and {@code /stores/{store}/dicomweb}.
 */
public abstract class DicomWebResource {
    private static final String STUDY = "studies/{study}";
    private static final String SERIES = STUDY + "/series/{series}";
    private static final String INSTANCE = SERIES + "/instances/{instance}";

    @Inject
    WadoService wado;
    @Inject
    Retrieve retrieve;
    @Inject
    MetadataService metadata;
    @Inject
    QidoService qido;
    @Inject
    RenderService render;
    @Inject
    Deletion deletion;
    @Inject
    RejectService rejects;
    @Context
    UriInfo uri;

    /** The store this request is for. */
    abstract String store();

    private String base() {
        String root = uri.getBaseUri().toString();
        return (root.endsWith("/") ? root : root + "/") + (StowRoutes.DEFAULT_STORE.equals(store()) ? "" : "stores/" + store() + "/")
                + "dicomweb";
    }

    private Map<String, List<String>> query() {
        return uri.getQueryParameters();
    }

    // ---- Retrieve Capabilities (PS3.18 8.9) ------------------------------------------------------------

    /** OPTIONS on the service root: WADL unless the client asks for JSON. */
    @OPTIONS
    public Response capabilities(@HeaderParam("Accept") String accept) {
        boolean json = accept != null && accept.contains("json") && !accept.contains(Capabilities.WADL);
        return Response.ok(json ? Capabilities.json(base()) : Capabilities.wadl(base()),
                json ? MediaType.APPLICATION_JSON : Capabilities.WADL).header("Allow", "OPTIONS").build();
    }

    // ---- QIDO-RS ---------------------------------------------------------------------------------------

    @GET
    @Path("studies")
    public Response searchStudies() {
        return qido.search(store(), Level.STUDY, null, null, query(), base()).response();
    }

    @GET
    @Path("series")
    public Response searchAllSeries() {
        return qido.search(store(), Level.SERIES, null, null, query(), base()).response();
    }

    @GET
    @Path("instances")
    public Response searchAllInstances() {
        return qido.search(store(), Level.INSTANCE, null, null, query(), base()).response();
    }

    @GET
    @Path(STUDY + "/series")
    public Response searchSeries(@PathParam("study") String study) {
        return qido.search(store(), Level.SERIES, study, null, query(), base()).response();
    }

    @GET
    @Path(STUDY + "/instances")
    public Response searchStudyInstances(@PathParam("study") String study) {
        return qido.search(store(), Level.INSTANCE, study, null, query(), base()).response();
    }

    @GET
    @Path(SERIES + "/instances")
    public Response searchInstances(@PathParam("study") String study, @PathParam("series") String series) {
        return qido.search(store(), Level.INSTANCE, study, series, query(), base()).response();
    }

    // ---- WADO-RS instances and metadata --------------------------------------------------------------------

    @GET
    @Path(STUDY)
    public Response retrieveStudy(@PathParam("study") String study, @HeaderParam("Accept") String accept,
                                  @QueryParam("level") String level, @QueryParam("resolution") String resolution) {
        return wado.retrieve(Scope.study(store(), study), Accept.parse(accept), LevelRequest.parse(level, resolution)).response();
    }

    @GET
    @Path(SERIES)
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series,
                                   @HeaderParam("Accept") String accept, @QueryParam("level") String level,
                                   @QueryParam("resolution") String resolution) {
        return wado.retrieve(Scope.series(store(), study, series), Accept.parse(accept), LevelRequest.parse(level, resolution)).response();
    }

    @GET
    @Path(INSTANCE)
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance, @HeaderParam("Accept") String accept,
                                     @QueryParam("level") String level, @QueryParam("resolution") String resolution) {
        return wado.retrieve(Scope.instance(store(), study, series, instance), Accept.parse(accept), LevelRequest.parse(level, resolution))
                .response();
    }

    @GET
    @Path(STUDY + "/metadata")
    public Response studyMetadata(@PathParam("study") String study) {
        return metadata.study(Scope.study(store(), study), base()).response();
    }

    @GET
    @Path(SERIES + "/metadata")
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series) {
        return metadata.series(Scope.series(store(), study, series), base()).response();
    }

    @GET
    @Path(INSTANCE + "/metadata")
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return metadata.instance(Scope.instance(store(), study, series, instance), base()).response();
    }

    // ---- DELETE ------------------------------------------------------------------------------------------

    @DELETE
    @Path(STUDY)
    public Response deleteStudy(@PathParam("study") String study) {
        deletion.delete(Scope.study(store(), study));
        return Response.noContent().build();
    }

    @DELETE
    @Path(SERIES)
    public Response deleteSeries(@PathParam("study") String study, @PathParam("series") String series) {
        deletion.delete(Scope.series(store(), study, series));
        return Response.noContent().build();
    }

    @DELETE
    @Path(INSTANCE)
    public Response deleteInstance(@PathParam("study") String study, @PathParam("series") String series,
                                   @PathParam("instance") String instance) {
        deletion.delete(Scope.instance(store(), study, series, instance));
        return Response.noContent().build();
    }

    // ---- reject (IOCM) -----------------------------------------------------------------------------------------

    @POST
    @Path(STUDY + "/reject/{code}")
    public Response rejectStudy(@PathParam("study") String study, @PathParam("code") String code) {
        return Response.ok(rejects.reject(Scope.study(store(), study), code), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path(SERIES + "/reject/{code}")
    public Response rejectSeries(@PathParam("study") String study, @PathParam("series") String series,
                                 @PathParam("code") String code) {
        return Response.ok(rejects.reject(Scope.series(store(), study, series), code), MediaType.APPLICATION_JSON).build();
    }

    // ---- bulk data (frames: FrameRoutes) --------------------------------------------------------------------------

    @GET
    @Path(INSTANCE + "/bulkdata/{path: .+}")
    public Response bulkData(@PathParam("study") String study, @PathParam("series") String series,
                             @PathParam("instance") String instance, @PathParam("path") String path,
                             @HeaderParam("Accept") String accept, @QueryParam("level") String level,
                             @QueryParam("resolution") String resolution) {
        return wado.bulkData(Scope.instance(store(), study, series, instance), path, Accept.parse(accept),
                LevelRequest.parse(level, resolution)).response();
    }

    // ---- rendered and thumbnails -----------------------------------------------------------------------

    @GET
    @Path(INSTANCE + "/rendered")
    public Response renderedInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance, @HeaderParam("Accept") String accept,
                                     @QueryParam("window") String window, @QueryParam("viewport") String viewport,
                                     @QueryParam("quality") String quality, @QueryParam("level") String level,
                                     @QueryParam("resolution") String resolution) {
        return rendered(study, series, instance, "1", accept, window, viewport, quality, level, resolution, false);
    }

    @GET
    @Path(INSTANCE + "/frames/{frame}/rendered")
    public Response renderedFrame(@PathParam("study") String study, @PathParam("series") String series,
                                  @PathParam("instance") String instance, @PathParam("frame") String frame,
                                  @HeaderParam("Accept") String accept, @QueryParam("window") String window,
                                  @QueryParam("viewport") String viewport, @QueryParam("quality") String quality,
                                  @QueryParam("level") String level, @QueryParam("resolution") String resolution) {
        return rendered(study, series, instance, frame, accept, window, viewport, quality, level, resolution, false);
    }

    @GET
    @Path(INSTANCE + "/thumbnail")
    public Response instanceThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                      @PathParam("instance") String instance, @HeaderParam("Accept") String accept,
                                      @QueryParam("window") String window, @QueryParam("viewport") String viewport,
                                      @QueryParam("quality") String quality) {
        return rendered(study, series, instance, "1", accept, window, viewport, quality, null, null, true);
    }

    @GET
    @Path(INSTANCE + "/frames/{frame}/thumbnail")
    public Response frameThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                   @PathParam("instance") String instance, @PathParam("frame") String frame,
                                   @HeaderParam("Accept") String accept, @QueryParam("window") String window,
                                   @QueryParam("viewport") String viewport, @QueryParam("quality") String quality) {
        return rendered(study, series, instance, frame, accept, window, viewport, quality, null, null, true);
    }

    @GET
    @Path(SERIES + "/thumbnail")
    public Response seriesThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                    @HeaderParam("Accept") String accept, @QueryParam("viewport") String viewport,
                                    @QueryParam("quality") String quality) {
        InstanceRow middle = retrieve.representative(Scope.series(store(), study, series), Format.DICOM);
        return rendered(study, middle.series(), middle.sopInstanceUid(), "1", accept, null, viewport, quality, null, null, true);
    }

    @GET
    @Path(STUDY + "/thumbnail")
    public Response studyThumbnail(@PathParam("study") String study, @HeaderParam("Accept") String accept,
                                   @QueryParam("viewport") String viewport, @QueryParam("quality") String quality) {
        InstanceRow middle = retrieve.representative(Scope.study(store(), study), Format.DICOM);
        return rendered(study, middle.series(), middle.sopInstanceUid(), "1", accept, null, viewport, quality, null, null, true);
    }

    private Response rendered(String study, String series, String instance, String frame, String accept, String window,
                              String viewport, String quality, String level, String resolution, boolean thumbnail) {
        InstanceRow row = retrieve.instance(Scope.instance(store(), study, series, instance), Format.DICOM);
        int n = FrameList.single(frame);
        RenderService.Params p = new RenderService.Params(window, viewport, quality, LevelRequest.parse(level, resolution));
        return render.render(row, n, Accept.parse(accept), p, thumbnail).response();
    }
}
