package org.mist.eval;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.mist.eval.Evaluation.Image;
import org.mist.eval.Tables.Group;
import org.mist.eval.Tables.LevelRow;

/**
 * The HTML report's plots, drawn by JFreeChart as PNG: bytes per level, SSIM and PSNR per level with their
 * spread (box and whisker over the images), and per-image histograms of SSIM and PSNR at each level below full.
 */
final class Charts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;

    private Charts() {
    }

    /** File name to PNG bytes, in the order the report shows them. */
    static Map<String, byte[]> all(Group all, List<Image> images) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("bytes-per-level.png", bytesPerLevel(all));
        out.put("ssim-per-level.png", spread(images, all, true));
        out.put("psnr-per-level.png", spread(images, all, false));
        for (LevelRow row : all.levels()) {
            if (row.k() > 0) {
                out.put("ssim-histogram-k" + row.k() + ".png", histogram(images, row.k(), true));
                out.put("psnr-histogram-k" + row.k() + ".png", histogram(images, row.k(), false));
            }
        }
        return out;
    }

    private static byte[] bytesPerLevel(Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (LevelRow row : g.levels()) {
            d.addValue(row.bytesOfOriginal(), "of the files received", "k=" + row.k());
            d.addValue(row.bytesOfStored(), "of the stored copy", "k=" + row.k());
        }
        return png(ChartFactory.createBarChart("Bytes to send each level (%)", "level", "percent", d));
    }

    private static byte[] spread(List<Image> images, Group g, boolean ssim) {
        DefaultBoxAndWhiskerCategoryDataset d = new DefaultBoxAndWhiskerCategoryDataset();
        for (LevelRow row : g.levels()) {
            List<Double> values = values(images, row.k(), ssim);
            if (!values.isEmpty()) {
                d.add(values, ssim ? "SSIM" : "PSNR", "k=" + row.k());
            }
        }
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(ssim ? "SSIM per level" : "PSNR per level (finite values)",
                "level", ssim ? "SSIM" : "PSNR (dB)", d, false);
        // The mean's marker is a circle as wide as the box, which hides the box; the table gives the means.
        BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setMeanVisible(false);
        renderer.setMaximumBarWidth(0.15);
        return png(chart);
    }

    private static byte[] histogram(List<Image> images, int k, boolean ssim) {
        HistogramDataset d = new HistogramDataset();
        double[] v = values(images, k, ssim).stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length > 0) {
            d.addSeries(ssim ? "SSIM" : "PSNR", v, Math.max(5, Math.min(50, v.length / 4)));
        }
        return png(ChartFactory.createHistogram((ssim ? "SSIM" : "PSNR (dB)") + " of each image at k=" + k,
                ssim ? "SSIM" : "PSNR (dB)", "images", d));
    }

    /** The finite values of one metric at level k over the images that have that level. */
    private static List<Double> values(List<Image> images, int k, boolean ssim) {
        return images.stream().filter(i -> i.levels().size() > k).map(i -> i.levels().get(k))
                .map(l -> ssim ? l.ssim() : l.psnr()).filter(Double::isFinite).toList();
    }

    private static byte[] png(JFreeChart chart) {
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
