package org.mist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mist.testing.DicomFiles;
import org.mist.testing.ServiceProcess;
import org.mist.testing.Stow;
import org.mist.testing.Trees;

/**
 * A STOW-RS body of more than 1 GiB (generated 2048x2048 16-bit frames) into the packaged service running
 * with a 256 MB heap: the body is streamed, never held, and every instance is stored.
 */
class LargeStowIT {
    private static final int SIDE = 2048;
    private static final int INSTANCES = 130;

    @Test
    void oneGigabyteStowInA256MegabyteHeap() throws Exception {
        Path dir = Files.createTempDirectory("mist-large-stow");
        String study = DicomFiles.newUid();
        List<Stow.Part> parts = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        for (int i = 0; i < INSTANCES; i++) {
            int index = i;
            parts.add(new Stow.Part("application/dicom", () -> counted(instance(study, index), bytes)));
        }
        try (ServiceProcess service = ServiceProcess.start(dir, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), Map.of())) {
            long start = System.nanoTime();
            Stow.Response r = Stow.post(service.base() + "dicomweb/studies", parts);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(200, r.status(), r.body() + "\n" + service.log());
            assertEquals(INSTANCES, r.storedCount());
            assertTrue(bytes.get() > 1L << 30, "body of " + bytes.get() + " bytes");
            System.out.printf("STOW of %d bytes (%d instances of %dx%d x16 bit) into -Xmx256m: %.1f s, %.1f MB/s%n",
                    bytes.get(), INSTANCES, SIDE, SIDE, seconds, bytes.get() / 1e6 / seconds);
        } finally {
            Trees.delete(dir);  // the archive it made holds most of a gigabyte
        }
    }

    private static InputStream counted(byte[] data, AtomicLong bytes) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        };
    }

    /** A CT-like 16-bit frame: smooth structures plus noise, different in every instance. */
    private static byte[] instance(String study, int index) {
        try {
            AttributeList list = new AttributeList();
            put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), "1.2.840.10008.5.1.4.1.1.7");
            put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), DicomFiles.newUid());
            put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
            put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), study + ".1");
            put(list, new PersonNameAttribute(TagFromName.PatientName), "Large^Stow");
            put(list, new CodeStringAttribute(TagFromName.Modality), "OT");
            put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
            putShort(list, TagFromName.Rows, SIDE);
            putShort(list, TagFromName.Columns, SIDE);
            putShort(list, TagFromName.SamplesPerPixel, 1);
            putShort(list, TagFromName.BitsAllocated, 16);
            putShort(list, TagFromName.BitsStored, 16);
            putShort(list, TagFromName.HighBit, 15);
            putShort(list, TagFromName.PixelRepresentation, 0);
            short[] pixels = new short[SIDE * SIDE];
            long seed = 0x9E3779B97F4A7C15L * (index + 1);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    seed ^= seed << 13;
                    seed ^= seed >>> 7;
                    seed ^= seed << 17;
                    double r = Math.hypot(x - SIDE / 2.0, y - SIDE / 2.0);
                    int v = (int) (30000 + 20000 * Math.cos(r / (40.0 + index)) + (seed & 0x3FF));
                    pixels[y * SIDE + x] = (short) v;
                }
            }
            OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(pixels);
            list.put(pixelData);
            FileMetaInformation.addFileMetaInformation(list, "1.2.840.10008.1.2.1", "MISTTEST");
            ByteArrayOutputStream out = new ByteArrayOutputStream(SIDE * SIDE * 2 + 4096);
            list.write(out, "1.2.840.10008.1.2.1", true, true);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(AttributeList list, Attribute a, String value) throws Exception {
        a.addValue(value);
        list.put(a);
    }

    private static void putShort(AttributeList list, AttributeTag tag, int value) throws Exception {
        Attribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}
