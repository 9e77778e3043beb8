package org.mist.ingest;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.mist.archive.ArchiveException;
import org.mist.archive.Refusal;
import org.mist.dicom.DecodedFrame;
import org.mist.dicom.Headers;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveWriter;
import org.mist.store.InstanceObjects;
import org.mist.store.NewInstance;
import org.mist.store.ObjectKeys;
import org.mist.store.StoredFrame;

/**
 * PNG and JPEG in: each file becomes one single-frame instance of its collection's PNG or JPEG series, its
 * decoded samples stored losslessly (a JPEG's lossy decode included) with the layout they came in: grey of
 * 1 to 16 bits, grey+alpha, RGB, RGBA, or palette indices with the palette (and its alpha) in the internal
 * header. The dimensions are checked from the file's header before anything is decoded.
 */
@ApplicationScoped
public class ImageIngest {
    /** Longest side accepted: what DICOM's Rows/Columns can say. */
    static final int MAX_SIDE = 65535;

    @Inject
    ArchiveWriter archive;

    /** The Study Instance UID a collection's images get (one study per collection name). */
    public static String studyOf(String collection) {
        return NonDicomInstance.uid("image:" + collection, "study");
    }

    /** Ingests the PNG or JPEG {@code file}, named {@code name}, into {@code collection} of {@code store}. */
    public NonDicomResult ingest(Path file, String store, String collection, String name) {
        byte[] bytes;
        try {
            if (Files.size(file) > PixelFormat.MAX_FRAME_BYTES) {
                throw Refusal.TOO_LARGE.because("a PNG or JPEG file of " + Files.size(file) + " bytes: MIST takes up to 1 GiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw Refusal.BAD_REQUEST.because("cannot read the file: " + e.getMessage());
        }
        String origin = formatOf(bytes);
        if (origin == null) {
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("neither PNG nor JPEG (nor NIfTI): the file's signature is not one MIST ingests");
        }
        Decoded d = decode(bytes, origin);
        String sha256 = FrameEncoder.sha256(bytes);
        String study = studyOf(collection);
        String series = NonDicomInstance.uid("image:" + collection + ":" + origin, "series");
        String instance = NonDicomInstance.uid("image:" + collection + "/" + name, "instance");
        NewInstance n = NonDicomInstance.describe(store, study, series, instance, origin, origin.toLowerCase(), d.format(),
                sha256, bytes.length, name, collection.length() <= 64 ? collection : collection.substring(0, 64));
        ArchiveWriter.Result r = archive.write(n, sink -> {
            StoredFrame f = FrameEncoder.store(new DecodedFrame(d.format(), d.words(), false, d.format().photometric()), 1,
                    n.objectPrefix(), sink, true);
            AttributeList header = NonDicomInstance.header(study, series, instance, d.format(), 1, 0);
            if (d.palette() != null) {
                addPalette(header, d.palette());
            }
            sink.put(ObjectKeys.header(n.objectPrefix()), Headers.part10WithoutPixelData(header));
            return new InstanceObjects.Written(List.of(f), d.format().photometric());
        });
        return new NonDicomResult(name, origin, study, series, instance, 1, bytes.length, r.storedBytes(),
                r.outcome() == ArchiveWriter.Outcome.ALREADY_STORED);
    }

    /** "PNG", "JPEG" or null, from the signature. */
    public static String formatOf(byte[] head) {
        if (head.length >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "PNG";
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return "JPEG";
        }
        return null;
    }

    /** The samples as DICOM words, their layout, and the palette as RGBA entries (palette PNGs only). */
    private record Decoded(PixelFormat format, Object words, int[] palette) {
    }

    private static Decoded decode(byte[] bytes, String origin) {
        int colourType = -1;
        if (origin.equals("PNG")) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (bytes.length < 33 || b.getInt(12) != 0x49484452) {
                throw Refusal.BAD_REQUEST.because("corrupt PNG: no IHDR chunk first");
            }
            colourType = bytes[25];
            int depth = bytes[24];
            int channels = switch (colourType) {
                case 0, 3 -> 1;
                case 4 -> 2;
                case 2 -> 3;
                default -> 4;
            };
            checkSize(b.getInt(16) & 0xFFFFFFFFL, b.getInt(20) & 0xFFFFFFFFL, channels * (depth > 8 ? 2 : 1));
            checkChunks(b);
        }
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            // By name: probing every registered reader (PixelMed's among them) would print to stdout each time.
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(origin.equals("PNG") ? "png" : "jpeg");
            if (!readers.hasNext()) {
                throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("no reader for this " + origin);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (origin.equals("JPEG")) {
                    checkSize(reader.getWidth(0), reader.getHeight(0), 3);
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ArchiveException r) {
                throw r;
            }
            throw Refusal.BAD_REQUEST.because("corrupt " + origin + ": " + e.getMessage());
        }
        Raster raster = image.getRaster();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        if (bands > 4 || bits > 16) {
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.because(origin + " with " + bands + " samples of " + bits + " bits per pixel is not stored");
        }
        boolean palette = colourType == 3 && image.getColorModel() instanceof IndexColorModel;
        String photometric = palette ? "PALETTE COLOR" : bands >= 3 ? "RGB" : "MONOCHROME2";
        int allocated = bits <= 8 ? 8 : 16;
        PixelFormat f = new PixelFormat(h, w, bands, allocated, bits, bits - 1, false, false, photometric, 1);
        // Row by row: a whole image of ints would be four times the frame.
        int perRow = w * bands;
        byte[] b8 = allocated == 8 ? new byte[perRow * h] : null;
        short[] b16 = allocated == 8 ? null : new short[perRow * h];
        int[] row = new int[perRow];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            int base = y * perRow;
            for (int i = 0; i < perRow; i++) {
                if (b8 != null) {
                    b8[base + i] = (byte) row[i];
                } else {
                    b16[base + i] = (short) row[i];
                }
            }
        }
        Object words = b8 != null ? b8 : b16;
        return new Decoded(f, words, palette ? rgba((IndexColorModel) image.getColorModel()) : null);
    }

