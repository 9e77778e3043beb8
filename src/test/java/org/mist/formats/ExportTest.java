package org.mist.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mist.archive.FrameSource;
import org.mist.store.ArchiveIndex;
import org.mist.testing.Http;
import org.mist.testing.NiftiFile;
import org.mist.testing.SharedDataArchive;
import org.mist.testing.Tar;
import org.mist.testing.TestServers;

/**
 * Dataset export as one tar: the 134-slice CT series at resolution=224 as PNG is 134 PNGs of 256x256 and
 * reads from the object store exactly the level's prefixes; DICOM at a level gives derived instances, NIfTI
 * one volume; the manifest lists every file; bad requests are refused with a reason.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    FrameSource frames;
    @Inject
    ArchiveIndex index;

    private String study;
    private String series;

    @BeforeEach
    void archive() throws Exception {
        SharedDataArchive.load(base.toString());
        for (JsonNode x : JSON.readTree(Http.get(base + "stores/shared/dicomweb/series?Modality=CT&limit=100").body())) {
            if (x.get("00201209").get("Value").get(0).asInt() == 134) {
                study = x.get("0020000D").get("Value").get(0).asText();
                series = x.get("0020000E").get("Value").get(0).asText();
            }
        }
    }

    @Test
    void pngAtResolution224ReadsOnlyTheLevelPrefixes() throws Exception {
        long expected = 0;
        long full = 0;
        for (ArchiveIndex.InstanceRow r : index.instances("shared", study, series, null)) {
            expected += r.frames().get(0).prefixLength(1);
            full += r.frames().get(0).byteSize();
        }
        long before = frames.bytesRead();
        Http.Answer a = Http.get(base + "api/stores/shared/export?format=png&resolution=224&series=" + series);
        long read = frames.bytesRead() - before;
        assertEquals(200, a.status(), a.text());
        Map<String, byte[]> files = Tar.entries(a.body());
        assertEquals(135, files.size());
        int pngs = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getKey().endsWith(".png")) {
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(e.getValue()));
                assertEquals(256, png.getWidth());
                assertEquals(256, png.getHeight());
                pngs++;
            }
        }
        assertEquals(134, pngs);
        String manifest = new String(files.get("manifest.csv"), StandardCharsets.UTF_8);
        assertEquals(135, manifest.split("\n").length);
        assertTrue(manifest.contains(",1," + files.values().iterator().next().length), manifest.substring(0, 300));
        assertEquals(expected, read, "bytes read from the object store = the level-1 prefixes");
        System.out.printf("export PNG at 224: 134 files, %d bytes read of %d stored (%.1f%%)%n", read, full, 100.0 * read / full);
    }

    @Test
    void dicomAndNiftiAtALevel() throws Exception {
        Map<String, byte[]> dicom = Tar.entries(Http.get(base + "api/stores/shared/export?format=dicom&level=2&series=" + series).body());
        assertEquals(135, dicom.size());
        byte[] first = dicom.entrySet().stream().filter(e -> e.getKey().endsWith(".dcm")).findFirst().orElseThrow().getValue();
        AttributeList l = new AttributeList();
        l.read(new DicomInputStream(new ByteArrayInputStream(first)));
        assertEquals(128, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0));
        assertEquals("DERIVED", Attribute.getStringValues(l, TagFromName.ImageType)[0]);
        Map<String, byte[]> nifti = Tar.entries(Http.get(base + "api/stores/shared/export?format=nifti&level=1&study=" + study).body());
        assertEquals(2, nifti.size(), nifti.keySet().toString());
        NiftiFile volume = NiftiFile.parse(nifti.get(study + "/" + series + "_level1.nii.gz"));
        assertEquals(256, volume.dim()[1]);
        assertEquals(134, volume.dim()[3]);
    }

    @Test
    void badExportsAreRefused() {
        Http.Answer gif = Http.get(base + "api/stores/shared/export?format=gif&series=" + series);
        assertEquals(400, gif.status());
        assertTrue(gif.text().contains("format must be"), gif.text());
        assertEquals(404, Http.get(base + "api/stores/shared/export?format=png&series=1.2.3.4.5").status());
        assertEquals(400, Http.get(base + "api/stores/shared/export?format=png&level=1&resolution=2").status());
    }
}
