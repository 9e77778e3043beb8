package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.Http;
import org.mist.testing.PythonScripts;
import org.mist.testing.SharedData;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * Rendered images against DCMTK's {@code dcm2pnm} on the same file, pixel for pixel within 1: a PALETTE COLOR
 * ultrasound (8-bit indices, 16-bit lookup table entries) through its palette, and every frame of an enhanced
 * MR through that frame's own window from the per-frame functional groups (Frame VOI LUT), which dcm2pnm is
 * given explicitly (read by dcm2json). Then images made from shared files with pydicom
 * ({@code src/test/python/rendering_cases.py}): 8-bit and 16-bit table entries, 16-bit indices from a first
 * mapped value, segmented tables, a supplemental palette on a grey CT, and an Enhanced CT whose frames have
 * their own rescale and window; each against pydicom's LUT functions, within 1. Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class RenderingFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
    }

    private static String text(JsonNode dataSet, String key) {
        return dataSet.get(key).get("Value").get(0).asText();
    }

    private String instance(JsonNode d) {
        return base + "stores/" + SharedDataArchive.STORE + "/dicomweb/studies/" + text(d, "0020000D") + "/series/"
                + text(d, "0020000E") + "/instances/" + text(d, "00080018");
    }

    private static BufferedImage reference(Path file, String... options) throws Exception {
        Path png = Files.createTempFile("mist-dcm2pnm", ".png");
        List<String> cmd = new ArrayList<>(List.of("dcm2pnm", "+on"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(file.toString(), png.toString()));
        Dcmtk.Run r = Dcmtk.run(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        BufferedImage image = ImageIO.read(png.toFile());
        Files.delete(png);
        return image;
    }

    private static BufferedImage rendered(String url) throws Exception {
        Http.Answer a = Http.get(url, "Accept", "image/png");
        assertEquals(200, a.status(), a.text());
        return ImageIO.read(new ByteArrayInputStream(a.body()));
    }

    /**
     * The largest difference of any sample, read from the rasters: {@code getRGB} would pass grey images through
     * a colour-space conversion that stretches small differences in the dark.
     */
    private static int worst(BufferedImage ours, BufferedImage theirs) {
        assertEquals(theirs.getWidth(), ours.getWidth());
        assertEquals(theirs.getHeight(), ours.getHeight());
        assertEquals(theirs.getRaster().getNumBands(), ours.getRaster().getNumBands(), "samples per pixel");
        int worst = 0;
        int[] a = null;
        int[] b = null;
        for (int y = 0; y < ours.getHeight(); y++) {
            for (int x = 0; x < ours.getWidth(); x++) {
                a = ours.getRaster().getPixel(x, y, a);
                b = theirs.getRaster().getPixel(x, y, b);
                for (int i = 0; i < a.length; i++) {
                    worst = Math.max(worst, Math.abs(a[i] - b[i]));
                }
            }
        }
        return worst;
    }

    @Test
    void paletteColourThroughItsLookupTables() throws Exception {
        Path file = SharedData.require("dicom/pydicom/OBXXXX1A.dcm");
        int worst = worst(rendered(instance(Dcmtk.json(file)) + "/rendered"), reference(file));
        System.out.println("PALETTE COLOR ultrasound vs dcm2pnm: largest difference " + worst);
        assertTrue(worst <= 1, "largest difference " + worst);
    }

    @Test
    void casesMadeWithPydicomAgainstItsLookupTableFunctions() throws Exception {
        Path dir = Files.createTempDirectory("mist-rendering-cases");
        PythonScripts.run("rendering_cases.py", SharedData.root().toString(), dir.toString());
        List<String> checked = new ArrayList<>();
        for (String name : List.of("palette8", "palette16", "segmented", "supplemental", "enhanced-ct")) {
            Path file = dir.resolve(name + ".dcm");
            Stow.Response r = Stow.post(base + "stores/rendering/dicomweb/studies", List.of(Stow.Part.file(file)));
            assertEquals(1, r.storedCount(), name + ": " + r.body());
            JsonNode d = Dcmtk.json(file);
            String url = base + "stores/rendering/dicomweb/studies/" + text(d, "0020000D") + "/series/"
                    + text(d, "0020000E") + "/instances/" + text(d, "00080018");
            for (int n = 1; Files.exists(dir.resolve(name + "-" + n + ".raw")); n++) {
                byte[] expected = Files.readAllBytes(dir.resolve(name + "-" + n + ".raw"));
                int worst = worst(rendered(url + "/frames/" + n + "/rendered"), expected);
                assertTrue(worst <= 1, name + " frame " + n + ": largest difference " + worst);
                checked.add(name + "/" + n + ": " + worst);
            }
        }
        assertEquals(7, checked.size(), "frames compared: " + checked);
        System.out.println("rendered vs pydicom, largest difference per frame: " + checked);
    }

    /** Against raw 8-bit samples, rows top down, as many per pixel as the rendered image has bands. */
    private static int worst(BufferedImage ours, byte[] theirs) {
        int bands = ours.getRaster().getNumBands();
        assertEquals(theirs.length, ours.getWidth() * ours.getHeight() * bands, "samples");
        int worst = 0;
        int[] a = null;
        for (int y = 0; y < ours.getHeight(); y++) {
            for (int x = 0; x < ours.getWidth(); x++) {
                a = ours.getRaster().getPixel(x, y, a);
                for (int i = 0; i < bands; i++) {
                    worst = Math.max(worst, Math.abs(a[i] - (theirs[(y * ours.getWidth() + x) * bands + i] & 0xFF)));
                }
            }
        }
        return worst;
    }

    @Test
    void everyEnhancedFrameThroughItsOwnWindow() throws Exception {
        Path file = SharedData.require("dicom/multiframe/dcm_qa_enh/Siemens_XA10/6_1.dcm");
        JsonNode d = Dcmtk.json(file);
        JsonNode frames = d.get("52009230").get("Value");
        List<String> windows = new ArrayList<>();
        for (int n = 1; n <= frames.size(); n++) {
            JsonNode voi = frames.get(n - 1).get("00289132").get("Value").get(0);
            String centre = text(voi, "00281050");
            String width = text(voi, "00281051");
            windows.add(centre + "/" + width);
            int worst = worst(rendered(instance(d) + "/frames/" + n + "/rendered"),
                    reference(file, "+F", Integer.toString(n), "+Ww", centre, width));
            assertTrue(worst <= 1, "frame " + n + " (window " + centre + "/" + width + "): largest difference " + worst);
        }
        assertTrue(windows.stream().distinct().count() > 1, "the frames have windows of their own: " + windows);
        System.out.println("enhanced MR: " + frames.size() + " frames rendered through their own windows " + windows
                + ", each within 1 of dcm2pnm");
    }
}
