package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.mist.archive.Scope;
import org.mist.ingest.UpdateService;
import org.mist.store.ArchiveUpdater;

/**
 * Attribute updates without re-sending pixels, and their versions ({@link UpdateService}), under
 * {@code /api/[stores/{store}/]studies/{study}[/series/{series}]}:
 * <ul>
 * <li>{@code PATCH} with a DICOM JSON object: the patient, study and series attributes it names, in every instance;</li>
 * <li>{@code GET .../versions}: the header versions, oldest first;</li>
 * <li>{@code POST .../versions/{version}/restore}: that version becomes the current one again.</li>
 * </ul>
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class UpdateResource {
    private static final String STUDY = "studies/{study}";
    private static final String SERIES = STUDY + "/series/{series}";
    private static final String IN_STORE = "stores/{store}/";
    private static final String RESTORE = "/versions/{version}/restore";

    @Inject
    UpdateService updates;

    @PATCH
    @Path(STUDY)
    @Consumes({"application/dicom+json", MediaType.APPLICATION_JSON})
    public UpdateService.Outcome updateStudy(@PathParam("study") String study, byte[] body) {
        return updates.update(Scope.study("default", study), body);
    }

    @PATCH
    @Path(SERIES)
    @Consumes({"application/dicom+json", MediaType.APPLICATION_JSON})
    public UpdateService.Outcome updateSeries(@PathParam("study") String study, @PathParam("series") String series, byte[] body) {
        return updates.update(Scope.series("default", study, series), body);
    }

    @PATCH
    @Path(IN_STORE + STUDY)
    @Consumes({"application/dicom+json", MediaType.APPLICATION_JSON})
    public UpdateService.Outcome updateStudy(@PathParam("store") String store, @PathParam("study") String study, byte[] body) {
        return updates.update(Scope.study(store, study), body);
    }

    @PATCH
    @Path(IN_STORE + SERIES)
    @Consumes({"application/dicom+json", MediaType.APPLICATION_JSON})
    public UpdateService.Outcome updateSeries(@PathParam("store") String store, @PathParam("study") String study,
                                              @PathParam("series") String series, byte[] body) {
        return updates.update(Scope.series(store, study, series), body);
    }

    @GET
    @Path(STUDY + "/versions")
    public List<ArchiveUpdater.Version> studyVersions(@PathParam("study") String study) {
        return updates.versions(Scope.study("default", study));
    }

    @GET
    @Path(SERIES + "/versions")
    public List<ArchiveUpdater.Version> seriesVersions(@PathParam("study") String study, @PathParam("series") String series) {
        return updates.versions(Scope.series("default", study, series));
    }

    @GET
    @Path(IN_STORE + STUDY + "/versions")
    public List<ArchiveUpdater.Version> studyVersions(@PathParam("store") String store, @PathParam("study") String study) {
        return updates.versions(Scope.study(store, study));
    }

    @GET
    @Path(IN_STORE + SERIES + "/versions")
    public List<ArchiveUpdater.Version> seriesVersions(@PathParam("store") String store, @PathParam("study") String study,
                                                       @PathParam("series") String series) {
        return updates.versions(Scope.series(store, study, series));
    }

    @POST
    @Path(STUDY + RESTORE)
    public UpdateService.Outcome restoreStudy(@PathParam("study") String study, @PathParam("version") String version) {
        return updates.restore(Scope.study("default", study), version);
    }

    @POST
    @Path(SERIES + RESTORE)
    public UpdateService.Outcome restoreSeries(@PathParam("study") String study, @PathParam("series") String series,
                                               @PathParam("version") String version) {
        return updates.restore(Scope.series("default", study, series), version);
    }

    @POST
    @Path(IN_STORE + STUDY + RESTORE)
    public UpdateService.Outcome restoreStudy(@PathParam("store") String store, @PathParam("study") String study,
                                              @PathParam("version") String version) {
        return updates.restore(Scope.study(store, study), version);
    }

    @POST
    @Path(IN_STORE + SERIES + RESTORE)
    public UpdateService.Outcome restoreSeries(@PathParam("store") String store, @PathParam("study") String study,
                                               @PathParam("series") String series, @PathParam("version") String version) {
        return updates.restore(Scope.series(store, study, series), version);
    }
}
