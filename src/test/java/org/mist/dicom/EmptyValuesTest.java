package org.mist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mist.testing.Dcmtk;
import org.mist.testing.SharedData;

/**
 * Empty values at the end of a multi-valued attribute count (VM 4 for {@code ORIGINAL\PRIMARY\\}): they survive
 * the stored header, its reading back, and the DICOM JSON. DCMTK's dcmodify writes the file. Uses ../shared/data.
 */
class EmptyValuesTest {
    @Test
    void trailingEmptyValuesAreKept() throws Exception {
        Path file = Files.createTempFile("mist-empty-values", ".dcm");
        Files.copy(SharedData.require("dicom/wg04/CT1/CT1_UNC.dcm"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Dcmtk.Run r = Dcmtk.run("dcmodify", "-nb", "-i", "(0008,0008)=ORIGINAL\\PRIMARY\\\\", "-i", "(0020,4000)=  two spaces",
                file.toString());
        assertEquals(0, r.exit(), r.output());

        AttributeList read = Headers.readPart10WithoutPixelData(Files.readAllBytes(file));
        assertEquals(4, read.get(TagFromName.ImageType).getVM(), "as read back");
        AttributeList again = Headers.readPart10WithoutPixelData(Headers.part10WithoutPixelData(read));
        assertEquals(4, again.get(TagFromName.ImageType).getVM(), "through the stored header");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            DicomJson.write(g, again, null, null);
        }
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertEquals("[\"ORIGINAL\",\"PRIMARY\",null,null]", json.get("00080008").get("Value").toString());
        assertEquals("[\"  two spaces\"]", json.get("00204000").get("Value").toString(), "text keeps its leading spaces");
        Files.delete(file);
    }
}
