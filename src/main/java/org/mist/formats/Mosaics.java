package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.mist.archive.Refusal;
import org.mist.dicom.PixelFormat;
import org.mist.dicom.SiemensCsa;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * Siemens mosaics (ImageType MOSAIC): each instance is one volume whose slices are tiled row by row in a
 * square grid of ceil(sqrt(n)) tiles, n = NumberOfImagesInMosaic (0019,100A). ImagePositionPatient is the
 * top-left corner of the whole mosaic; the first slice's corner is half the unused width and height further
 * along the row and column directions, and slice z lies z x SpacingBetweenSlices along the CSA header's
 * SliceNormalVector. Several instances of one series are the volumes of a 4-D series, ordered by
 * AcquisitionNumber. As dcm2niix reads them.
 */
final class Mosaics {
    static final AttributeTag NUMBER_OF_IMAGES_IN_MOSAIC = new AttributeTag(0x0019, 0x100A);
    static final AttributeTag CSA_IMAGE_HEADER = new AttributeTag(0x0029, 0x1010);

    private Mosaics() {
    }

    static boolean isMosaic(AttributeList a) {
        String[] type = Attribute.getStringValues(a, TagFromName.ImageType);
        return type != null && List.of(type).contains("MOSAIC") && imagesInMosaic(a) > 0;
    }

    /** (0019,100A) as US, or as the little-endian bytes of an attribute PixelMed could not type. */
    private static int imagesInMosaic(AttributeList a) {
        Attribute n = a.get(NUMBER_OF_IMAGES_IN_MOSAIC);
        if (n == null) {
            return 0;
        }
        try {
            byte[] b = n.getByteValues(false);
            if (b != null && b.length == 2 && !(n instanceof com.pixelmed.dicom.UnsignedShortAttribute)) {
                return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
            }
        } catch (DicomException | RuntimeException ignored) {
            // fall back to the typed value
        }
        return n.getSingleIntegerValueOrDefault(0);
    }

    static NiftiWriter.Volume plan(List<InstanceRow> rows, List<AttributeList> headers, int level) {
        AttributeList first = headers.get(0);
        int n = imagesInMosaic(first);
        int tiles = (int) Math.ceil(Math.sqrt(n));
        PixelFormat f = PixelFormat.of(first);
        if (f.columns() % tiles != 0 || f.rows() % tiles != 0) {
            throw Refusal.NOT_ACCEPTABLE.because("a mosaic of " + f.columns() + "x" + f.rows() + " does not hold " + tiles + "x"
                    + tiles + " tiles");
        }
        int tileColumns = f.columns() / tiles;
        int tileRows = f.rows() / tiles;
        if (tileColumns % (1 << level) != 0 || tileRows % (1 << level) != 0) {
            throw Refusal.NOT_ACCEPTABLE.because("mosaic tiles of " + tileColumns + "x" + tileRows + " do not divide by 2^" + level
                    + ": level " + level + " would cut slices apart");
        }
        double[] iop = Attribute.getDoubleValues(first, TagFromName.ImageOrientationPatient);
        double[] spacing = Attribute.getDoubleValues(first, TagFromName.PixelSpacing);
        double[] ipp = Attribute.getDoubleValues(first, TagFromName.ImagePositionPatient);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            AttributeList h = headers.get(i);
            if (rows.get(i).numberOfFrames() != 1 || !isMosaic(h) || imagesInMosaic(h) != n
                    || !Arrays.equals(Attribute.getDoubleValues(h, TagFromName.ImagePositionPatient), ipp)) {
                throw Refusal.NOT_ACCEPTABLE.because("instance " + rows.get(i).sopInstanceUid()
                        + " is not a mosaic of the same grid and position as the series' first");
            }
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> Attribute.getSingleIntegerValueOrDefault(headers.get(i),
                TagFromName.AcquisitionNumber, 0)).thenComparingInt(i -> rows.get(i).instanceNumber() == null ? 0
                : rows.get(i).instanceNumber()));
        Map<String, List<String>> csa = csa(first);
        double[] normal = SiemensCsa.numbers(csa, "SliceNormalVector", 3);
        if (normal == null) {
            normal = NiftiWriter.cross(iop);
        }
        double between = Attribute.getSingleDoubleValueOrDefault(first, TagFromName.SpacingBetweenSlices, 0);
        double gap = between > 0 ? between : Attribute.getSingleDoubleValueOrDefault(first, TagFromName.SliceThickness, 1.0);
        double[] step = new double[3];
        double[] p0 = new double[3];
        for (int a = 0; a < 3; a++) {
            step[a] = normal[a] * gap;
            p0[a] = ipp[a] + iop[a] * spacing[1] * (f.columns() - tileColumns) / 2.0
                    + iop[3 + a] * spacing[0] * (f.rows() - tileRows) / 2.0;
        }
        List<NiftiWriter.Slice> slices = new ArrayList<>();
        for (int i : order) {
            for (int z = 0; z < n; z++) {
                slices.add(new NiftiWriter.Slice(rows.get(i), headers.get(i), z, z, 1));
            }
        }
        double repetition = Attribute.getSingleDoubleValueOrDefault(first, TagFromName.RepetitionTime, 0) / 1000;
        return NiftiWriter.volume(slices, n, order.size(), repetition, tiles, first, f, iop, spacing, step, p0, level);
    }

    private static Map<String, List<String>> csa(AttributeList a) {
        Attribute csa = a.get(CSA_IMAGE_HEADER);
        try {
            return SiemensCsa.parse(csa == null ? null : csa.getByteValues(false));
        } catch (DicomException e) {
            return Map.of();
        }
    }
}