    /** Refuses images over 65535 a side or whose samples ({@code bytesPerPixel} each pixel) exceed 1 GiB. */
    private static void checkSize(long width, long height, int bytesPerPixel) {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw Refusal.TOO_LARGE.because("an image of " + width + "x" + height + " pixels: MIST takes 1 to " + MAX_SIDE + " a side");
        }
        if (width * height * bytesPerPixel > PixelFormat.MAX_FRAME_BYTES) {
            throw Refusal.TOO_LARGE.because("an image of " + width + "x" + height + " pixels at " + bytesPerPixel + " bytes a pixel is "
                    + width * height * bytesPerPixel + " bytes, over the limit of 1 GiB a frame");
        }
    }

    /** Every chunk of a PNG must lie inside the file and carry its CRC-32 (ImageIO does not check them all). */
    private static void checkChunks(ByteBuffer b) {
        int at = 8;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        while (at + 12 <= b.limit()) {
            long length = b.getInt(at) & 0xFFFFFFFFL;
            String type = new String(b.array(), at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (at + 12 + length > b.limit()) {
                throw Refusal.BAD_REQUEST.because("corrupt PNG: chunk " + type + " at byte " + at + " runs past the end of the file");
            }
            crc.reset();
            crc.update(b.array(), at + 4, (int) length + 4);
            if ((int) crc.getValue() != b.getInt(at + 8 + (int) length)) {
                throw Refusal.BAD_REQUEST.because("corrupt PNG: chunk " + type + " at byte " + at + " fails its CRC");
            }
            at += 12 + (int) length;
            if (type.equals("IEND")) {
                return;
            }
        }
        throw Refusal.BAD_REQUEST.because("corrupt PNG: no IEND chunk");
    }

    private static int[] rgba(IndexColorModel m) {
        int[] out = new int[m.getMapSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.getRed(i) << 24 | m.getGreen(i) << 16 | m.getBlue(i) << 8 | m.getAlpha(i);
        }
        return out;
    }

    /** The palette as 8-bit DICOM tables (each entry in a 16-bit word), alpha in (0028,1204) when not all opaque. */
    private static void addPalette(AttributeList a, int[] rgba) throws DicomException {
        AttributeTag[][] tags = {
            {TagFromName.RedPaletteColorLookupTableDescriptor, TagFromName.RedPaletteColorLookupTableData},
            {TagFromName.GreenPaletteColorLookupTableDescriptor, TagFromName.GreenPaletteColorLookupTableData},
            {TagFromName.BluePaletteColorLookupTableDescriptor, TagFromName.BluePaletteColorLookupTableData},
            {null, Headers.ALPHA_PALETTE_DATA}};
        boolean opaque = true;
        for (int v : rgba) {
            opaque &= (v & 0xFF) == 0xFF;
        }
        for (int c = 0; c < (opaque ? 3 : 4); c++) {
            if (tags[c][0] != null) {
                UnsignedShortAttribute descriptor = new UnsignedShortAttribute(tags[c][0]);
                descriptor.addValue(rgba.length == 65536 ? 0 : rgba.length);
                descriptor.addValue(0);
                descriptor.addValue(8);
                a.put(descriptor);
            }
            short[] table = new short[rgba.length];
            for (int i = 0; i < table.length; i++) {
                table[i] = (short) ((rgba[i] >>> (24 - 8 * c)) & 0xFF);
            }
            OtherWordAttribute data = new OtherWordAttribute(tags[c][1]);
            data.setValues(table);
            a.put(data);
        }
    }
}
