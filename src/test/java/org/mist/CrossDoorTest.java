package org.mist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.cli.ExportCommand;
import org.mist.dimse.DimseServer;
import org.mist.ingest.NiftiIngestTest;
import org.mist.testing.Dcmtk;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;
import picocli.CommandLine;

/**
 * The same four mistakes through every door: a malformed UID, an unknown UID, a level the data does not have,
 * and a convert-up (NIfTI-origin data asked for as DICOM, PNG-origin as NIfTI). Each door answers with the
 * same kind of refusal and its reason, in its own terms (docs/ERRORS.md): DICOMweb and /api with HTTP
 * statuses, the dataset export too, DIMSE C-FIND/C-MOVE/C-GET with statuses and Error Comment (DCMTK's
 * findscu, movescu, getscu as the peers), and the command line with exit statuses. Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class CrossDoorTest {
    /** HTTP and the command line name their store; the DICOM node serves one (its own, in the tests). */
    private static final String STORE = "doors";
    private static final String MALFORMED = "1..2";
    private static final String UNKNOWN = "1.2.3.4.5.6.7.8.9.424242";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    DimseServer dimse;

    private static String dicomStudy;
    private static String dicomSeries;
    private static String dicomSop;
    private static JsonNode nifti;
    private static JsonNode png;
    private static JsonNode niftiForDimse;

    @BeforeEach
    void store() throws Exception {
        if (dicomStudy != null) {
            return;
        }
        dicomStudy = DicomFiles.newUid();
        Path ct = DicomFiles.fresh(SharedData.require("dicom/wg04/CT1/CT1_UNC.dcm"), dicomStudy);
        Stow.Response r = Stow.post(base + "stores/" + STORE + "/dicomweb/studies", List.of(Stow.Part.file(ct)));
        assertEquals(200, r.status(), r.body());
        dicomSop = DicomFiles.sopInstanceUid(ct);
        JsonNode meta = JSON.readTree(Http.get(base + "stores/" + STORE + "/dicomweb/studies/" + dicomStudy + "/metadata").body());
        dicomSeries = meta.get(0).get("0020000E").get("Value").get(0).asText();
        nifti = ingest(STORE, "cross-door/ch2.nii.gz", SharedData.require("nifti/volumes/ch2.nii.gz"));
        png = ingest(STORE, "cross-door/1.png", SharedData.require("png/cxr14/00000001_000.png"));
        // Only non-DICOM data into the DICOM node's store: the DIMSE tests count its DICOM instances.
        niftiForDimse = ingest(TestServers.DIMSE_STORE, "cross-door/ch2.nii.gz", SharedData.require("nifti/volumes/ch2.nii.gz"));
    }

    private JsonNode ingest(String store, String name, Path file) throws Exception {
        return NiftiIngestTest.ingest(base.toString(), store, name, Files.readAllBytes(file));
    }

    private static String uid(JsonNode stored, String key) {
        return stored.get(key).asText();
    }

    // ---- the HTTP doors: DICOMweb, /api, the export ----------------------------------------------------------

    private void http(String what, String path, int status, String reason) {
        Http.Answer a = Http.get(base + path);
        assertEquals(status, a.status(), what + " " + path + ": " + a.text());
        assertTrue(a.text().contains(reason), what + " " + path + ": \"" + a.text().trim() + "\" lacks \"" + reason + "\"");
        System.out.printf("%-28s %d %s", what, a.status(), a.text());
    }

    private String wado(String study, String series, String sop) {
        return "stores/" + STORE + "/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop;
    }

    private String api(String study, String series, String sop) {
        return "api/stores/" + STORE + "/studies/" + study + "/series/" + series + "/instances/" + sop;
    }

    @Test
    void httpDoors() {
        String frame = "/frames/1";
        http("DICOMweb malformed UID", wado(dicomStudy, MALFORMED, dicomSop) + frame, 400, "Series Instance UID");
        http("DICOMweb unknown UID", wado(dicomStudy, dicomSeries, UNKNOWN) + frame, 404, UNKNOWN);
        http("DICOMweb level", wado(dicomStudy, dicomSeries, dicomSop) + frame + "?level=99", 400, "level 99 does not exist");
        http("DICOMweb convert-up", "stores/" + STORE + "/dicomweb/studies/" + uid(nifti, "studyInstanceUid"), 406,
                "NIFTI-origin data cannot be served as DICOM");

        http("/api malformed UID", api(dicomStudy, MALFORMED, dicomSop) + "/frames/1/png", 400, "Series Instance UID");
        http("/api unknown UID", api(dicomStudy, dicomSeries, UNKNOWN) + "/frames/1/png", 404, UNKNOWN);
        http("/api level", api(dicomStudy, dicomSeries, dicomSop) + "/frames/1/png?level=99", 400, "level 99 does not exist");
        http("/api levels malformed UID", api(MALFORMED, dicomSeries, dicomSop) + "/frames/1/levels", 400, "Study Instance UID");
        http("/api nifti malformed UID", "api/stores/" + STORE + "/studies/" + dicomStudy + "/series/" + MALFORMED + "/nifti",
                400, "Series Instance UID");
        http("/api convert-up", "api/stores/" + STORE + "/studies/" + uid(png, "studyInstanceUid") + "/series/"
                + uid(png, "seriesInstanceUid") + "/nifti", 406, "PNG-origin data cannot be served as NIfTI");

        String export = "api/stores/" + STORE + "/export?format=";
        http("export malformed UID", export + "dicom&study=" + MALFORMED, 400, "Study Instance UID");
        http("export unknown UID", export + "dicom&study=" + UNKNOWN, 404, UNKNOWN);
        // A dataset holds frames of many sizes: a level deeper than a frame has is its smallest; a negative one is a mistake.
        http("export level", export + "png&study=" + dicomStudy + "&level=-1", 400, "level must be an integer >= 0");
        http("export convert-up", export + "dicom&study=" + uid(nifti, "studyInstanceUid"), 406,
                "NIFTI-origin data cannot be served as DICOM");
    }

    // ---- DIMSE ------------------------------------------------------------------------------------------------

    private Dcmtk.Run dimse(String tool, String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool, "-d", "-aet", "MISTTEST", "-aec", "MIST", "-S"));
        if (tool.equals("movescu")) {
            cmd.addAll(List.of("-aem", "RECV"));
        }
        if (tool.equals("getscu")) {
            cmd.addAll(List.of("-od", Files.createTempDirectory("mist-cross-door").toString()));
        }
        for (String k : keys) {
            cmd.addAll(List.of("-k", k));
        }
        cmd.addAll(List.of("127.0.0.1", Integer.toString(dimse.port())));
        return Dcmtk.run(cmd.toArray(String[]::new));
    }

    private static void status(String what, Dcmtk.Run r, String status, String reason) {
        String out = r.output();
        assertTrue(out.toLowerCase().contains("0x" + status.toLowerCase()) || out.contains("Status: " + status), what + ": " + out);
        assertTrue(reason == null || out.contains(reason), what + " lacks \"" + reason + "\": " + out);
        System.out.printf("%-28s 0x%s %s%n", what, status, reason == null ? "" : reason);
    }

    @Test
    void dimseDoor() throws Exception {
        String study = "QueryRetrieveLevel=STUDY";
        for (String tool : List.of("findscu", "movescu", "getscu")) {
            status(tool + " malformed UID", dimse(tool, study, "StudyInstanceUID=" + MALFORMED), "a900",
                    tool.equals("getscu") ? null : "StudyInstanceUID: UID has an empty component");
            // Nothing there is not a failure in Q/R: no match, no sub-operation (docs/ERRORS.md).
            Dcmtk.Run unknown = dimse(tool, study, "StudyInstanceUID=" + UNKNOWN);
            assertEquals(0, unknown.exit(), unknown.output());
            assertTrue(!unknown.output().contains("(0008,0018)") || tool.equals("findscu") && !unknown.output().contains(UNKNOWN + "]"),
                    unknown.output());
            System.out.printf("%-28s 0x0000, nothing matched%n", tool + " unknown UID");
        }
        // DIMSE has no levels: C-MOVE and C-GET send full resolution. Converting up is refused with the reason
        // (getscu 3.6.7 does not print a response's Error Comment; findscu and movescu -d do).
        for (String tool : List.of("movescu", "getscu")) {
            status(tool + " convert-up", dimse(tool, study, "StudyInstanceUID=" + uid(niftiForDimse, "studyInstanceUid")), "c000",
                    tool.equals("movescu") ? "NIFTI-origin data cannot be served as DICOM" : null);
        }
        // C-FIND sees what QIDO-RS sees: DICOM-origin series only.
        Dcmtk.Run find = dimse("findscu", study, "StudyInstanceUID=" + uid(niftiForDimse, "studyInstanceUid"));
        assertEquals(0, find.exit(), find.output());
        assertTrue(!find.output().contains("Find Response: 1 (Pending)"), find.output());
    }

    // ---- the command line --------------------------------------------------------------------------------------

    private static int cli(String expectReason, String... args) throws Exception {
        Path out = Files.createTempFile("mist-cross-door", ".tar");
        List<String> all = new ArrayList<>(List.of("--store", STORE, "-o", out.toString()));
        all.addAll(List.of(args));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new ExportCommand()).execute(all.toArray(String[]::new));
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(expectReason), String.join(" ", args) + ": \"" + text + "\" lacks \"" + expectReason + "\"");
        System.out.printf("mist export %-40s exit %d %s", String.join(" ", args), exit, text);
        Files.deleteIfExists(out);
        return exit;
    }

    @Test
    void commandLine() throws Exception {
        assertEquals(2, cli("Study Instance UID", "--format", "dicom", "--study", MALFORMED));
        assertEquals(3, cli(UNKNOWN, "--format", "dicom", "--study", UNKNOWN));
        assertEquals(2, cli("level must be an integer >= 0", "--format", "png", "--study", dicomStudy, "--level", "-1"));
        assertEquals(4, cli("NIFTI-origin data cannot be served as DICOM", "--format", "dicom", "--study",
                uid(nifti, "studyInstanceUid")));
    }
}
