package org.mist.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.mist.eval.Evaluation.Image;
import org.mist.eval.Evaluation.Level;

/**
 * The per-dataset numbers of an evaluation: the paper's Table A (one row per level, with the storage line above
 * it), distributions per level and the worst images by SSIM, for all images and split by modality and by series.
 * Means are over images; SDs are population SDs; PSNR leaves out infinite values and counts them.
 */
public final class Tables {
    /** One group of images (all of them, a modality, a series). */
    public record Group(String name, int images, int lossless, int losslessUnknown, double originalBytes, long storedBytes,
                        List<LevelRow> levels) {
        /** Stored against received, in percent: negative is smaller. */
        public double storedChange() {
            return originalBytes == 0 ? Double.NaN : 100 * (storedBytes - originalBytes) / originalBytes;
        }
    }

    /**
     * One level over a group. {@code paperLevels} is the paper's number (1 = smallest) or a range when images
     * have different level counts; {@code bytes} is what sending this level costs for all the images, against
     * the stored bytes and against the original files a researcher would fetch to make this size.
     */
    public record LevelRow(int k, String paperLevels, int images, double meanWidth, double meanHeight, long bytes,
                           double bytesOfStored, double bytesOfOriginal, Stats ssim, Stats psnr, int psnrInfinite,
                           List<Worst> worst) {
    }

    public record Stats(double mean, double sd, double p5, double p25, double p50, double p75, double p95, int n) {
        static Stats of(double[] v) {
            double[] x = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
            if (x.length == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double mean = Arrays.stream(x).average().orElse(Double.NaN);
            double var = Arrays.stream(x).map(d -> (d - mean) * (d - mean)).sum() / x.length;
            return new Stats(mean, Math.sqrt(var), pct(x, 5), pct(x, 25), pct(x, 50), pct(x, 75), pct(x, 95), x.length);
        }

        /** Linear interpolation between order statistics (NumPy's default). */
        private static double pct(double[] sorted, double p) {
            double pos = p / 100 * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }
    }

    /** An image among the lowest SSIM at a level. */
    public record Worst(String study, String series, String sop, int frame, double ssim) {
    }

    private static final int WORST = 5;

    private Tables() {
    }

    public static Group group(String name, List<Image> images) {
        double original = images.stream().mapToDouble(Image::receivedBytes).sum();
        long stored = images.stream().mapToLong(Image::storedBytes).sum();
        int lossless = (int) images.stream().filter(i -> Boolean.TRUE.equals(i.lossless())).count();
        int unknown = (int) images.stream().filter(i -> i.lossless() == null).count();
        int deepest = images.stream().mapToInt(i -> i.levels().size() - 1).max().orElse(0);
        List<LevelRow> rows = new ArrayList<>();
        for (int k = 0; k <= deepest; k++) {
            int level = k;
            List<Image> with = images.stream().filter(i -> i.levels().size() > level).toList();
            List<Level> at = with.stream().map(i -> i.levels().get(level)).toList();
            long bytes = at.stream().mapToLong(Level::bytes).sum();
            double originalOfThese = with.stream().mapToDouble(Image::receivedBytes).sum();
            long storedOfThese = with.stream().mapToLong(Image::storedBytes).sum();
            int minPaper = at.stream().mapToInt(Level::paperLevel).min().orElse(0);
            int maxPaper = at.stream().mapToInt(Level::paperLevel).max().orElse(0);
            List<Worst> worst = with.stream().sorted(Comparator.comparingDouble(i -> i.levels().get(level).ssim())).limit(WORST)
                    .map(i -> new Worst(i.study(), i.series(), i.sop(), i.frame(), i.levels().get(level).ssim())).toList();
            rows.add(new LevelRow(k, minPaper == maxPaper ? Integer.toString(minPaper) : minPaper + "-" + maxPaper, with.size(),
                    at.stream().mapToInt(Level::width).average().orElse(0), at.stream().mapToInt(Level::height).average().orElse(0),
                    bytes, storedOfThese == 0 ? Double.NaN : 100.0 * bytes / storedOfThese,
                    originalOfThese == 0 ? Double.NaN : 100.0 * bytes / originalOfThese,
                    Stats.of(at.stream().mapToDouble(Level::ssim).toArray()), Stats.of(at.stream().mapToDouble(Level::psnr).toArray()),
                    (int) at.stream().filter(l -> Double.isInfinite(l.psnr())).count(), worst));
        }
        return new Group(name, images.size(), lossless, unknown, original, stored, rows);
    }

    /** The images split by {@code key}, each part a group named by its key, in key order. */
    public static List<Group> split(List<Image> images, Function<Image, String> key, String prefix) {
        Map<String, List<Image>> parts = new TreeMap<>();
        images.forEach(i -> parts.computeIfAbsent(key.apply(i), x -> new ArrayList<>()).add(i));
        Map<String, Group> out = new LinkedHashMap<>();
        parts.forEach((k, v) -> out.put(k, group(prefix + k, v)));
        return new ArrayList<>(out.values());
    }
}
