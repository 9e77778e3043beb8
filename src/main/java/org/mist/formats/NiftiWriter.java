package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mist.archive.FrameImage;
import org.mist.archive.Refusal;
import org.mist.archive.Rendering;
import org.mist.codec.Levels;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * A DICOM series as one NIfTI-1 volume at level k, as dcm2niix makes it: slices ordered by their position
 * along the slice normal, the affine from ImagePositionPatient, ImageOrientationPatient and PixelSpacing
 * (DICOM's LPS turned to NIfTI's RAS), stored values kept with RescaleSlope/Intercept in scl_slope/scl_inter.
 * Voxels keep DICOM's row order (the affine says where each is). At level k the in-plane spacing is 2^k
 * times the original and the first voxel keeps its position (DESIGN section 8). Single-frame instances,
 * Siemens mosaics ({@link Mosaics}) and enhanced multi-frame instances ({@link EnhancedFrames}).
 */
public final class NiftiWriter {
    private static final int HEADER = 348;
    private static final int VOX_OFFSET = 352;

    /**
     * One slice to write: its instance, header, position along the normal, mosaic tile (-1: the whole frame) and
     * frame number (1-based; enhanced multi-frame instances hold many).
     */
    public record Slice(InstanceRow row, AttributeList header, double position, int tile, int frame) {
    }

    /**
     * The geometry and sample type of the volume, from its slices: {@code slicesPerVolume} x {@code volumes}
     * slices (4-D when there is more than one volume, {@code repetition} seconds apart), each of
     * {@code columns} x {@code rows}, cut from mosaics of {@code tiles} x {@code tiles} when {@code tiles} > 0.
     */
    public record Volume(List<Slice> slices, int columns, int rows, int slicesPerVolume, int volumes, double repetition,
                         int tiles, double[] affine, short datatype, short bitpix, int components, double slope,
                         double intercept) {
        Volume withRescale(double slope, double intercept) {
            return new Volume(slices, columns, rows, slicesPerVolume, volumes, repetition, tiles, affine, datatype, bitpix,
                    components, slope, intercept);
        }
    }

    /**
     * One NIfTI file of a series: its volume and the suffix dcm2niix gives the file name ({@code _e2}, {@code _ph};
     * empty for the only volume of a series, and for the magnitude beside a phase of the same echo).
     */
    public record Part(String suffix, Volume volume) {
    }

    /** (0020,0100), retired from PixelMed's dictionary but still written by scanners. */
    private static final AttributeTag TEMPORAL_POSITION_IDENTIFIER = new AttributeTag(0x0020, 0x0100);

    private NiftiWriter() {
    }

    /**
     * Orders the slices and derives the volumes at {@code level}: one, except for an enhanced series that holds
     * several echoes or image components. Why not, as a NOT_ACCEPTABLE refusal.
     */
    public static List<Part> plan(List<InstanceRow> rows, List<AttributeList> headers, int level) {
        if (rows.isEmpty()) {
            throw Refusal.NOT_ACCEPTABLE.because("the series has no instance");
        }
        if (EnhancedFrames.isEnhanced(headers.get(0))) {
            return EnhancedFrames.plan(rows, headers, level);
        }
        return List.of(new Part("", singleFrames(rows, headers, level)));
    }

