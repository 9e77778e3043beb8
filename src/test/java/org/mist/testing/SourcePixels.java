package org.mist.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The pixels of a DICOM file decoded independently of MIST: DCMTK turns it into Explicit VR Little
 * Endian ({@code dcmconv}, {@code dcmdrle}, {@code dcmdjpeg}, {@code dcmdjpls}), PixelMed reads the
 * words. Every frame's words, in the container of Bits Allocated (1-bit unpacked to one byte each).
 */
public record SourcePixels(Object words, int frames, int rows, int columns, int samplesPerPixel, int bitsAllocated,
                           boolean planar, String photometric) {

    /** The DCMTK tool that decompresses {@code transferSyntaxUid}, or null when DCMTK has none (JPEG 2000, HTJ2K). */
    public static String tool(String transferSyntaxUid) {
        return switch (transferSyntaxUid) {
            case "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99" -> "dcmconv";
            case "1.2.840.10008.1.2.5" -> "dcmdrle";
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" -> "dcmdjpeg";
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" -> "dcmdjpls";
            default -> null;
        };
    }

    public static SourcePixels decode(Path dicom, String transferSyntaxUid, Path workDir) throws Exception {
        String tool = tool(transferSyntaxUid);
        if (tool == null) {
            throw new IllegalArgumentException("DCMTK cannot decode " + transferSyntaxUid);
        }
        Path out = Files.createTempFile(workDir, "dcmtk-", ".dcm");
        try {
            Process p = new ProcessBuilder(tool, "+te", dicom.toString(), out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(tool + " failed on " + dicom + ": " + log);
            }
            return read(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The words of a native Little Endian file, by PixelMed. */
    public static SourcePixels read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int cols = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int spp = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int allocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        int frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
        boolean planar = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0) == 1;
        String photometric = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation);
        Attribute pixels = list.get(TagFromName.PixelData);
        int n = rows * cols * spp * frames;
        Object words;
        if (allocated == 16) {
            words = pixels.getShortValues();
        } else if (allocated == 8) {
            byte[] b;
            if (pixels instanceof OtherWordAttribute) {
                short[] s = pixels.getShortValues();
                b = new byte[s.length * 2];
                for (int i = 0; i < s.length; i++) {
                    b[2 * i] = (byte) s[i];
                    b[2 * i + 1] = (byte) (s[i] >> 8);
                }
            } else {
                b = pixels.getByteValues();
            }
            words = b;
        } else if (allocated == 1) {
            byte[] packed = pixels.getByteValues();
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) ((packed[i >>> 3] >>> (i & 7)) & 1);
            }
            words = b;
        } else {
            throw new IllegalArgumentException("Bits Allocated " + allocated);
        }
        return new SourcePixels(words, frames, rows, cols, spp, allocated, planar, photometric.trim());
    }

    public int samplesPerFrame() {
        return rows * columns * samplesPerPixel;
    }

    /** Sample {@code c} of pixel {@code i} in frame {@code frame}, as an int (unsigned view of the word). */
    public int sample(int frame, int i, int c) {
        int pixels = rows * columns;
        int at = frame * samplesPerFrame() + (planar ? c * pixels + i : i * samplesPerPixel + c);
        return words instanceof short[] s ? s[at] & 0xFFFF : ((byte[]) words)[at] & 0xFF;
    }
}
