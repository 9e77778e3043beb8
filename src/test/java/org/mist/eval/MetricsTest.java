package org.mist.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mist.testing.PythonScripts;
import org.mist.testing.SharedData;

/**
 * mist eval's resize, SSIM and PSNR against scikit-image 0.19 (Debian's python3-skimage) on the same arrays
 * ({@code src/test/python/skimage_metrics.py}): a 12-bit CT slice at two levels, a signed 16-bit MR, an RGB
 * ultrasound, a float NIfTI slice and a crop of odd size. Resized samples within 1e-4 of the image's range;
 * SSIM and PSNR within 1e-4. Uses ../shared/data.
 */
class MetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void resizeSsimAndPsnrAgreeWithScikitImage() throws Exception {
        Path dir = Files.createTempDirectory("mist-skimage");
        PythonScripts.run("skimage_metrics.py", SharedData.root().toString(), dir.toString());
        List<String> report = new ArrayList<>();
        for (String name : List.of("ct-k1", "ct-k3", "mr-signed-k1", "us-rgb-k2", "nifti-float-k2", "ct-odd-k2")) {
            JsonNode c = JSON.readTree(dir.resolve(name + ".json").toFile());
            int w = c.get("width").asInt();
            int h = c.get("height").asInt();
            int components = c.get("components").asInt();
            int lw = c.get("levelWidth").asInt();
            int lh = c.get("levelHeight").asInt();
            double[] original = doubles(dir.resolve(name + ".original"));
            double[] level = doubles(dir.resolve(name + ".level"));
            double[] theirs = doubles(dir.resolve(name + ".resized"));
            double[] ours = Resize.resize(original, w, h, components, lw, lh);
            assertEquals(theirs.length, ours.length, name);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
                min = Math.min(min, theirs[i]);
                max = Math.max(max, theirs[i]);
            }
            double relative = worst / (max - min);
            double ssim = Similarity.ssim(Similarity.minMax(ours), Similarity.minMax(level), lw, lh, components);
            double psnr = Similarity.psnr(Similarity.minMax(ours), Similarity.minMax(level));
            assertTrue(relative <= 1e-4, name + ": resized samples differ by " + relative + " of the range");
            assertEquals(c.get("ssim").asDouble(), ssim, 1e-4, name + ": SSIM");
            assertEquals(c.get("psnr").asDouble(), psnr, 1e-4, name + ": PSNR");
            report.add(String.format("%s (%s) resize %.1e, SSIM %.6f vs %.6f, PSNR %.4f vs %.4f", name, c.get("dtype").asText(),
                    relative, ssim, c.get("ssim").asDouble(), psnr, c.get("psnr").asDouble()));
        }
        report.forEach(System.out::println);
    }

    private static double[] doubles(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }
}
