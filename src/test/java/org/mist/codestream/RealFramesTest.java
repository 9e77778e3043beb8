package org.mist.codestream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.codec.Samples;
import org.mist.testing.SharedData;
import org.mist.testing.TestFrames;

/**
 * The section-4 oracles on real frames from {@code ../shared/data}: the whole 134-slice CT series, the
 * WG04 CR (RG2) and RGB (US1, VL1) uncompressed files, the native MR series and the ChestX-ray14 PNGs.
 * Needs the shared data folder (skips loudly without it).
 */
class RealFramesTest {

    @Test
    void ctSeries() throws Exception {
        List<Path> slices = files("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        assertEquals(134, slices.size(), "the CT series has 134 slices");
        for (Path slice : slices) {
            OracleCheck.check(slice.getFileName().toString(), TestFrames.dicomFrame(slice));
        }
    }

    @Test
    void wg04CrAndRgb() throws Exception {
        for (String f : List.of("RG2/RG2_UNC.dcm", "US1/US1_UNC.dcm", "VL1/VL1_UNC.dcm", "CT1/CT1_UNC.dcm",
                "XA1/XA1_UNC.dcm", "NM1/NM1_UNC.dcm")) {
            Samples frame = TestFrames.dicomFrame(SharedData.require("dicom/wg04/" + f));
            OracleCheck.check(f, frame);
        }
    }

    @Test
    void mrSeries() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SharedData.require("dicom/mr-series/dcm_qa/In"))) {
            files = walk.filter(Files::isRegularFile).filter(RealFramesTest::nativeDicom).sorted().toList();
        }
        assertTrue(files.size() >= 40, "MR series files found: " + files.size());
        for (Path f : files) {
            OracleCheck.check(f.getFileName().toString(), TestFrames.dicomFrame(f));
        }
    }

    @Test
    void chestXrayPngs() throws Exception {
        for (Path png : files("png/cxr14")) {
            OracleCheck.check(png.getFileName().toString(), TestFrames.png(png));
        }
    }

    private static List<Path> files(String dir) throws IOException {
        try (Stream<Path> list = Files.list(SharedData.require(dir))) {
            return list.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The MR series' JPEG-lossless and J2K multiband files need the dicom package's decoders: not here. */
    private static boolean nativeDicom(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith("jp2k") && !name.startsWith("jpg");
    }
}
