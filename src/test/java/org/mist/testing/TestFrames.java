package org.mist.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;

/** Frames for codec and codestream tests: synthetic ones, and real ones read from DICOM and PNG files. */
public final class TestFrames {
    private TestFrames() {
    }

    /**
     * A deterministic synthetic frame: smooth structure plus noise across the whole range, with the
     * extreme values of the format at the corners.
     */
    public static Samples synthetic(ImageSpec spec, long seed) {
        Random random = new Random(seed);
        int min = spec.minValue(), max = spec.maxValue();
        double range = (double) max - min;
        int n = spec.sampleCount();
        int[] v = new int[n];
        for (int y = 0; y < spec.height(); y++) {
            for (int x = 0; x < spec.width(); x++) {
                for (int c = 0; c < spec.components(); c++) {
                    double smooth = 0.5 + 0.35 * Math.sin(x / 17.0 + c) * Math.cos(y / 23.0 - c);
                    double noise = random.nextGaussian() * 0.03;
                    long s = Math.round(min + range * (smooth + noise));
                    v[(y * spec.width() + x) * spec.components() + c] = (int) Math.max(min, Math.min(max, s));
                }
            }
        }
        v[0] = min;
        v[n - 1] = max;
        return pack(spec, v);
    }

    public static Samples pack(ImageSpec spec, int[] interleaved) {
        if (spec.bytesPerSample() == 1) {
            byte[] b = new byte[interleaved.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) interleaved[i];
            }
            return Samples.ofBytes(spec, b, false);
        }
        short[] s = new short[interleaved.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) interleaved[i];
        }
        return Samples.ofShorts(spec, s, false);
    }

    /** The same samples, rearranged plane after plane. */
    public static Samples planar(Samples interleaved) {
        ImageSpec spec = interleaved.spec();
        int plane = spec.width() * spec.height();
        int[] v = new int[spec.sampleCount()];
        for (int y = 0; y < spec.height(); y++) {
            for (int x = 0; x < spec.width(); x++) {
                for (int c = 0; c < spec.components(); c++) {
                    v[c * plane + y * spec.width() + x] = interleaved.get(x, y, c);
                }
            }
        }
        Samples packed = pack(spec, v);
        return packed.bytes() != null ? Samples.ofBytes(spec, packed.bytes(), true) : Samples.ofShorts(spec, packed.shorts(), true);
    }

    /**
     * The first frame of a native (uncompressed) DICOM file, read with PixelMed. The bit depth is
     * BitsStored, raised only if some sample does not fit it (codec tests must not lose data the
     * archive layer will mask later).
     */
    public static Samples dicomFrame(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int cols = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int spp = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int allocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        int stored = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, allocated);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        boolean planar = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0) == 1;
        Attribute pixels = list.get(TagFromName.PixelData);
        int n = rows * cols * spp;
        int[] v = new int[n];
        if (allocated == 8) {
            byte[] b = pixels.getByteValues();
            for (int i = 0; i < n; i++) {
                v[i] = b[i] & 0xFF;
            }
        } else {
            short[] s = pixels.getShortValues();
            for (int i = 0; i < n; i++) {
                v[i] = signed ? s[i] : s[i] & 0xFFFF;
            }
        }
        int bits = stored;
        while (bits < allocated && !fits(v, bits, signed)) {
            bits++;
        }
        ImageSpec spec = new ImageSpec(cols, rows, spp, bits, signed);
        Samples samples = pack(spec, v);
        return planar ? (samples.bytes() != null ? Samples.ofBytes(spec, samples.bytes(), true)
                : Samples.ofShorts(spec, samples.shorts(), true)) : samples;
    }

    private static boolean fits(int[] v, int bits, boolean signed) {
        int min = signed ? -(1 << (bits - 1)) : 0, max = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        for (int x : v) {
            if (x < min || x > max) {
                return false;
            }
        }
        return true;
    }

    /** A greyscale or RGB PNG, 8 or 16 bits, as samples. */
    public static Samples png(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        int w = img.getWidth(), h = img.getHeight();
        switch (img.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> {
                byte[] b = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                return Samples.ofBytes(ImageSpec.grey(w, h, 8, false), b.clone(), false);
            }
            case BufferedImage.TYPE_USHORT_GRAY -> {
                short[] s = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
                return Samples.ofShorts(ImageSpec.grey(w, h, 16, false), s.clone(), false);
            }
            default -> {
                int[] v = new int[w * h * 3];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = img.getRGB(x, y);
                        int i = (y * w + x) * 3;
                        v[i] = rgb >> 16 & 0xFF;
                        v[i + 1] = rgb >> 8 & 0xFF;
                        v[i + 2] = rgb & 0xFF;
                    }
                }
                return pack(ImageSpec.rgb8(w, h), v);
            }
        }
    }
}
