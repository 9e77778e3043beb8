package org.mist.cli;

import io.quarkus.arc.Arc;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.mist.archive.ArchiveException;
import org.mist.archive.FeedPosition;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.formats.DatasetExport;
import org.mist.store.ArchiveIndex.InstanceRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mist export}: a store, study or series to one tar, in a format and at a level, with a progress bar. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports a store, study or series as one tar (DICOM, NIfTI, PNG or JPEG) with a manifest.")
public class ExportCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    ScopeOptions where;

    @Option(names = "--format", required = true, description = "dicom, nifti, png or jpeg")
    String format;

    @Option(names = "--level", description = "resolution level k (0 = full)")
    String level;

    @Option(names = "--resolution", description = "smallest level whose width and height are both at least R")
    String resolution;

    @Option(names = "--since", description = "only instances created after this change feed entry (GET /api/changes)")
    String since;

    @Option(names = {"-o", "--output"}, required = true, description = "the tar file to write")
    Path output;

    @Override
    public Integer call() throws Exception {
        try {
            return export();
        } catch (ArchiveException e) {
            return CliRefusals.refuse(e);
        }
    }

    private int export() throws Exception {
        DatasetExport export = Arc.container().instance(DatasetExport.class).get();
        DatasetExport.Selection s = new DatasetExport.Selection(where.scope(null), Format.parse(format),
                LevelRequest.parse(level, resolution), FeedPosition.parse(since, null).since());
        List<List<InstanceRow>> plan = export.plan(s);
        int total = plan.stream().mapToInt(rows -> s.format() == Format.NIFTI ? 1
                : s.format() == Format.DICOM ? rows.size()
                : rows.stream().mapToInt(r -> r.frames().size()).sum()).sum();
        PrintStream err = System.err;
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        DatasetExport.Summary summary;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            summary = export.write(s, plan, out, name -> IngestCommand.progress(err, done.incrementAndGet(), total, 0, start, "files"));
        }
        err.println();
        System.out.printf(Locale.ROOT, "files: %d in %.1f s; bytes written: %d; bytes read from the object store: %d%n",
                summary.files(), (System.nanoTime() - start) / 1e9, summary.bytesWritten(), summary.bytesRead());
        summary.skipped().forEach(why -> System.out.println("skipped: " + why));
        return 0;
    }
}