    private static Volume singleFrames(List<InstanceRow> rows, List<AttributeList> headers, int level) {
        AttributeList first = headers.get(0);
        double[] iop = Attribute.getDoubleValues(first, TagFromName.ImageOrientationPatient);
        double[] spacing = Attribute.getDoubleValues(first, TagFromName.PixelSpacing);
        if (iop == null || iop.length != 6 || spacing == null || spacing.length != 2
                || Attribute.getDoubleValues(first, TagFromName.ImagePositionPatient) == null) {
            throw Refusal.NOT_ACCEPTABLE.because("the series has no ImagePositionPatient/ImageOrientationPatient/PixelSpacing: "
                    + "it is not a volume");
        }
        if (Mosaics.isMosaic(first)) {
            return Mosaics.plan(rows, headers, level);
        }
        double[] normal = cross(iop);
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            InstanceRow r = rows.get(i);
            if (r.numberOfFrames() != 1) {
                throw Refusal.NOT_ACCEPTABLE.because("instance " + r.sopInstanceUid() + " has " + r.numberOfFrames()
                        + " frames: NIfTI export takes series of single-frame instances for now");
            }
            double[] ipp = Attribute.getDoubleValues(headers.get(i), TagFromName.ImagePositionPatient);
            if (ipp == null || ipp.length != 3) {
                throw Refusal.NOT_ACCEPTABLE.because("instance " + r.sopInstanceUid() + " has no ImagePositionPatient");
            }
            slices.add(new Slice(r, headers.get(i), dot(ipp, normal), -1, 1));
        }
        List<List<Slice>> positions = byPosition(slices);
        int volumes = positions.get(0).size();
        List<Slice> ordered = new ArrayList<>(slices.size());
        for (int v = 0; v < volumes; v++) {
            for (List<Slice> atPosition : positions) {
                ordered.add(atPosition.get(v));
            }
        }
        PixelFormat f = PixelFormat.of(first);
        double[] p0 = Attribute.getDoubleValues(ordered.get(0).header(), TagFromName.ImagePositionPatient);
        double[] step = normal.clone();
        if (positions.size() > 1) {
            double[] pn = Attribute.getDoubleValues(positions.get(positions.size() - 1).get(0).header(),
                    TagFromName.ImagePositionPatient);
            for (int a = 0; a < 3; a++) {
                step[a] = (pn[a] - p0[a]) / (positions.size() - 1);
            }
        } else {
            double thickness = Attribute.getSingleDoubleValueOrDefault(first, TagFromName.SliceThickness, 1.0);
            for (int a = 0; a < 3; a++) {
                step[a] = normal[a] * thickness;
            }
        }
        double repetition = volumes > 1 ? Attribute.getSingleDoubleValueOrDefault(first, TagFromName.RepetitionTime, 0) / 1000 : 0;
        return volume(ordered, positions.size(), volumes, repetition, 0, first, f, iop, spacing, step, p0, level);
    }

    /**
     * The slices grouped by position along the normal, each group in volume order. A series that repeats every
     * position the same number of times is a time series of that many volumes (dcm2niix's 4-D); within a
     * position the volumes are told apart, as dcm2niix does, by Temporal Position Identifier, then Instance
     * Number (GE repeats the first and numbers instances in acquisition order; dcm2niix follows Instance Number
     * over a contradicting Acquisition Number), then Acquisition Number (instances numbered anew per volume).
     */
    private static List<List<Slice>> byPosition(List<Slice> slices) {
        slices.sort(Comparator.comparingDouble(Slice::position));
        List<List<Slice>> groups = new ArrayList<>();
        for (Slice s : slices) {
            if (groups.isEmpty() || Math.abs(s.position() - groups.get(groups.size() - 1).get(0).position()) >= 1e-4) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(s);
        }
        Comparator<Slice> volumeOrder = Comparator.comparingInt((Slice s) -> number(s, TEMPORAL_POSITION_IDENTIFIER))
                .thenComparingInt(s -> number(s, TagFromName.InstanceNumber))
                .thenComparingInt(s -> number(s, TagFromName.AcquisitionNumber));
        for (List<Slice> g : groups) {
            if (g.size() != groups.get(0).size()) {
                throw Refusal.NOT_ACCEPTABLE.because("positions hold different numbers of slices (" + groups.get(0).size()
                        + " at the first, " + g.size() + " at instance " + g.get(0).row().sopInstanceUid() + "'s): the series "
                        + "is neither one volume nor a series of equal volumes; export its instances as DICOM or PNG instead");
            }
            g.sort(volumeOrder);
        }
        return groups;
    }

    private static int number(Slice s, AttributeTag tag) {
        return Attribute.getSingleIntegerValueOrDefault(s.header(), tag, 0);
    }

    /** The volume of {@code slices} whose first voxel is at {@code p0} (LPS) and whose slices step by {@code step}. */
    static Volume volume(List<Slice> slices, int slicesPerVolume, int volumes, double repetition, int tiles, AttributeList first,
                         PixelFormat f, double[] iop, double[] spacing, double[] step, double[] p0, int level) {
        double scale = Math.pow(2, level);
        // Columns: i steps along the row direction (IOP 0..2) by the column spacing (PixelSpacing[1]);
        // j along the column direction (IOP 3..5) by the row spacing (PixelSpacing[0]). LPS -> RAS negates x, y.
        double[] affine = new double[12];
        for (int a = 0; a < 3; a++) {
            double sign = a < 2 ? -1 : 1;
            affine[4 * a] = sign * iop[a] * spacing[1] * scale;
            affine[4 * a + 1] = sign * iop[3 + a] * spacing[0] * scale;
            affine[4 * a + 2] = sign * step[a];
            affine[4 * a + 3] = sign * p0[a];
        }
        short datatype;
        short bitpix;
        if (f.samplesPerPixel() == 3) {
            datatype = 128;
            bitpix = 24;
        } else if (f.bitsAllocated() <= 8) {
            datatype = (short) (f.signed() ? 256 : 2);
            bitpix = 8;
        } else if (f.bitsAllocated() <= 16) {
            datatype = (short) (f.signed() || f.bitsStored() < 16 ? 4 : 512);
            bitpix = 16;
        } else {
            datatype = (short) (f.signed() ? 8 : 768);
            bitpix = 32;
        }
        double slope = Attribute.getSingleDoubleValueOrDefault(first, TagFromName.RescaleSlope, 1.0);
        double intercept = Attribute.getSingleDoubleValueOrDefault(first, TagFromName.RescaleIntercept, 0.0);
        int columns = Levels.size(f.columns(), level) / Math.max(1, tiles);
        int rows = Levels.size(f.rows(), level) / Math.max(1, tiles);
        return new Volume(slices, columns, rows, slicesPerVolume, volumes, repetition, tiles, affine, datatype, bitpix,
                f.samplesPerPixel(), slope == 0 ? 1 : slope, intercept);
    }

    /** The 352 bytes before the voxels: NIfTI-1 header, little endian, sform and qform both scanner-based. */
    public static byte[] header(Volume v, int level) {
        ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, HEADER);
        short[] dim = {(short) (v.volumes() > 1 ? 4 : 3), (short) v.columns(), (short) v.rows(), (short) v.slicesPerVolume(),
            (short) v.volumes(), 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putFloat(76 + 4 * 4, (float) v.repetition());
        b.putShort(70, v.datatype());
        b.putShort(72, v.bitpix());
        double[] a = v.affine();
        double[] size = new double[3];
        for (int c = 0; c < 3; c++) {
            size[c] = Math.sqrt(a[c] * a[c] + a[4 + c] * a[4 + c] + a[8 + c] * a[8 + c]);
        }
        double[] quaternion = quaternion(a, size);
        b.putFloat(76, (float) quaternion[6]);
        for (int c = 0; c < 3; c++) {
            b.putFloat(80 + 4 * c, (float) size[c]);
        }
        b.putFloat(108, VOX_OFFSET);
        b.putFloat(112, (float) v.slope());
        b.putFloat(116, (float) v.intercept());
        b.put(123, (byte) 10);  // mm and seconds
        byte[] description = ("MIST level " + level).getBytes(StandardCharsets.US_ASCII);
        b.put(148, description, 0, Math.min(description.length, 79));
        b.putShort(252, (short) 1);  // qform_code: scanner
        b.putShort(254, (short) 1);  // sform_code: scanner
        for (int i = 0; i < 6; i++) {
            b.putFloat(256 + 4 * i, (float) quaternion[i]);
        }
        for (int i = 0; i < 12; i++) {
            b.putFloat(280 + 4 * i, (float) a[i]);
        }
        b.put(344, new byte[] {'n', '+', '1', 0});
        return b.array();
    }

    /** One slice's voxels (x fastest, then y), in the volume's datatype, little endian. */
    public static void writeSlice(OutputStream out, FrameImage image, Rendering rendering, Volume v) throws IOException {
        int n = image.width() * image.height() * image.components();
        ByteBuffer b = ByteBuffer.allocate(n * Math.max(1, v.bitpix() / 8 / (v.components() == 3 ? 3 : 1)) + 16)
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] values = image.values();
        for (int i = 0; i < n; i++) {
            long s = rendering.sample(values[i]);
            switch (v.bitpix()) {
                case 8, 24 -> b.put((byte) s);
                case 16 -> b.putShort((short) s);
                default -> b.putInt((int) s);
            }
        }
        out.write(b.array(), 0, b.position());
    }

    /** Tile {@code tile} of a mosaic frame: its slice, row-major tiles of {@code v.columns() x v.rows()}. */
    public static FrameImage tile(FrameImage mosaic, Volume v, int tile) {
        int c = mosaic.components();
        int x0 = tile % v.tiles() * v.columns();
        int y0 = tile / v.tiles() * v.rows();
        long[] out = new long[v.columns() * v.rows() * c];
        for (int y = 0; y < v.rows(); y++) {
            System.arraycopy(mosaic.values(), ((y0 + y) * mosaic.width() + x0) * c, out, y * v.columns() * c, v.columns() * c);
        }
        return new FrameImage(v.columns(), v.rows(), c, out);
    }

    static double[] cross(double[] iop) {
        return new double[] {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /**
     * quatern_b, c, d, qoffset x, y, z and qfac of the affine's rotation (the NIfTI-1 header's convention:
     * a proper rotation, with qfac -1 flipping the third axis when the matrix is improper).
     */
    static double[] quaternion(double[] a, double[] size) {
        double[][] r = new double[3][3];
        for (int row = 0; row < 3; row++) {
            for (int c = 0; c < 3; c++) {
                r[row][c] = a[4 * row + c] / (size[c] == 0 ? 1 : size[c]);
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = det < 0 ? -1 : 1;
        if (qfac < 0) {
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        double qa;
        double qb;
        double qc;
        double qd;
        double trace = r[0][0] + r[1][1] + r[2][2] + 1;
        if (trace > 0.5) {
            qa = 0.5 * Math.sqrt(trace);
            qb = 0.25 * (r[2][1] - r[1][2]) / qa;
            qc = 0.25 * (r[0][2] - r[2][0]) / qa;
            qd = 0.25 * (r[1][0] - r[0][1]) / qa;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
            double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
            double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                qb = 0.5 * Math.sqrt(xd);
                qc = 0.25 * (r[0][1] + r[1][0]) / qb;
                qd = 0.25 * (r[0][2] + r[2][0]) / qb;
                qa = 0.25 * (r[2][1] - r[1][2]) / qb;
            } else if (yd > 1) {
                qc = 0.5 * Math.sqrt(yd);
                qb = 0.25 * (r[0][1] + r[1][0]) / qc;
                qd = 0.25 * (r[1][2] + r[2][1]) / qc;
                qa = 0.25 * (r[0][2] - r[2][0]) / qc;
            } else {
                qd = 0.5 * Math.sqrt(zd);
                qb = 0.25 * (r[0][2] + r[2][0]) / qd;
                qc = 0.25 * (r[1][2] + r[2][1]) / qd;
                qa = 0.25 * (r[1][0] - r[0][1]) / qd;
            }
            if (qa < 0) {
                qb = -qb;
                qc = -qc;
                qd = -qd;
            }
        }
        return new double[] {qb, qc, qd, a[3], a[7], a[11], qfac};
    }
}
