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
import org.mist.testing.Stow;

/**
 * The client side of bench/stow.sh.
 * {@code stow URL CLIENTS BATCH REPS DICOM...}: each repetition gives the files fresh UIDs (so every run
 * stores new instances), splits them among CLIENTS parallel clients, each sending STOW-RS requests of
 * BATCH instances; prints the median instances/s and MB/s over REPS runs after three warm-up runs.
 * {@code encode DICOM...}: the single-thread rate of what MIST does per frame (read, encode, verify, split).
 */
public final class StowBench {
    private StowBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("encode")) {
            encodeRate(Arrays.stream(args, 1, args.length).map(Path::of).toList());
        } else {
            stow(args);
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
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        double[] timed = Arrays.copyOfRange(rates, warmUp, rates.length);
        System.out.printf(Locale.ROOT, "%.1f\t%.1f\t%s%n", median(timed), median(Arrays.copyOfRange(mbs, warmUp, mbs.length)), round(timed));
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
