package org.mist.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.NiftiFile;
import org.mist.testing.PythonScripts;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * DICOM -> NIfTI on the MR series of ../shared/data that have dcm2niix reference outputs: Siemens EPI mosaics
 * (axial, coronal, sagittal and oblique, 35 and 36 slices, 1 or 2 volumes, multiband ones in JPEG and J2K) and
 * one of them in nine transfer syntaxes. Each MIST volume must hold the reference's voxel values at
 * the same places (axes matched through the two affines) with the same voxel size, within 1e-3 mm; so must the
 * enhanced multi-frame series of dcm_qa_enh.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class MrNiftiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    /** STOWs every file under {@code dir} into {@code store}: the shared archive mixes series the references keep apart. */
    private void stow(Path dir, String store) throws Exception {
        List<Stow.Part> parts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(p -> parts.add(Stow.Part.file(p)));
        }
        Stow.Response r = Stow.post(base + "stores/" + store + "/dicomweb/studies", parts);
        assertEquals(parts.size(), r.storedCount(), r.body());
    }

    @Test
    void mosaicsAgreeWithDcm2niix() throws Exception {
        List<Path> refs = new ArrayList<>();
        try (Stream<Path> s = Files.list(SharedData.require("nifti/dcm2niix-ref/dcm_qa"))) {
            s.filter(p -> p.toString().endsWith(".nii")).sorted().forEach(refs::add);
        }
        assertEquals(25, refs.size());
        stow(SharedData.require("dicom/mr-series/dcm_qa"), "mr");
        int compared = 0;
        for (Path ref : refs) {
            JsonNode sidecar = JSON.readTree(Files.readAllBytes(Path.of(ref.toString().replace(".nii", ".json"))));
            JsonNode found = JSON.readTree(Http.get(base + "stores/mr/dicomweb/series?SeriesDescription="
                    + URLEncoder.encode(sidecar.get("SeriesDescription").asText(), StandardCharsets.UTF_8)
                    + "&SeriesNumber=" + sidecar.get("SeriesNumber").asInt()).body());
            assertEquals(1, found.size(), ref.getFileName() + ": one series in the archive");
            compare("mr", ref, found.get(0));
            compared++;
        }
        System.out.println("DICOM -> NIfTI: " + compared + " mosaic series agree with dcm2niix voxel for voxel");
    }

    /** Enhanced MR: four 6-frame instances, positions in the per-frame functional groups, one 4-D volume. */
    @Test
    void enhancedMultiFrameAgreesWithDcm2niix() throws Exception {
        stow(SharedData.require("dicom/multiframe/dcm_qa_enh/Siemens_XA10"), "enh");
        JsonNode series = JSON.readTree(Http.get(base + "stores/enh/dicomweb/series").body());
        assertEquals(1, series.size());
        compare("enh", SharedData.require("nifti/dcm2niix-ref/dcm_qa_enh/Siemens_REST1_w_SMS_PF7-8_6.nii"), series.get(0));
        System.out.println("DICOM -> NIfTI: the enhanced multi-frame series agrees with dcm2niix (64x64x6x4)");
    }

    /** A mosaic at level 1: 32x32 tiles cut from the level-1 mosaic frame, spacing doubled, origin kept. */
    @Test
    void mosaicAtLevelOneIsCutFromTheLevelOneFrame() throws Exception {
        stow(SharedData.require("dicom/mr-series/dcm_qa/In/Orientation/ax/axasc35"), "mr1");
        JsonNode series = JSON.readTree(Http.get(base + "stores/mr1/dicomweb/series").body()).get(0);
        String root = base + "api/stores/mr1/studies/" + series.get("0020000D").get("Value").get(0).asText() + "/series/"
                + series.get("0020000E").get("Value").get(0).asText() + "/nifti?gzip=false";
        NiftiFile zero = NiftiFile.parse(Http.get(root).body());
        NiftiFile one = NiftiFile.parse(Http.get(root + "&level=1").body());
        assertEquals(List.of(4, 32, 32, 35, 2), List.of(one.dim()[0], one.dim()[1], one.dim()[2], one.dim()[3], one.dim()[4]));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(zero.srow()[4 * r + c] * (c < 2 ? 2 : 1), one.srow()[4 * r + c], 1e-4, "srow " + r + "," + c);
            }
        }
        JsonNode first = JSON.readTree(Http.get(base + "stores/mr1/dicomweb/studies/" + series.get("0020000D").get("Value").get(0)
                .asText() + "/series/" + series.get("0020000E").get("Value").get(0).asText() + "/instances?InstanceNumber=1").body());
        String frame = base + "stores/mr1/dicomweb/studies/" + series.get("0020000D").get("Value").get(0).asText() + "/series/"
                + series.get("0020000E").get("Value").get(0).asText() + "/instances/" + first.get(0).get("00080018").get("Value")
                .get(0).asText() + "/frames/1?level=1";
        java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(Http.get(frame, "Accept",
                "multipart/related; type=\"application/octet-stream\"").parts().get(0).body()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int z = 0; z < 35; z++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int mx = z % 6 * 32 + x;
                    int my = z / 6 * 32 + y;
                    assertEquals(words.getShort(2 * (my * 192 + mx)), one.at(x, y, z, 0), "tile " + z + " (" + x + "," + y + ")");
                }
            }
        }
    }

    @Test
    void oneMosaicInNineTransferSyntaxesAgreesWithDcm2niix() throws Exception {
        int compared = 0;
        for (int n = 1; n <= 9; n++) {
            Path ref = SharedData.require("nifti/dcm2niix-ref/dcm_qa_ts/" + n + ".nii");
            // The nine files are one mosaic volume in nine encodings, all in one series: each goes to a store of its own.
            stow(SharedData.require("dicom/ts/dcm_qa_ts/In/" + n + ".dcm"), "ts-" + n);
            JsonNode series = JSON.readTree(Http.get(base + "stores/ts-" + n + "/dicomweb/series").body()).get(0);
            compare("ts-" + n, ref, series);
            compared++;
        }
        assertEquals(9, compared);
        System.out.println("DICOM -> NIfTI: the mosaic in all nine transfer syntaxes agrees with dcm2niix");
    }

    /**
     * Time series of single-frame instances, each against dcm2niix on the same files (512x512x10x2): ten CT
     * slices and the ten next ones moved onto their positions, so a wrong volume order shows in the voxels,
     * rewritten with DCMTK's dcmodify. GE's layout (same Acquisition Number and Time, volumes only in Instance
     * Number order); volumes by Temporal Position Identifier against the Instance Number order; and an
     * Acquisition Number that contradicts the Instance Number order, where dcm2niix follows the latter. Every
     * file gets the same Acquisition and Content Time, so that dcm2niix derives no repetition time from them.
     */
    @Test
    void timeSeriesOfSingleFramesAgreeWithDcm2niix() throws Exception {
        timeSeries("ge", "(0020,0012)=1", "(0020,0012)=1", 1, 11);
        timeSeries("tpi", "(0020,0100)=1", "(0020,0100)=2", 11, 1);
        timeSeries("acq", "(0020,0012)=1", "(0020,0012)=2", 11, 1);
        System.out.println("DICOM -> NIfTI: three time-series layouts (10 positions x 2 volumes) agree with dcm2niix");
    }

    /** Volume 1 gets {@code first} (an attribute) and instance numbers from {@code firstNumber}; volume 2 likewise. */
    private void timeSeries(String store, String first, String second, int firstNumber, int secondNumber) throws Exception {
        Path ct = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        Path in = Files.createTempDirectory("mist-series-in");
        Path out = Files.createTempDirectory("mist-series-out");
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        for (int i = 1; i <= 10; i++) {
            String position = Dcmtk.run("dcmdump", "-q", "+P", "0020,0032", ct.resolve(String.format("1-%03d.dcm", i)).toString())
                    .output().replaceAll("(?s).*\\[(.*?)\\].*", "$1");
            for (int v = 0; v < 2; v++) {
                Path f = in.resolve("v" + v + "_" + i + ".dcm");
                Files.copy(ct.resolve(String.format("1-%03d.dcm", i + 10 * v)), f);
                Dcmtk.Run r = Dcmtk.run("dcmodify", "-nb", "-gin", "-m", "(0020,000d)=" + study, "-m", "(0020,000e)=" + series,
                        "-m", "(0020,0013)=" + ((v == 0 ? firstNumber : secondNumber) + i - 1), "-i", v == 0 ? first : second,
                        "-m", "(0020,0032)=" + position, "-i", "(0008,0032)=112419", "-i", "(0008,0033)=112419", f.toString());
                assertEquals(0, r.exit(), r.output());
            }
        }
        Dcmtk.Run ref = Dcmtk.run("dcm2niix", "-o", out.toString(), "-f", store, "-z", "n", in.toString());
        assertEquals(0, ref.exit(), ref.output());
        assertTrue(ref.output().contains("512x512x10x2"), ref.output());
        stow(in, store);
        JsonNode found = JSON.readTree(Http.get(base + "stores/" + store + "/dicomweb/series?SeriesInstanceUID=" + series).body());
        compare(store, out.resolve(store + ".nii"), found.get(0));
    }

    /**
     * Enhanced instances that hold several volumes, made from the four XA10 instances with pydicom
     * ({@code src/test/python/enhanced_cases.py}), each against dcm2niix on the same file: a time series of four
     * volumes by Temporal Position Index (4-D), magnitude and phase frames (two files, the second suffixed
     * {@code _ph}), and two echoes ({@code _e1}, {@code _e2}, which a request must choose between). Frames are interleaved position by position. The
     * instances say Philips, since dcm2niix leaves Siemens enhanced files unsplit. The export writes each file.
     * Frames in two planes (a sagittal stack beside an axial one) are refused with the reason.
     */
    @Test
    void enhancedInstancesHoldingSeveralVolumesAgreeWithDcm2niix() throws Exception {
        Path dir = Files.createTempDirectory("mist-enhanced-cases");
        PythonScripts.run("enhanced_cases.py", SharedData.root().toString(), dir.toString());
        List<String> files = new ArrayList<>();
        for (String name : List.of("time", "types", "echoes")) {
            Path out = Files.createDirectories(dir.resolve("dcm2niix-" + name));
            Dcmtk.Run ref = Dcmtk.run("dcm2niix", "-o", out.toString(), "-f", name, "-z", "n", dir.resolve(name).toString());
            assertEquals(0, ref.exit(), ref.output());
            List<String> suffixes = new ArrayList<>();
            try (Stream<Path> s = Files.list(out)) {
                s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".nii")).sorted()
                        .forEach(f -> suffixes.add(f.substring(name.length(), f.length() - ".nii".length())));
            }
            String store = "enh-" + name;
            stow(dir.resolve(name), store);
            JsonNode series = JSON.readTree(Http.get(base + "stores/" + store + "/dicomweb/series").body()).get(0);
            for (String suffix : suffixes) {
                compare(store, out.resolve(name + suffix + ".nii"), series, suffix);
                files.add(name + suffix);
            }
            String nifti = base + "api/stores/" + store + "/studies/" + series.get("0020000D").get("Value").get(0).asText()
                    + "/series/" + series.get("0020000E").get("Value").get(0).asText() + "/nifti";
            if (!suffixes.contains("")) {  // no volume without a suffix: the request must choose
                Http.Answer which = Http.get(nifti);
                assertEquals(406, which.status(), which.text());
                assertTrue(which.text().contains(String.join(", ", suffixes)), which.text());
            }
            assertEquals(404, Http.get(nifti + "?suffix=_e9").status());
            Map<String, byte[]> tar = Tar.entries(Http.get(base + "api/stores/" + store + "/export?format=nifti").body());
            assertEquals(suffixes.size(), tar.keySet().stream().filter(k -> k.endsWith(".nii.gz")).count(), tar.keySet().toString());
        }
        assertEquals(List.of("time", "types", "types_ph", "echoes_e1", "echoes_e2"), files);
        stow(dir.resolve("planes"), "enh-planes");
        JsonNode planes = JSON.readTree(Http.get(base + "stores/enh-planes/dicomweb/series").body()).get(0);
        Http.Answer refused = Http.get(base + "api/stores/enh-planes/studies/" + planes.get("0020000D").get("Value").get(0).asText()
                + "/series/" + planes.get("0020000E").get("Value").get(0).asText() + "/nifti");
        assertEquals(406, refused.status(), refused.text());
        assertTrue(refused.text().contains("another plane"), refused.text());
        System.out.println("DICOM -> NIfTI: enhanced instances of several volumes agree with dcm2niix: " + files);
    }

    private void compare(String store, Path ref, JsonNode series) throws Exception {
        compare(store, ref, series, null);
    }

    private void compare(String store, Path ref, JsonNode series, String suffix) throws Exception {
        String url = base + "api/stores/" + store + "/studies/" + series.get("0020000D").get("Value").get(0).asText() + "/series/"
                + series.get("0020000E").get("Value").get(0).asText() + "/nifti?gzip=false"
                + (suffix == null || suffix.isEmpty() ? "" : "&suffix=" + suffix);
        Http.Answer a = Http.get(url);
        assertEquals(200, a.status(), ref.getFileName() + ": " + a.text());
        NiftiFile ours = NiftiFile.parse(a.body());
        NiftiFile theirs = NiftiFile.parse(Files.readAllBytes(ref));
        assertEquals(theirs.dim()[0], ours.dim()[0], ref.getFileName() + ": dimensions");
        assertTrue(ours.sameScaling(theirs), ref.getFileName() + ": scaling " + ours.slope() + "/" + ours.intercept() + " vs "
                + theirs.slope() + "/" + theirs.intercept());
        assertEquals(0, ours.differencesFrom(theirs), ref.getFileName() + ": voxels differing from dcm2niix's");
        if (ours.volumes() > 1) {
            assertEquals(theirs.pixdim()[4], ours.pixdim()[4], 1e-4, ref.getFileName() + ": repetition time");
        }
    }
}
