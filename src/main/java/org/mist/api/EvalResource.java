package org.mist.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mist.archive.Refusal;
import org.mist.archive.Scope;
import org.mist.eval.EvalJobs;
import org.mist.eval.EvalReport;
import org.mist.eval.Evaluation;
import org.mist.ingest.ImageIngest;

/**
 * {@code POST /api/[stores/{store}/]eval[?study=|collection=][&series=][&sample=N&seed=S]} starts the evaluation
 * {@code mist eval} runs, as a job: 202 with its URL. {@code GET /api/eval/{id}} is its state and progress, then the links to
 * its report; {@code GET /api/eval/{id}/{file}} serves {@code report.html}, its plots, and the tables.
 */
@Path("/api")
public class EvalResource {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "md", "text/markdown; charset=utf-8",
            "json", "application/json", "csv", "text/csv; charset=utf-8", "png", "image/png", "jpg", "image/jpeg");

    @Inject
    EvalJobs jobs;

    @POST
    @Path("eval")
    public Response defaultStore(@QueryParam("study") String study, @QueryParam("collection") String collection,
                                 @QueryParam("series") String series, @QueryParam("sample") String sample,
                                 @QueryParam("seed") @DefaultValue("1") String seed) {
        return start("default", study, collection, series, sample, seed);
    }

    @POST
    @Path("stores/{store}/eval")
    public Response namedStore(@PathParam("store") String store, @QueryParam("study") String study,
                               @QueryParam("collection") String collection, @QueryParam("series") String series,
                               @QueryParam("sample") String sample, @QueryParam("seed") @DefaultValue("1") String seed) {
        return start(store, study, collection, series, sample, seed);
    }

    @GET
    @Path("eval/{id}")
    public Response status(@PathParam("id") String id) {
        return Response.ok(json(jobs.status(id)), "application/json").build();
    }

    @GET
    @Path("eval/{id}/{file}")
    public Response file(@PathParam("id") String id, @PathParam("file") String file) {
        java.nio.file.Path path = jobs.file(id, file);
        return Response.ok(path.toFile(), TYPES.get(file.substring(file.lastIndexOf('.') + 1))).build();
    }

    /** A collection of PNG/JPEG images is the study its name gives. */
    private Response start(String store, String study, String collection, String series, String sample, String seed) {
        String studyUid = collection != null ? ImageIngest.studyOf(collection) : study;
        Evaluation.Request request = new Evaluation.Request(new Scope(store, studyUid, series, null),
                sample == null ? null : number(sample, "sample"), number(seed, "seed"));
        EvalJobs.Status s = jobs.start(request);
        return Response.accepted(json(s)).type("application/json").location(URI.create("/api/eval/" + s.id())).build();
    }

    private static int number(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Refusal.BAD_REQUEST.because(name + " must be a whole number, not \"" + value + "\"");
        }
    }

    private static Map<String, Object> json(EvalJobs.Status s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("scope", s.scope());
        out.put("state", s.state());
        out.put("done", s.done());
        out.put("total", s.total());
        if (s.error() != null) {
            out.put("error", s.error());
        }
        if ("done".equals(s.state())) {
            Map<String, String> files = new LinkedHashMap<>();
            EvalReport.FILES.forEach(f -> files.put(f, "/api/eval/" + s.id() + "/" + f));
            out.put("files", files);
        }
        return out;
    }
}
