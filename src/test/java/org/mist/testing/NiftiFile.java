package org.mist.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

/**
 * The parts of a little-endian NIfTI-1 file (plain or gzipped) that checks read, with a voxel-for-voxel
 * comparison of two volumes on the same grid whatever their axis order.
 */
public record NiftiFile(int[] dim, short datatype, float[] pixdim, float slope, float intercept, double[] srow, long[] voxels) {

    public static NiftiFile parse(byte[] file) throws IOException {
        byte[] raw = (file[0] & 0xFF) == 0x1F ? new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes() : file;
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(348, b.getInt(0));
        int[] dim = new int[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
        }
        float[] pixdim = new float[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = b.getFloat(280 + 4 * i);
        }
        int offset = (int) b.getFloat(108);
        short datatype = b.getShort(70);
        int n = dim[1] * dim[2] * Math.max(1, dim[3]) * (dim[0] >= 4 ? Math.max(1, dim[4]) : 1);
        long[] voxels = new long[n];
        for (int i = 0; i < n; i++) {
            voxels[i] = switch (datatype) {
                case 2 -> raw[offset + i] & 0xFF;
                case 4 -> b.getShort(offset + 2 * i);
                case 512 -> b.getShort(offset + 2 * i) & 0xFFFF;
                default -> throw new AssertionError("datatype " + datatype + " is not read by this check");
            };
        }
        return new NiftiFile(dim, datatype, pixdim, b.getFloat(112), b.getFloat(116), srow, voxels);
    }

    public int volumes() {
        return dim[0] >= 4 ? Math.max(1, dim[4]) : 1;
    }

    public long at(int i, int j, int k, int t) {
        return voxels[((t * dim[3] + k) * dim[2] + j) * dim[1] + i];
    }

    /** Same scaling: identical slope and intercept, or both the identity (slope 0, NaN or 1 with intercept 0). */
    public boolean sameScaling(NiftiFile o) {
        boolean identity = (slope == 0 || Float.isNaN(slope) || slope == 1) && intercept == 0;
        boolean otherIdentity = (o.slope == 0 || Float.isNaN(o.slope) || o.slope == 1) && o.intercept == 0;
        return identity && otherIdentity || slope == o.slope && intercept == o.intercept;
    }

    /**
     * How many voxels of this volume differ from {@code ref}'s at the same place. Voxel (i,j,k) is at
     * A (i,j,k,1); the reference index there is A_ref^-1 of that point, which must be an integer map (a signed
     * permutation: dcm2niix stores rows bottom-up) within 1e-3; voxel sizes must agree within 1e-3 mm.
     */
    public long differencesFrom(NiftiFile ref) {
        assertEquals(ref.volumes(), volumes(), "volumes");
        double[][] map = new double[3][4];
        double[][] refInverse = inverse3(ref.srow());
        for (int axis = 0; axis < 4; axis++) {
            double[] v = new double[3];
            for (int r = 0; r < 3; r++) {
                v[r] = axis < 3 ? srow[4 * r + axis] : srow[4 * r + 3] - ref.srow()[4 * r + 3];
            }
            for (int r = 0; r < 3; r++) {
                map[r][axis] = refInverse[r][0] * v[0] + refInverse[r][1] * v[1] + refInverse[r][2] * v[2];
                assertEquals(Math.rint(map[r][axis]), map[r][axis], 1e-3, "the two grids coincide (axis " + axis + ")");
                map[r][axis] = Math.rint(map[r][axis]);
            }
        }
        for (int axis = 0; axis < 3; axis++) {
            double length = Math.sqrt(srow[axis] * srow[axis] + srow[4 + axis] * srow[4 + axis] + srow[8 + axis] * srow[8 + axis]);
            assertEquals(ref.pixdim()[1 + axis], length, 1e-3, "voxel size along axis " + axis);
        }
        long differences = 0;
        for (int t = 0; t < volumes(); t++) {
            for (int k = 0; k < dim[3]; k++) {
                for (int j = 0; j < dim[2]; j++) {
                    for (int i = 0; i < dim[1]; i++) {
                        int ri = (int) (map[0][0] * i + map[0][1] * j + map[0][2] * k + map[0][3]);
                        int rj = (int) (map[1][0] * i + map[1][1] * j + map[1][2] * k + map[1][3]);
                        int rk = (int) (map[2][0] * i + map[2][1] * j + map[2][2] * k + map[2][3]);
                        if (at(i, j, k, t) != ref.at(ri, rj, rk, t)) {
                            differences++;
                        }
                    }
                }
            }
        }
        return differences;
    }

    private static double[][] inverse3(double[] srow) {
        double a = srow[0], b = srow[1], c = srow[2], d = srow[4], e = srow[5], f = srow[6], g = srow[8], h = srow[9], i = srow[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
                {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
                {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
                {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }
}
