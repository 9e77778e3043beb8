package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mist.archive.FrameSource;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * The frames door's cache (needs {@code ../shared/data/dicom/ct-series}): a frame read again, whole, at a level or as
 * a byte range, is answered with the same bytes without reading the object store; an instance deleted and stored
 * again under the same UIDs with other pixels is answered with the new pixels, never the old copy.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class FrameCacheTest {
    private static final String JPHC = "multipart/related; type=\"image/jphc\"";

    @TestHTTPResource("/")
    URL base;
    @Inject
    FrameSource frames;

    @Test
    void aFrameReadAgainComesFromMemoryAndNeverOutlivesItsPixels() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        Path first = DicomFiles.ctSlice(10, study, series, "CACHE");
        String sop = DicomFiles.sopInstanceUid(first);
        String web = base + "stores/cache/dicomweb";
        String instance = web + "/studies/" + study + "/series/" + series + "/instances/" + sop;
        assertEquals(200, Stow.post(web + "/studies", List.of(Stow.Part.file(first))).status());
        long level1 = new ObjectMapper().readTree(Http.get(base + "api/stores/cache/studies/" + study + "/series/" + series
                + "/instances/" + sop + "/frames/1/levels").body()).get("levels").get(1).get("bytes").asLong();

        List<String[]> reads = List.of(new String[] {"/frames/1", "Accept", JPHC},
                new String[] {"/frames/1?level=1", "Accept", JPHC},
                new String[] {"/frames/1", "Accept", JPHC, "Range", "bytes=0-" + (level1 - 1)});
        byte[] wholeBefore = null;
        for (String[] r : reads) {
            long before = frames.bytesRead();
            byte[] once = read(instance, r);
            assertTrue(frames.bytesRead() > before, "the first read of " + r[0] + " reads the object store");
            before = frames.bytesRead();
            byte[] again = read(instance, r);
            assertEquals(before, frames.bytesRead(), "the second read of " + String.join(" ", r) + " reads nothing");
            assertArrayEquals(once, again, String.join(" ", r));
            if (wholeBefore == null) {
                wholeBefore = once;
            }
        }

        // Deleted, then stored again under the same UIDs with another slice's pixels: the same object key, new content.
        assertEquals(204, Http.delete(instance).status());
        Path second = DicomFiles.withValues(SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001/1-060.dcm"),
                Map.of(TagFromName.StudyInstanceUID, study, TagFromName.SeriesInstanceUID, series, TagFromName.SOPInstanceUID, sop,
                        TagFromName.PatientID, "CACHE"));
        assertEquals(200, Stow.post(web + "/studies", List.of(Stow.Part.file(second))).status());
        long before = frames.bytesRead();
        byte[] wholeAfter = read(instance, reads.get(0));
        assertTrue(frames.bytesRead() > before, "the new pixels are read from the object store");
        assertFalse(java.util.Arrays.equals(wholeBefore, wholeAfter), "the old frame was served for the new pixels");
        assertArrayEquals(wholeAfter, read(instance, reads.get(0)));
    }

    private static byte[] read(String instance, String[] r) {
        String[] headers = java.util.Arrays.copyOfRange(r, 1, r.length);
        Http.Answer a = Http.get(instance + r[0], headers);
        assertTrue(a.status() == 200 || a.status() == 206, r[0] + ": " + a.status() + " " + a.text());
        return a.status() == 206 ? a.body() : a.parts().get(0).body();
    }
}
