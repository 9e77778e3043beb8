package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectStore;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * Series metadata: DICOM JSON with typed values, large binary values by BulkDataURI (and the bulk data
 * endpoint gives the very bytes back), and the per-series cache object in S3, replaced when the series
 * grows so the answer always lists every instance.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class MetadataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeTag PRIVATE_CREATOR = new AttributeTag(0x0009, 0x0010);
    private static final AttributeTag PRIVATE_BLOB = new AttributeTag(0x0009, 0x1010);

    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectStore objects;

    @Test
    void seriesMetadataIsTypedCachedAndFollowsTheSeries() throws Exception {
        Path slices = SharedData.require("dicom/ct-series/pancreatic-ct-cbct-seg_001");
        List<Path> files;
        try (var s = Files.list(slices)) {
            files = s.sorted().limit(4).toList();
        }
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        byte[] blob = new byte[5000];
        new Random(7).nextBytes(blob);
        List<Stow.Part> first = new ArrayList<>();
        for (Path f : files.subList(0, 3)) {
            first.add(Stow.Part.file(withBlob(DicomFiles.fresh(f, study, series), blob)));
        }
        assertEquals(200, Stow.post(base + "stores/meta/dicomweb/studies", first).status());
        String url = base + "stores/meta/dicomweb/studies/" + study + "/series/" + series + "/metadata";
        JsonNode three = JSON.readTree(Http.get(url).body());
        assertEquals(3, three.size());
        JsonNode item = three.get(0);
        assertTrue(item.get("00100010").get("Value").get(0).has("Alphabetic"), "PN is an object");
        assertTrue(item.get("00200013").get("Value").get(0).isNumber(), "IS is a number");
        assertTrue(item.get("00280030").get("Value").get(0).isNumber(), "DS is a number");
        assertTrue(item.get("00280010").get("Value").get(0).isInt(), "US is a number");
        assertEquals("OB", item.get("00091010").get("vr").asText());
        String bulk = item.get("00091010").get("BulkDataURI").asText();
        assertTrue(bulk.startsWith(base + "stores/meta/dicomweb/studies/" + study), bulk);
        Http.Answer blobBack = Http.get(bulk, "Accept", "multipart/related; type=\"application/octet-stream\"");
        assertEquals(200, blobBack.status(), blobBack.text());
        assertArrayEquals(blob, blobBack.parts().get(0).body());
        Http.Answer pixels = Http.get(item.get("7FE00010").get("BulkDataURI").asText(),
                "Accept", "multipart/related; type=\"application/octet-stream\"");
        assertEquals(512 * 512 * 2, pixels.parts().get(0).body().length);
        List<String> cached = cacheKeys(study, series);  // count, rejected, largest id, sum of header versions
        assertEquals(1, cached.size(), cached.toString());
        assertTrue(cached.get(0).matches("meta/" + study + "/" + series + "/metadata-3-0-\\d+-3\\.json\\.gz"), cached.toString());

        // One more instance: a new version, the old cache object gone, four instances listed.
        assertEquals(200, Stow.post(base + "stores/meta/dicomweb/studies",
                List.of(Stow.Part.file(DicomFiles.fresh(files.get(3), study, series)))).status());
        assertEquals(4, JSON.readTree(Http.get(url).body()).size());
        List<String> keys = cacheKeys(study, series);
        assertEquals(1, keys.size(), keys.toString());
        assertTrue(keys.get(0).contains("/metadata-4-0-"), keys.toString());
        // The study's metadata joins its series; an instance's is that instance alone.
        assertEquals(4, JSON.readTree(Http.get(base + "stores/meta/dicomweb/studies/" + study + "/metadata").body()).size());
    }

    private List<String> cacheKeys(String study, String series) {
        List<String> keys = new ArrayList<>();
        objects.list("meta/" + study + "/" + series + "/metadata-", o -> keys.add(o.key()));
        return keys;
    }

    private static Path withBlob(Path file, byte[] blob) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        String ts = "1.2.840.10008.1.2.1";  // explicit VR, so the private value stays OB (implicit VR would make it UN)
        Attribute creator = new LongStringAttribute(PRIVATE_CREATOR);
        creator.addValue("MIST TEST");
        list.put(creator);
        Attribute value = new OtherByteAttribute(PRIVATE_BLOB);
        value.setValues(blob);
        list.put(value);
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, ts, "MISTTEST");
        Path out = Files.createTempFile("mist-blob-", ".dcm");
        list.write(out.toFile(), ts, true, true);
        out.toFile().deleteOnExit();
        return out;
    }
}
