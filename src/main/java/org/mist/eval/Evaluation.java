package org.mist.eval;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.mist.archive.FrameImage;
import org.mist.archive.FrameSource;
import org.mist.archive.LevelRequest;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.Queries;
import org.mist.archive.Refusal;
import org.mist.archive.Rendering;
import org.mist.archive.Retrieve;
import org.mist.archive.SampleDigest;
import org.mist.archive.Scope;
import org.mist.codec.Levels;
import org.mist.formats.FrameImages;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.entity.Frame;

/**
 * The MIST paper's measurements on stored frames (every origin): per image, the bytes received, stored and to
 * send for each level, the lossless check at level 0 against the digest of the source samples recorded at
 * ingest, and each level's SSIM and PSNR against the original resized to its size ({@link Resize},
 * {@link Similarity}). Frames are evaluated in parallel, one per core, each worker holding one image and one
 * level at a time; a worker takes its image's share of half the heap first, so large images run fewer at once
 * and a small heap still finishes (a 1760 x 2140 CR and a 512 x 512 CT both fit in 256 MB).
 */
@ApplicationScoped
public class Evaluation {
    /** What to evaluate: every frame under {@code scope}, or a sample of {@code sample} frames drawn with {@code seed}. */
    public record Request(Scope scope, Integer sample, long seed) {
        /** What the request covers, in words, for the report's title. */
        public String name() {
            return "store " + scope.store() + (scope.study() == null ? "" : ", study " + scope.study())
                    + (scope.series() == null ? "" : ", series " + scope.series())
                    + (sample == null ? "" : ", a sample of " + sample + " images (seed " + seed + ")");
        }
    }

    /** One level of one image: k as MIST counts (0 = full), as the paper counts (1 = smallest), its size and cost. */
    public record Level(int k, int paperLevel, int width, int height, long bytes, double ssim, double psnr) {
    }

    /**
     * One image (a frame). {@code receivedBytes} is its share of the file that came in (the instance's bytes over
     * its frames); {@code lossless} is null when no source digest was recorded (frames stored before it was).
     */
    public record Image(String study, String series, String sop, int frame, String modality, String origin,
                        String sourceName, int width, int height, int components, int bitDepth, boolean signed,
                        double receivedBytes, long storedBytes, Boolean lossless, List<Level> levels) {
    }

    @Inject
    Queries queries;
    @Inject
    Retrieve retrieve;
    @Inject
    FrameSource frames;
    @Inject
    ArchiveIndex index;
    @Inject
    FrameImages images;

    private record Task(InstanceRow row, FrameRow frame) {
    }

    private static final long MIB = 1 << 20;
    /**
     * Heap one sample of an image costs while it is evaluated: the decoded words (8 bytes), the original (8), the
     * resize's copy and its two filter passes (24), the level (8) and its scaled copies (16), with room to spare.
     */
    private static final long BYTES_PER_SAMPLE = 72;

    /** The frames a request covers, in archive order (a sample keeps that order too), looked up once. */
    public static final class Plan {
        private final Request request;
        private final List<Task> tasks;

        private Plan(Request request, List<Task> tasks) {
            this.request = request;
            this.tasks = tasks;
        }

        public Request request() {
            return request;
        }

        public int size() {
            return tasks.size();
        }
    }

    /** The plan of {@code r}; refused when it covers nothing, or asks for a sample of less than one image. */
    public Plan plan(Request r) {
        return new Plan(r, tasks(r));
    }

    public List<Image> run(Request r, IntConsumer progress) {
        return run(plan(r), progress);
    }

