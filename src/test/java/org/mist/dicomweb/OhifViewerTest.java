package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * The OHIF viewer MIST serves at {@code /viewer} (npm {@code @ohif/app} 3.13, as built and published) in Debian's
 * Chromium, driven by playwright-core: the study list shows the CT study, MIST's deep link draws its slices, the
 * frames come as stored (HTJ2K) and the thumbnail from MIST's /thumbnail. A length measured in OHIF is saved as a
 * structured report, which OHIF sends by STOW-RS, and is listed again from the stored report after a reload; a
 * label map painted in OHIF's segmentation mode is saved as DICOM SEG the same way, given back by MIST as it was
 * sent and opened again. The screenshots are left in {@code target/ohif-*.png}.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class OhifViewerTest {
    private static final Path NODE = Path.of("src/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    /** The CT series (its first {@code slices}) as a new study in the default store; the study's UID. */
    private String storeStudy(int slices) throws Exception {
        Path series = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        assertTrue(Files.exists(Path.of("viewer/ohif/dist/index.html")) && Files.isDirectory(NODE.resolve("node_modules/playwright-core")),
                "the OHIF viewer or playwright-core is missing: scripts/test.sh installs them (scripts/viewer.sh, npm ci)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium is missing: scripts/test.sh installs it");
        List<Path> files;
        try (Stream<Path> s = Files.list(series)) {
            files = s.sorted().limit(slices).toList();
        }
        String study = DicomFiles.newUid();
        String seriesUid = DicomFiles.newUid();
        List<Stow.Part> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(Stow.Part.file(DicomFiles.fresh(f, study, seriesUid)));
        }
        Stow.Response r = Stow.post(base + "dicomweb/studies", parts);
        assertEquals(200, r.status(), r.body());
        return study;
    }

    /** Runs {@code script} with {@code args} as JSON; its output, once it has passed every check. */
    private static String node(String script, Map<String, String> args) throws Exception {
        Process p = new ProcessBuilder("node", script, new ObjectMapper().writeValueAsString(args)).directory(NODE.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), script + " failed:\n" + out);
        assertTrue(out.contains("all checks passed"), out);
        return out;
    }

    @Test
    void ohifListsTheStudyAndDrawsItsImages() throws Exception {
        String study = storeStudy(Integer.MAX_VALUE);
        Path screenshot = Path.of("target/ohif-viewer.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        node("ohif-viewer.mjs", Map.of("viewer", base + "viewer", "mist", base + "dicomweb", "study", study,
                "patientName", "Pancreas-CT-CB_001", "screenshot", screenshot.toString()));
        assertTrue(Files.size(screenshot) > 10_000, "no screenshot");
    }

    @Test
    void aMeasurementSavedInOhifIsStoredAsAReportAndListedAgain() throws Exception {
        String study = storeStudy(12);
        Path screenshot = Path.of("target/ohif-report.png").toAbsolutePath();
        String out = node("ohif-report.mjs", Map.of("viewer", base + "viewer", "mist", base + "dicomweb", "study", study,
                "reportName", "MIST length", "screenshot", screenshot.toString()));
        Matcher drawn = Pattern.compile("a length of ([0-9.]+) mm").matcher(out);
        assertTrue(drawn.find(), out);

        // What OHIF stored: an SR series of one instance, whose content holds the length in millimetres
        JsonNode report = null;
        for (JsonNode s : JSON.readTree(Http.get(base + "dicomweb/studies/" + study + "/series").body())) {
            if ("SR".equals(s.get("00080060").get("Value").get(0).asText())) {
                report = s;
            }
        }
        assertTrue(report != null, "no SR series in the study");
        assertEquals(1, report.get("00201209").get("Value").get(0).asInt());
        String series = report.get("0020000E").get("Value").get(0).asText();
        Http.Answer sr = Http.get(base + "dicomweb/studies/" + study + "/series/" + series,
                "Accept", "multipart/related; type=\"application/dicom\"");
        assertEquals(200, sr.status());
        Path file = Files.createTempFile("mist-ohif-report-", ".dcm");
        Files.write(file, sr.parts().get(0).body());
        Dcmtk.Run dump = Dcmtk.run("dcmdump", "-q", file.toString());
        assertTrue(dump.output().contains("(0040,a30a) DS [" + drawn.group(1)), "the report's numeric values: " + dump.output());
        assertTrue(dump.output().contains("(0008,0100) SH [mm]"), "no unit mm in the report");
        System.out.printf("OHIF saved a %s mm length as %s, listed again after a reload%n", drawn.group(1),
                Attribute.getSingleStringValueOrEmptyString(read(file), TagFromName.SOPClassUID));
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList l = new AttributeList();
        l.read(file.toString());
        return l;
    }

    @Test
    void aSegmentationSavedInOhifIsStoredAndOpensAgain() throws Exception {
        String study = storeStudy(12);
        Path sent = Files.createTempFile("mist-ohif-seg-", ".dcm");
        node("ohif-segmentation.mjs", Map.of("viewer", base + "viewer", "mist", base + "dicomweb", "study", study,
                "name", "MIST segmentation", "segFile", sent.toString(),
                "screenshot", Path.of("target/ohif-segmentation.png").toAbsolutePath().toString()));

        // What MIST gives back is what OHIF sent, every attribute and every label value; its frames are stored HTJ2K
        AttributeList seg = read(sent);
        String series = Attribute.getSingleStringValueOrEmptyString(seg, TagFromName.SeriesInstanceUID);
        String sop = Attribute.getSingleStringValueOrEmptyString(seg, TagFromName.SOPInstanceUID);
        Path native_ = Files.createTempFile("mist-ohif-seg-native-", ".dcm");
        boolean rle = "1.2.840.10008.1.2.5".equals(Attribute.getSingleStringValueOrEmptyString(seg, TagFromName.TransferSyntaxUID));
        Dcmtk.Run decoded = rle ? Dcmtk.run("dcmdrle", sent.toString(), native_.toString())
                : Dcmtk.run("dcmconv", "+te", sent.toString(), native_.toString());
        assertEquals(0, decoded.exit(), decoded.output());
        String instance = base + "dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop;
        Http.Answer back = Http.get(instance, "Accept", "multipart/related; type=\"application/dicom\"");
        assertEquals(200, back.status());
        Path backFile = Files.createTempFile("mist-ohif-seg-back-", ".dcm");
        Files.write(backFile, back.parts().get(0).body());
        Dcmtk.assertSameDataSet(native_, backFile, "the segmentation given back");
        Http.Answer frame = Http.get(instance + "/frames/1", "Accept", "multipart/related; type=\"image/jphc\"");
        assertEquals(200, frame.status(), frame.text());
        System.out.printf("OHIF saved a segmentation (SOP Class %s, %s-bit, %s) and opened it again from MIST%n",
                Attribute.getSingleStringValueOrEmptyString(seg, TagFromName.SOPClassUID),
                Attribute.getSingleStringValueOrEmptyString(seg, TagFromName.BitsAllocated),
                Attribute.getSingleStringValueOrEmptyString(seg, TagFromName.TransferSyntaxUID));
    }
}
