package org.mist.dicom;

import com.pixelmed.codec.jpeg.OutputArrayOrStream;
import com.pixelmed.codec.jpeg.Parse;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.mist.codec.CodecException;
import org.mist.codec.IsolatedDecoder;
import org.mist.codec.Samples;

/**
 * Decoders for encapsulated frames. Java decoders run in process (RLE here, JPEG lossless by PixelMed's
 * codec, DCT JPEG by the JDK); the C decoders (OpenJPEG, CharLS, OpenJPH) run in {@link IsolatedDecoder}.
 */
final class CompressedFrames {
    private static final IsolatedDecoder ISOLATED = IsolatedDecoder.withDefaults();

    private CompressedFrames() {
    }

    static DecodedFrame decode(TransferSyntax ts, PixelFormat f, byte[] data) throws IOException {
        if (f.bitsAllocated() != 8 && f.bitsAllocated() != 16) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "compressed Pixel Data with Bits Allocated " + f.bitsAllocated() + " is not supported");
        }
        try {
            return switch (ts.encoding()) {
                case RLE -> Rle.decode(f, data);
                case JPEG_DCT -> dct(f, data);
                case JPEG_LOSSLESS -> jpegLossless(f, data);
                case JPEG_LS -> isolated(IsolatedDecoder.Format.JPEG_LS, f, data, f.photometric());
                case JPEG_2000 -> isolated(IsolatedDecoder.Format.JPEG_2000, f, data, colourAfterJ2k(f));
                case HTJ2K -> isolated(IsolatedDecoder.Format.HTJ2K, f, data, colourAfterJ2k(f));
                case NATIVE -> throw new IllegalArgumentException("native pixel data is not compressed");
            };
        } catch (CodecException e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "cannot decode the " + ts + " frame: " + e.getMessage(), e);
        }
    }

    /** A JPEG 2000 decoder undoes the RCT/ICT itself: what comes out is RGB. */
    private static String colourAfterJ2k(PixelFormat f) {
        return f.photometric().startsWith("YBR_") ? "RGB" : f.photometric();
    }

    private static DecodedFrame isolated(IsolatedDecoder.Format format, PixelFormat f, byte[] data, String photometric) {
        Samples s = ISOLATED.decode(format, data, 0);
        checkShape(f, s.spec().width(), s.spec().height(), s.spec().components(), s.spec().bitDepth());
        int n = s.spec().sampleCount();
        if (f.bitsAllocated() == 8) {
            return new DecodedFrame(f, s.bytes(), false, photometric);
        }
        short[] words = new short[n];
        if (s.bytes() != null) {
            for (int i = 0; i < n; i++) {
                words[i] = (short) (s.spec().signed() ? s.bytes()[i] : s.bytes()[i] & 0xFF);
            }
        } else {
            System.arraycopy(s.shorts(), 0, words, 0, n);
        }
        if (!s.spec().signed()) {
            signExtend(f, words);
        }
        return new DecodedFrame(f, words, false, photometric);
    }

    private static DecodedFrame jpegLossless(PixelFormat f, byte[] data) throws IOException {
        Parse.DecompressedOutput out = new Parse.DecompressedOutput();
        try {
            Parse.parse(new ByteArrayInputStream(data), null, null, out);
        } catch (Exception e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "cannot decode the JPEG lossless frame: " + e.getMessage(), e);
        }
        OutputArrayOrStream[] planes = out.getDecompressedOutputPerComponent();
        if (planes == null || planes.length != f.samplesPerPixel()) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "JPEG lossless frame has "
                    + (planes == null ? 0 : planes.length) + " components, Samples per Pixel is " + f.samplesPerPixel());
        }
        int pixels = (int) f.pixelsPerFrame();
        if (f.bitsAllocated() == 8) {
            byte[] words = new byte[pixels * planes.length];
            for (int c = 0; c < planes.length; c++) {
                byte[] plane = planes[c].getByteArray();
                if (plane == null) {
                    plane = narrow(planes[c].getShortArray(), f);
                }
                copyPlane(plane, pixels, c, planes.length, words);
            }
            return new DecodedFrame(f, words, false, f.photometric());
        }
        short[] words = new short[pixels * planes.length];
        for (int c = 0; c < planes.length; c++) {
            short[] plane = planes[c].getShortArray();
            if (plane == null) {
                plane = widen(planes[c].getByteArray());
            }
            copyPlane(plane, pixels, c, planes.length, words);
        }
        signExtend(f, words);
        return new DecodedFrame(f, words, false, f.photometric());
    }

    /** Puts component {@code c}'s plane into interleaved {@code words} (same array type). */
    private static void copyPlane(Object plane, int pixels, int c, int components, Object words) {
        int length = java.lang.reflect.Array.getLength(plane);
        if (length < pixels) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "JPEG frame has " + length + " pixels, Rows x Columns is " + pixels);
        }
        if (components == 1) {
            System.arraycopy(plane, 0, words, 0, pixels);
        } else if (plane instanceof byte[] from) {
            byte[] to = (byte[]) words;
            for (int i = 0; i < pixels; i++) {
                to[i * components + c] = from[i];
            }
        } else {
            short[] from = (short[]) plane;
            short[] to = (short[]) words;
            for (int i = 0; i < pixels; i++) {
                to[i * components + c] = from[i];
            }
        }
    }

    private static byte[] narrow(short[] s, PixelFormat f) {
        if (s == null) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "JPEG lossless decoder gave no samples");
        }
        byte[] b = new byte[s.length];
        for (int i = 0; i < s.length; i++) {
            if ((s[i] & 0xFF00) != 0) {
                throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                        "JPEG precision exceeds Bits Allocated " + f.bitsAllocated());
            }
            b[i] = (byte) s[i];
        }
        return b;
    }

    private static short[] widen(byte[] b) {
        if (b == null) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "JPEG lossless decoder gave no samples");
        }
        short[] s = new short[b.length];
        for (int i = 0; i < b.length; i++) {
            s[i] = (short) (b[i] & 0xFF);
        }
        return s;
    }

    /** JPEG lossless and JPEG-LS hold the low Bits Stored bits of signed samples: make them two's complement. */
    private static void signExtend(PixelFormat f, short[] words) {
        if (!f.signed() || f.bitsStored() >= 16 || f.highBit() != f.bitsStored() - 1) {
            return;
        }
        int shift = 32 - f.bitsStored();
        int mask = (1 << f.bitsStored()) - 1;
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & ~mask & 0xFFFF) == 0) {
                words[i] = (short) ((words[i] << shift) >> shift);
            }
        }
    }

    /**
     * Baseline and extended DCT JPEG: 8-bit frames by the JDK's decoder (colour comes out RGB), 12-bit
     * greyscale by {@link DctJpeg}.
     */
    private static DecodedFrame dct(PixelFormat f, byte[] data) throws IOException {
        if (f.bitsAllocated() != 8) {
            DctJpeg.Image image = DctJpeg.decode(data);
            checkShape(f, image.width(), image.height(), 1, image.precision());
            return new DecodedFrame(f, image.samples(), false, f.photometric());
        }
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "cannot decode the JPEG frame: " + e.getMessage(), e);
        }
        int components = image.getRaster().getNumBands();
        checkShape(f, image.getWidth(), image.getHeight(), components, 8);
        Raster raster = image.getRaster();
        byte[] words;
        if (raster.getDataBuffer() instanceof DataBufferByte b && raster.getNumDataElements() == components
                && image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            words = b.getData();
        } else {
            int[] pixels = raster.getPixels(0, 0, f.columns(), f.rows(), (int[]) null);
            words = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                words[i] = (byte) pixels[i];
            }
        }
        return new DecodedFrame(f, words, false, components == 3 ? "RGB" : f.photometric());
    }

    private static void checkShape(PixelFormat f, int width, int height, int components, int bits) {
        if (width != f.columns() || height != f.rows() || components != f.samplesPerPixel() || bits > f.bitsAllocated()) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, String.format(
                    "compressed frame is %dx%d, %d component(s) of %d bits; the attributes say %dx%d, %d of %d bits",
                    width, height, components, bits, f.columns(), f.rows(), f.samplesPerPixel(), f.bitsAllocated()));
        }
    }
}