    public List<Image> run(Plan plan, IntConsumer progress) {
        List<Task> tasks = plan.tasks;
        Map<Long, ArchiveIndex.Received> received = index.received(tasks.stream().map(t -> t.row().id()).distinct().toList());
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread t = new Thread(runnable, "mist-eval");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        int budget = (int) Math.max(1, Runtime.getRuntime().maxMemory() / 2 / MIB);
        Semaphore memory = new Semaphore(budget);
        try {
            List<Future<Image>> futures = new ArrayList<>(tasks.size());
            for (Task t : tasks) {
                int need = (int) Math.min(budget, 1 + (long) t.frame().width() * t.frame().height() * t.frame().components()
                        * BYTES_PER_SAMPLE / MIB);
                futures.add(pool.submit(() -> {
                    memory.acquire(need);
                    try {
                        Image image = evaluate(t.row(), t.frame(), received.get(t.row().id()));
                        progress.accept(done.incrementAndGet());
                        return image;
                    } finally {
                        memory.release(need);
                    }
                }));
            }
            List<Image> out = new ArrayList<>(futures.size());
            for (Future<Image> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Evaluates and writes every table and the HTML report into {@code dir}: {@link #run}, then the tables, then
     * one image at every level (the one whose SSIM at its smallest level is the median) rendered as JPEG.
     */
    public EvalReport.Result report(Plan plan, IntConsumer progress, Path dir) throws IOException {
        Request r = plan.request;
        EvalReport.Result result = EvalReport.Result.of(r.name(), run(plan, progress));
        Map<Integer, byte[]> shown = new TreeMap<>();
        List<Image> ranked = result.images().stream()
                .sorted(Comparator.comparingDouble((Image i) -> i.levels().get(i.levels().size() - 1).ssim())).toList();
        Image median = ranked.get(ranked.size() / 2);
        for (Level l : median.levels()) {
            shown.put(l.k(), images.frame(new Scope(r.scope().store(), median.study(), median.series(), median.sop()),
                    median.frame(), Format.JPEG, new LevelRequest(l.k(), null), null));
        }
        EvalReport.write(result, dir, median, shown);
        return result;
    }

    private List<Task> tasks(Request r) {
        List<Task> all = new ArrayList<>();
        for (List<InstanceRow> series : queries.series(r.scope(), Format.PNG)) {  // PNG: every origin can leave so
            for (InstanceRow row : series) {
                row.frames().forEach(f -> all.add(new Task(row, f)));
            }
        }
        if (all.isEmpty()) {
            throw Refusal.NOT_FOUND.because("nothing stored to evaluate there");
        }
        if (r.sample() == null || r.sample() >= all.size()) {
            return all;
        }
        if (r.sample() < 1) {
            throw Refusal.BAD_REQUEST.because("a sample is at least 1 image, not " + r.sample());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(r.seed()));
        return order.subList(0, r.sample()).stream().sorted().map(all::get).toList();
    }

    private Image evaluate(InstanceRow row, FrameRow f, ArchiveIndex.Received received) {
        Rendering info = retrieve.rendering(row, f.number());
        boolean floats = f.codec() == Frame.Codec.FLOAT;
        double[] original;
        Boolean lossless = null;
        int components = f.components();
        if (floats) {
            original = frames.floats(f, 0);
            if (f.samplesSha256() != null) {
                lossless = SampleDigest.ofWords(frames.fallbackWords(f)).equals(f.samplesSha256());
            }
        } else {
            FrameImage full = frames.decode(f, 0, info.format());
            components = full.components();
            original = values(full, info);
            if (f.samplesSha256() != null) {
                String digest = f.codec() == Frame.Codec.DEFLATE ? SampleDigest.ofWords(frames.fallbackWords(f))
                        : SampleDigest.of(full, f.bitDepth());
                lossless = digest.equals(f.samplesSha256());
            }
        }
        int top = f.maxLevel();
        List<Level> levels = new ArrayList<>(top + 1);
        // Level 0 is the original itself, whose samples the digest has just checked: SSIM 1, PSNR infinite.
        levels.add(new Level(0, top + 1, f.width(), f.height(), f.byteSize(), 1.0, Double.POSITIVE_INFINITY));
        for (int k = 1; k <= top; k++) {
            int w = Levels.size(f.width(), k);
            int h = Levels.size(f.height(), k);
            double[] decoded = floats ? frames.floats(f, k) : values(frames.decode(f, k, info.format()), info);
            double[] reference = Resize.resize(original, f.width(), f.height(), components, w, h);
            Similarity.scaleInPlace(reference);
            Similarity.scaleInPlace(decoded);
            levels.add(new Level(k, top - k + 1, w, h, f.prefixLength(k), Similarity.ssim(reference, decoded, w, h, components),
                    Similarity.psnr(reference, decoded)));
        }
        double share = received == null ? 0 : (double) received.bytes() / Math.max(1, row.frames().size());
        return new Image(row.study(), row.series(), row.sopInstanceUid(), f.number(),
                received == null || received.modality() == null ? "" : received.modality(), row.originFormat().name(),
                row.sourceName(), f.width(), f.height(), components, f.bitDepth(), f.signed(), share, f.byteSize(), lossless,
                levels);
    }

    /** The stored sample values (Bits Stored at High Bit, signed as the instance says), before any rescale. */
    private static double[] values(FrameImage image, Rendering info) {
        long[] v = image.values();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = info.sample(v[i]);
        }
        return out;
    }
}
