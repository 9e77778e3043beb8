package org.mist.cli;

import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.mist.archive.ArchiveException;
import org.mist.dicom.DataSetException;
import org.mist.ingest.DicomIngest;
import org.mist.ingest.FileIngest;
import org.mist.ingest.IngestResult;
import org.mist.ingest.NonDicomResult;
import org.mist.store.IngestedFiles;
import org.mist.store.IngestedFiles.Seen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mist ingest DIR}: every DICOM, NIfTI, PNG and JPEG file under DIR into a store, in parallel, with a
 * progress bar. Non-DICOM files keep their path under DIR as their name. Each file stored is recorded with its
 * size and modification time ({@link IngestedFiles}), so a run stopped at any point and started again skips,
 * without reading them, the files it had finished.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingests every DICOM Part 10, NIfTI (.nii, .nii.gz), PNG and JPEG file under DIR (recursively) into a store.")
public class IngestCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "directory to walk")
    Path dir;

    @Option(names = "--store", defaultValue = "default", description = "store to ingest into (default: ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--collection", defaultValue = "images",
            description = "study that PNG/JPEG files are grouped into (default: ${DEFAULT-VALUE})")
    String collection;

    @Option(names = "--threads", description = "instances in parallel (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--reread", description = "read every file again, also those recorded as stored and unchanged since")
    boolean reread;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            System.err.println("not a directory: " + dir);
            return 2;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        IngestedFiles records = Arc.container().instance(IngestedFiles.class).get();
        Map<String, Seen> recorded = reread ? Map.of() : records.under(store, key(dir));
        Map<Path, Seen> files = new LinkedHashMap<>();
        int unchanged = 0;
        for (Path f : all) {
            Seen now = seen(f);
            if (now.equals(recorded.get(key(f)))) {
                unchanged++;
            } else {
                files.put(f, now);
            }
        }
        if (unchanged > 0) {
            System.err.printf(Locale.ROOT, "%d of %d files are recorded as stored and unchanged since: not read again"
                    + " (--reread reads them)%n", unchanged, all.size());
        }
        DicomIngest ingest = Arc.container().instance(DicomIngest.class).get();
        FileIngest other = Arc.container().instance(FileIngest.class).get();
        PrintStream err = System.err;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger already = new AtomicInteger();
        AtomicLong read = new AtomicLong();
        AtomicLong written = new AtomicLong();
        Map<String, String> failures = new TreeMap<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        for (Map.Entry<Path, Seen> file : files.entrySet()) {
            Path f = file.getKey();
            pool.submit(() -> {
                IngestResult r = switch (FileIngest.sniff(f)) {
                    case DICOM -> ingest.ingest(f, store, null);
                    case NIFTI, IMAGE -> nonDicom(other, f, dir.relativize(f).toString());
                    case OTHER -> refused(f, FileIngest.NONE_OF_THEM);
                };
                read.addAndGet(r.receivedBytes());
                if (r.stored()) {
                    // Recorded only now that its instances are committed: a kill before this line re-reads the file.
                    try {
                        records.record(store, key(f), file.getValue());
                    } catch (RuntimeException e) {
                        synchronized (failures) {
                            failures.put(dir.relativize(f).toString(), "stored, but not recorded for a later run: "
                                    + e.getMessage());
                        }
                    }
                    (r.alreadyStored() ? already : stored).incrementAndGet();
                    written.addAndGet(r.storedBytes());
                } else {
                    synchronized (failures) {
                        failures.put(dir.relativize(f).toString(), r.reason());
                    }
                }
                progress(err, done.incrementAndGet(), files.size(), read.get(), start, null);
            });
        }
        pool.shutdown();
        pool.awaitTermination(365, TimeUnit.DAYS);
        err.println();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "files: %d, stored: %d, already stored: %d, failed: %d, in %.1f s%n",
                all.size(), stored.get(), already.get() + unchanged, failures.size(), seconds);
        System.out.printf(Locale.ROOT, "not read again, unchanged since stored: %d%n", unchanged);
        System.out.printf(Locale.ROOT, "bytes read: %d, bytes stored: %d, stored/read: %.3f%n", read.get(), written.get(),
                read.get() == 0 ? 0.0 : (double) written.get() / read.get());
        failures.forEach((file, reason) -> System.out.println("failed: " + file + ": " + reason));
        return failures.isEmpty() ? 0 : 1;
    }

    /** A file's record key: its absolute, normalized path. */
    private static String key(Path f) {
        return f.toAbsolutePath().normalize().toString();
    }

    /** The file as it is now, as a record would hold it. */
    private Seen seen(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return new Seen(a.size(), a.lastModifiedTime().toMillis(), collection);
    }

    /** A NIfTI/PNG/JPEG file through the same counters as DICOM ones. */
    private IngestResult nonDicom(FileIngest other, Path f, String name) {
        try {
            NonDicomResult r = other.ingest(f, store, collection, name);
            return IngestResult.stored(new IngestResult.InstanceUids(null, r.sopInstanceUid(), r.studyInstanceUid(),
                    r.seriesInstanceUid()), r.alreadyStored(), r.frames(), r.receivedBytes(), r.storedBytes());
        } catch (ArchiveException e) {
            return refused(f, e.getMessage());
        }
    }

    /** A file not stored, for the counters (they print the reason; the code is not shown). */
    private static IngestResult refused(Path f, String reason) {
        return IngestResult.failed(IngestResult.InstanceUids.UNREAD, DataSetException.CANNOT_UNDERSTAND, reason, f.toFile().length());
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_DRAWN = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Redraws the bar at most ten times a second, and always for the last item; shows MB/s of {@code bytes}, or
     * items per second when {@code unit} names them, and the time left at the pace so far.
     */
    static void progress(PrintStream err, int done, int total, long bytes, long start, String unit) {
        long now = System.nanoTime();
        long last = LAST_DRAWN.get();
        if (done < total && (now - last < 100_000_000L || !LAST_DRAWN.compareAndSet(last, now))) {
            return;
        }
        int width = 40;
        int filled = total == 0 ? width : done * width / total;
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        synchronized (err) {
            String rate = unit == null ? String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds)
                    : String.format(Locale.ROOT, "%.1f %s/s", done / seconds, unit);
            long left = done == 0 || done >= total ? 0 : Math.round(seconds * (total - done) / done);
            String eta = done >= total ? "done" : String.format(Locale.ROOT, "%d:%02d left", left / 60, left % 60);
            err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %s  %s ", "#".repeat(filled), " ".repeat(width - filled), done, total, rate,
                    eta);
            err.flush();
        }
    }
}
