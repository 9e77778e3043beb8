"""Writes one small NIfTI per datatype and byte order MIST must keep exactly, into the folder argv[1].

Each name says what it holds; the Java test ingests and exports them. Values are chosen to reach both
storage paths: integers that fit 16 bits (HTJ2K) and those that do not, floats that are integers and
floats that are not (the lossless fallback), NaN and -0.0 included.
"""
import sys
import numpy as np
import nibabel as nib

out = sys.argv[1]
rng = np.random.default_rng(7)
shape = (37, 29, 5)
affine = np.array([[-0.9, 0.1, 0.0, 91.5], [0.05, 1.1, 0.2, -120.25], [0.0, -0.15, 2.5, -70.0], [0, 0, 0, 1]])


def save(name, data, endian='<', nifti2=False, slope=None, inter=None, code_q=1, code_s=2):
    cls = nib.Nifti2Image if nifti2 else nib.Nifti1Image
    hdr = (nib.Nifti2Header if nifti2 else nib.Nifti1Header)(endianness=endian)
    img = cls(data, affine, hdr)
    img.set_qform(affine, code_q)
    img.set_sform(affine, code_s)
    img.header.set_data_dtype(data.dtype)
    if slope is not None:
        img.header.set_slope_inter(slope, inter)
    img.header['descrip'] = name.encode()
    nib.save(img, f"{out}/{name}")


save("int8.nii", rng.integers(-128, 128, shape, dtype=np.int8))
save("uint8_be.nii.gz", rng.integers(0, 256, shape, dtype=np.uint8), '>')
save("int16_be_scaled.nii", rng.integers(-2000, 3000, shape, dtype=np.int16), '>', slope=0.5, inter=-1024.0)
save("uint16.nii.gz", rng.integers(0, 65536, shape, dtype=np.uint16))
save("int32_fits16.nii", rng.integers(-1000, 1000, shape, dtype=np.int32))
save("int32_wide_be.nii", rng.integers(-2**31, 2**31 - 1, shape, dtype=np.int32), '>')
save("uint32.nii.gz", rng.integers(0, 2**32 - 1, shape, dtype=np.uint32))
save("float32_integral.nii", rng.integers(-1024, 3000, shape).astype(np.float32))
f = rng.normal(0, 100, shape).astype(np.float32)
f[0, 0, 0] = np.nan
f[1, 0, 0] = -0.0
f[2, 0, 0] = np.inf
save("float32_real.nii.gz", f)
save("float64_be.nii", rng.normal(0, 1, shape).astype(np.float64), '>')
save("float32_be_nifti2.nii", rng.normal(0, 1, shape).astype('>f4'), '>', nifti2=True)
rgb = np.zeros(shape, dtype=[('R', 'u1'), ('G', 'u1'), ('B', 'u1')])
for c in 'RGB':
    rgb[c] = rng.integers(0, 256, shape, dtype=np.uint8)
save("rgb24.nii", rgb)
save("int16_4d.nii.gz", rng.integers(-500, 500, shape + (3,), dtype=np.int16))
