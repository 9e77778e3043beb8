package org.mist.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mist.codec.HtCodec;
import org.mist.codec.Samples;
import org.mist.codestream.ResolutionSplitter;
import org.mist.dicom.DicomFile;
import org.mist.dicom.FrameReader;
import org.mist.dicom.FrameSamples;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.Stow;

/**
 * The client side of bench/stow.sh.
 * {@code stow URL CLIENTS BATCH REPS DICOM...}: each repetition gives the files fresh UIDs (so every run
 * stores new instances), splits them among CLIENTS parallel clients, each sending STOW-RS requests of
 * BATCH instances; prints the median instances/s and MB/s over REPS runs after three warm-up runs.
 * {@code encode DICOM...}: the single-thread rate of what MIST does per frame (read, encode, verify, split).
 * With {@code -Dbench.drain=URL} (MIST's {@code /api/transcoding}, deferred compression), each run also waits until
 * every frame it sent is compressed, and prints the median of that wait and of the rate counted to its end.
 */
public final class StowBench {
    private StowBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "encode" -> encodeRate(Arrays.stream(args, 1, args.length).map(Path::of).toList());
            case "latency" -> latency(args);
            case "pace" -> pace(args);
            default -> stow(args);
        }
        // Libraries leave non-daemon pools behind (PixelMed's among them): the JVM would not end by itself.
        System.exit(0);
    }

    private static void stow(String[] args) throws Exception {
        String url = args[1];
        int clients = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int reps = Integer.parseInt(args[4]);
        List<Path> sources = Arrays.stream(args, 5, args.length).map(Path::of).toList();
        // Three warm-up runs (the JIT compiler), then REPS timed ones; all copies made first, so that the
        // timed runs do nothing else.
        int warmUp = 3;
        List<List<Path>> sets = new ArrayList<>();
        for (int r = 0; r < warmUp + reps; r++) {
            // A series keeps its series: fresh study, series and SOP Instance UIDs, one series per run.
            String study = DicomFiles.newUid();
            String series = DicomFiles.newUid();
            List<Path> files = new ArrayList<>();
            for (Path s : sources) {
                files.add(DicomFiles.fresh(s, study, series));
            }
            sets.add(files);
        }
        double[] rates = new double[warmUp + reps];
        double[] mbs = new double[warmUp + reps];
        double[] drains = new double[warmUp + reps];
        double[] sustained = new double[warmUp + reps];
        for (int r = 0; r < warmUp + reps; r++) {
            List<Path> files = sets.get(r);
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients, task -> {
                Thread t = new Thread(task, "stow-client");
                t.setDaemon(true);
                return t;
            });
            long start = System.nanoTime();
            List<Future<Integer>> stored = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<Path> share = new ArrayList<>();
                for (int i = c; i < files.size(); i += clients) {
                    share.add(files.get(i));
                }
                stored.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < share.size(); i += batch) {
                        List<Stow.Part> parts = share.subList(i, Math.min(share.size(), i + batch)).stream()
                                .map(Stow.Part::file).toList();
                        Stow.Response resp;
                        try {
                            resp = Stow.post(url, parts);
                        } catch (java.io.UncheckedIOException e) {
                            // A kept-alive connection the server had just closed: send again (STOW is idempotent).
                            resp = Stow.post(url, parts);
                        }
                        if (resp.status() != 200) {
                            throw new IllegalStateException("STOW answered " + resp.status() + ": " + resp.body());
                        }
                        n += Math.min(batch, share.size() - i);
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            rates[r] = total / seconds;
            mbs[r] = bytes / 1e6 / seconds;
            if (DRAIN != null) {  // deferred compression: until the last frame acknowledged is compressed
                waitForNoBacklog(50);
                drains[r] = (System.nanoTime() - start) / 1e9 - seconds;
                sustained[r] = total / (seconds + drains[r]);
            }
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        double[] timed = Arrays.copyOfRange(rates, warmUp, rates.length);
        System.out.printf(Locale.ROOT, "%.1f\t%.1f\t%s", median(timed), median(Arrays.copyOfRange(mbs, warmUp, mbs.length)), round(timed));
        if (DRAIN != null) {
            System.out.printf(Locale.ROOT, "\t%.1f\t%.1f", median(Arrays.copyOfRange(drains, warmUp, drains.length)),
                    median(Arrays.copyOfRange(sustained, warmUp, sustained.length)));
        }
        System.out.println();
    }

    /**
     * {@code latency URL DICOM REPS}: one instance at a time into an idle archive that defers compression; the time
     * from its acknowledgement until its frames are HTJ2K (the backlog, as {@code bench.drain} reports it, is empty).
     */
    private static void latency(String[] args) throws Exception {
        String url = args[1];
        Path source = Path.of(args[2]);
        int reps = Integer.parseInt(args[3]);
        double[] ms = new double[reps + 3];
        for (int r = 0; r < ms.length; r++) {
            Path f = DicomFiles.fresh(source, DicomFiles.newUid(), DicomFiles.newUid());
            Stow.Response resp = Stow.post(url, List.of(Stow.Part.file(f)));
            long acknowledged = System.nanoTime();
            if (resp.status() != 200) {
                throw new IllegalStateException("STOW answered " + resp.status() + ": " + resp.body());
            }
            waitForNoBacklog(2);
            ms[r] = (System.nanoTime() - acknowledged) / 1e6;
            Files.deleteIfExists(f);
            Thread.sleep(200);
        }
        double[] timed = Arrays.copyOfRange(ms, 3, ms.length);
        System.out.printf(Locale.ROOT, "%.1f\t%s%n", median(timed), round(timed));
    }

    /**
     * {@code pace URL RATE SECONDS BATCH DICOM...}: STOW-RS at RATE instances/s (requests of BATCH, fresh UIDs, one
     * client per core) for SECONDS, the backlog sampled every 10 s; prints the rate reached and the samples.
     */
    private static void pace(String[] args) throws Exception {
        String url = args[1];
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        List<Path> sources = Arrays.stream(args, 5, args.length).map(Path::of).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(4);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        List<String> samples = new ArrayList<>();
        long start = System.nanoTime();
        long nextSample = 0;
        int k = 0;
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        for (long n = 0; ; n += batch) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= seconds) {
                break;
            }
            if (elapsed >= nextSample) {
                samples.add(String.format(Locale.ROOT, "%.0fs:%d", elapsed, backlog()));
                nextSample += 10;
            }
            long due = start + (long) (n / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                if (k % sources.size() == 0) {
                    series = DicomFiles.newUid();
                }
                files.add(DicomFiles.fresh(sources.get(k++ % sources.size()), study, series));
            }
            inFlight.acquire();
            pool.submit(() -> {
                try {
                    Stow.Response resp = Stow.post(url, files.stream().map(Stow.Part::file).toList());
                    if (resp.status() == 200) {
                        sent.addAndGet(files.size());
                    }
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                    }
                } catch (Exception e) {
                    System.err.println("pace: " + e.getMessage());
                } finally {
                    inFlight.release();
                }
                return null;
            });
        }
        inFlight.acquire(4);
        double elapsed = (System.nanoTime() - start) / 1e9;
        samples.add(String.format(Locale.ROOT, "%.0fs:%d", elapsed, backlog()));
        System.out.printf(Locale.ROOT, "%.1f\t%s%n", sent.get() / elapsed, samples);
        pool.shutdownNow();
    }

    /** Deferred compression's status URL ({@code -Dbench.drain=.../api/transcoding}), or null. */
    private static final String DRAIN = System.getProperty("bench.drain");

    private static long backlog() throws Exception {
        Http.Answer a = Http.get(DRAIN);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.body()).get("waitingFrames").asLong();
    }

    /** Polls every {@code everyMs}: each look is a request and a count, so a drain is looked at less often. */
    private static void waitForNoBacklog(int everyMs) throws Exception {
        while (backlog() > 0) {
            Thread.sleep(everyMs);
        }
    }

    private static void encodeRate(List<Path> files) throws Exception {
        Path tmp = Files.createTempDirectory("mist-bench");
        double[] perFrame = new double[3];
        for (int rep = 0; rep < perFrame.length; rep++) {
            long start = System.nanoTime();
            for (Path f : files) {
                try (DicomFile d = DicomFile.open(f, tmp); FrameReader r = new FrameReader(d)) {
                    Samples s = FrameSamples.toSamples(r.read(0)).orElseThrow();
                    ResolutionSplitter.split(HtCodec.encodeVerified(s));
                }
            }
            perFrame[rep] = (System.nanoTime() - start) / 1e6 / files.size();
        }
        double ms = median(perFrame);
        System.out.printf(Locale.ROOT, "%.2f\t%.1f%n", ms, 1000 / ms);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<String> round(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.1f", x)).toList();
    }
}
