package org.mist.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mist.eval.Evaluation.Image;
import org.mist.eval.Evaluation.Level;
import org.mist.eval.Tables.Group;
import org.mist.eval.Tables.LevelRow;
import org.mist.formats.DatasetExport;

/**
 * An evaluation written out: {@code images.csv} (every image at every level), {@code summary.json} (every
 * number of the tables), {@code report.md} (the paper's Table A for all images, by modality and by series,
 * with the worst images per level) and {@code report.html} (the overall table, the plots of {@link Charts} and
 * one image shown at every level).
 */
public final class EvalReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The tables of one evaluation. */
    public record Result(String scope, List<Image> images, Group all, List<Group> byModality, List<Group> bySeries) {
        public static Result of(String scope, List<Image> images) {
            return new Result(scope, images, Tables.group("all", images),
                    Tables.split(images, i -> i.modality().isEmpty() ? i.origin() : i.modality(), "modality "),
                    Tables.split(images, Image::series, "series "));
        }
    }

    private EvalReport() {
    }

    /** The files an evaluation's folder may hold (the plots and level images besides), for a door to serve. */
    public static final List<String> FILES = List.of("report.html", "report.md", "summary.json", "images.csv");

    public static void write(Result r, Path dir, Image shown, Map<Integer, byte[]> levels) throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> charts = Charts.all(r.all(), r.images());
        for (Map.Entry<String, byte[]> c : charts.entrySet()) {
            Files.write(dir.resolve(c.getKey()), c.getValue());
        }
        levels.forEach((k, jpeg) -> {
            try {
                Files.write(dir.resolve("image-k" + k + ".jpg"), jpeg);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.writeString(dir.resolve("report.html"), html(r, charts.keySet(), shown, levels.keySet()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("images.csv"), csv(r.images()), StandardCharsets.UTF_8);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scope", r.scope());
        summary.put("all", r.all());
        summary.put("byModality", r.byModality());
        summary.put("bySeries", r.bySeries());
        JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
        Files.writeString(dir.resolve("report.md"), markdown(r), StandardCharsets.UTF_8);
    }

    static String csv(List<Image> images) {
        StringBuilder b = new StringBuilder("study_instance_uid,series_instance_uid,sop_instance_uid,frame,modality,origin,"
                + "source_name,width,height,components,bit_depth,signed,received_bytes,stored_bytes,lossless,k,paper_level,"
                + "level_width,level_height,level_bytes,ssim,psnr\n");
        for (Image i : images) {
            for (Level l : i.levels()) {
                b.append(String.join(",", i.study(), i.series(), i.sop(), Integer.toString(i.frame()), i.modality(), i.origin(),
                        i.sourceName() == null ? "" : DatasetExport.cell(i.sourceName()), Integer.toString(i.width()), Integer.toString(i.height()),
                        Integer.toString(i.components()), Integer.toString(i.bitDepth()), Boolean.toString(i.signed()),
                        number(i.receivedBytes()), Long.toString(i.storedBytes()),
                        i.lossless() == null ? "" : i.lossless().toString(), Integer.toString(l.k()),
                        Integer.toString(l.paperLevel()), Integer.toString(l.width()), Integer.toString(l.height()),
                        Long.toString(l.bytes()), number(l.ssim()), number(l.psnr()))).append('\n');
            }
        }
        return b.toString();
    }

    static String html(Result r, java.util.Collection<String> charts, Image shown, java.util.Collection<Integer> levels) {
        Group all = r.all();
        StringBuilder b = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>MIST evaluation</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #999;padding:.2em .5em;text-align:right}img{margin:.5em}</style></head><body>\n");
        b.append("<h1>MIST evaluation of ").append(escape(r.scope())).append("</h1>\n");
        b.append(String.format(Locale.ROOT, "<p>%d images; received %s, stored %s (%s%%). Lossless at full resolution: %d of %d.</p>%n",
                all.images(), bytes(all.originalBytes()), bytes(all.storedBytes()), signed(all.storedChange()), all.lossless(),
                all.images() - all.losslessUnknown()));
        b.append("<table><tr><th>k</th><th>paper level</th><th>images</th><th>mean size</th><th>bytes to send</th><th>of stored</th>"
                + "<th>of received</th><th>SSIM mean ± SD</th><th>PSNR mean ± SD (dB)</th><th>PSNR infinite</th></tr>\n");
        for (LevelRow l : all.levels()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%d</td><td>%.0f x %.0f</td><td>%s</td><td>%.1f%%</td>"
                            + "<td>%.1f%%</td><td>%.4f ± %.4f</td><td>%s</td><td>%d</td></tr>%n", l.k(), l.paperLevels(), l.images(),
                    l.meanWidth(), l.meanHeight(), bytes(l.bytes()), l.bytesOfStored(), l.bytesOfOriginal(), l.ssim().mean(),
                    l.ssim().sd(), l.psnr().n() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ± %.2f", l.psnr().mean(), l.psnr().sd()),
                    l.psnrInfinite()));
        }
        b.append("</table>\n<p>Every number, by modality and by series: <a href=\"report.md\">report.md</a>, "
                + "<a href=\"summary.json\">summary.json</a>, <a href=\"images.csv\">images.csv</a>.</p>\n<h2>Plots</h2>\n");
        charts.forEach(c -> b.append("<img src=\"").append(c).append("\" alt=\"").append(c).append("\">\n"));
        if (shown != null) {
            b.append("<h2>One image at every level</h2>\n<p>").append(escape(shown.sop())).append(", frame ").append(shown.frame())
                    .append(": the median SSIM at its smallest level.</p>\n");
            levels.forEach(k -> b.append("<figure style=\"display:inline-block\"><img src=\"image-k").append(k)
                    .append(".jpg\"><figcaption>k=").append(k).append("</figcaption></figure>\n"));
        }
        return b.append("</body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The Markdown report: what a host or a researcher reads first. */
    public static String markdown(Result r) {
        StringBuilder b = new StringBuilder("# MIST evaluation of " + r.scope() + "\n\n");
        Group all = r.all();
        b.append(String.format(Locale.ROOT, "%d images. Lossless at full resolution: %d of %d%s.%n%n", all.images(),
                all.lossless(), all.images() - all.losslessUnknown(), all.losslessUnknown() == 0 ? ""
                        : " (" + all.losslessUnknown() + " stored before the source digest was recorded: not checked)"));
        table(b, all);
        b.append("\n## Worst images by SSIM, per level\n\n| k | SSIM | study / series / instance | frame |\n|---|---|---|---|\n");
        for (LevelRow row : all.levels()) {
            row.worst().forEach(w -> b.append(String.format(Locale.ROOT, "| %d | %.4f | %s / %s / %s | %d |%n", row.k(), w.ssim(),
                    w.study(), w.series(), w.sop(), w.frame())));
        }
        b.append("\n## By modality\n");
        r.byModality().forEach(g -> {
            b.append("\n### ").append(g.name()).append("\n\n");
            table(b, g);
        });
        b.append("\n## By series\n");
        r.bySeries().forEach(g -> {
            b.append("\n### ").append(g.name()).append("\n\n");
            table(b, g);
        });
        return b.toString();
    }

    /**
     * The paper's Table A: storage against the files received, then one row per level (k as MIST counts, the
     * paper's number with 1 = smallest) with its size, bytes to send, SSIM and PSNR.
     */
    public static void table(StringBuilder b, Group g) {
        b.append(String.format(Locale.ROOT, "%d images; received %s, stored %s (%s%%).%n%n", g.images(), bytes(g.originalBytes()),
                bytes(g.storedBytes()), signed(g.storedChange())));
        b.append("| k | paper level | images | mean size | bytes to send | of stored | of received | SSIM mean ± SD | "
                + "SSIM p5 / p50 / p95 | PSNR mean ± SD (dB) | PSNR infinite |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (LevelRow l : g.levels()) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %d | %.0f x %.0f | %s | %.1f%% | %.1f%% | %.4f ± %.4f | %.4f / %.4f / %.4f "
                            + "| %s | %d |%n", l.k(), l.paperLevels(), l.images(), l.meanWidth(), l.meanHeight(), bytes(l.bytes()),
                    l.bytesOfStored(), l.bytesOfOriginal(), l.ssim().mean(), l.ssim().sd(), l.ssim().p5(), l.ssim().p50(),
                    l.ssim().p95(), l.psnr().n() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ± %.2f", l.psnr().mean(), l.psnr().sd()),
                    l.psnrInfinite()));
        }
    }

    private static String bytes(double n) {
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / (1 << 20))
                : n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", n / (1 << 10)) : String.format(Locale.ROOT, "%.0f B", n);
    }

    private static String signed(double percent) {
        return Double.isNaN(percent) ? "-" : String.format(Locale.ROOT, "%+.1f", percent);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.isInfinite(v) ? "inf" : Double.toString(v);
    }
}
