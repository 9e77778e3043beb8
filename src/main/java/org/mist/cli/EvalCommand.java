package org.mist.cli;

import io.quarkus.arc.Arc;
import java.nio.file.Path;
import java.util.Locale;
import org.mist.archive.ArchiveException;
import org.mist.archive.Scope;
import org.mist.eval.EvalReport;
import org.mist.eval.Evaluation;
import org.mist.ingest.ImageIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mist eval}: the paper's measurements over a store, a study, a collection or a series (every frame, or a seeded
 * sample), with a progress bar; the tables go to {@code -o DIR} and the overall one to the terminal.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measures storage, bytes per level, SSIM and PSNR per level and the lossless check, per image and per dataset.")
public class EvalCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    ScopeOptions where;

    @Option(names = "--collection", description = "only this collection of PNG/JPEG images (instead of --study)")
    String collection;

    @Option(names = "--sample", description = "evaluate this many frames drawn at random (default: all)")
    Integer sample;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the sample (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-o", "--output"}, required = true,
            description = "folder for report.html (with its plots), report.md, summary.json and images.csv")
    Path output;

    @Override
    public Integer call() throws Exception {
        try {
            Evaluation evaluation = Arc.container().instance(Evaluation.class).get();
            Scope scope = where.scope(collection != null ? ImageIngest.studyOf(collection) : null);
            Evaluation.Plan plan = evaluation.plan(new Evaluation.Request(scope, sample, seed));
            long start = System.nanoTime();
            EvalReport.Result result = evaluation.report(plan,
                    done -> IngestCommand.progress(System.err, done, plan.size(), 0, start, "images"), output);
            System.err.println();
            StringBuilder table = new StringBuilder();
            EvalReport.table(table, result.all());
            System.out.print(table);
            System.out.printf(Locale.ROOT, "lossless at full resolution: %d of %d; %.1f s; tables in %s%n", result.all().lossless(),
                    result.all().images() - result.all().losslessUnknown(), (System.nanoTime() - start) / 1e9, output);
            return 0;
        } catch (ArchiveException e) {
            return CliRefusals.refuse(e);
        }
    }
}
