package org.mist.eval;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.mist.archive.ArchiveException;
import org.mist.archive.Incidents;
import org.mist.archive.Refusal;

/**
 * Evaluations asked for over HTTP, run as jobs one after another (each one uses every core): a job has an id,
 * its progress while it runs, and its folder of results under {@code mist.eval.dir} when done. The folder
 * outlives the process; the progress of a running job does not.
 */
@ApplicationScoped
public class EvalJobs {
    /** What a client polls. {@code error} is the refusal's reason, or an incident id for anything else. */
    public record Status(String id, String scope, String state, int done, int total, String error) {
    }

    private static final class Job {
        final String id;
        final Evaluation.Plan plan;
        final AtomicInteger done = new AtomicInteger();
        volatile String state = "queued";
        volatile String error;

        Job(String id, Evaluation.Plan plan) {
            this.id = id;
            this.plan = plan;
        }

        Status status() {
            return new Status(id, plan.request().name(), state, done.get(), plan.size(), error);
        }
    }

    @Inject
    Evaluation evaluation;
    @Inject
    EvalSettings settings;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mist-eval-jobs");
        t.setDaemon(true);
        return t;
    });

    /** Queues an evaluation; refused at once (nothing queued) when the request covers nothing. */
    public Status start(Evaluation.Request request) {
        Job job = new Job(UUID.randomUUID().toString(), evaluation.plan(request));
        jobs.put(job.id, job);
        runner.submit(() -> run(job));
        return job.status();
    }

    private void run(Job job) {
        job.state = "running";
        Path dir = folder(job.id);
        try {
            evaluation.report(job.plan, job.done::set, dir);
            job.state = "done";
        } catch (ArchiveException e) {
            job.error = e.getMessage();
            job.state = "failed";
        } catch (Exception e) {
            job.error = Incidents.report("evaluation " + job.id, e);
            job.state = "failed";
        }
    }

    /** The job's status; a job of an earlier process is known by its folder alone, done. */
    public Status status(String id) {
        Job job = jobs.get(id);
        if (job != null) {
            return job.status();
        }
        if (Files.isRegularFile(folder(id).resolve("report.html"))) {
            return new Status(id, null, "done", 0, 0, null);
        }
        throw Refusal.NOT_FOUND.because("no evaluation " + id);
    }

    /** A file of a finished evaluation: one of {@link EvalReport#FILES}, a plot or a level image. */
    public Path file(String id, String name) {
        Status s = status(id);
        if (!"done".equals(s.state())) {
            throw Refusal.NOT_FOUND.because("evaluation " + id + " is " + s.state() + ": its files come when it is done");
        }
        boolean known = EvalReport.FILES.contains(name) || name.matches("[a-z0-9-]+\\.(png|jpg)");
        Path file = folder(id).resolve(name);
        if (!known || !Files.isRegularFile(file)) {
            throw Refusal.NOT_FOUND.because("evaluation " + id + " has no file " + name);
        }
        return file;
    }

    private Path folder(String id) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw Refusal.NOT_FOUND.because("no evaluation " + id);
        }
        return settings.dir().resolve(id);
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
