"""scikit-image's resize, SSIM and PSNR on real images, for the Java test to compare with (mist eval's metrics).

argv[1]: the shared data folder; argv[2]: the output folder. For each case NAME it writes NAME.json (shapes
and the metrics) and, as float64 little endian, row major, components last: NAME.original, NAME.level (a
stand-in for a decoded level: the original shrunk by 2^k, every pixel perturbed) and NAME.resized (the
original resized to the level's shape). The metrics follow the MIST paper: resize(order=1,
anti_aliasing=True, preserve_range=True), both images min-max scaled to [0, 1], SSIM with a 7x7 uniform
window, K1 0.01, K2 0.03, data range 1 (colour: channel_axis, averaged), PSNR with data range 1.
"""
import json
import sys

import nibabel as nib
import numpy as np
import pydicom
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.transform import resize

shared, out = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(11)


def scaled(a):
    a = a.astype(np.float64)
    lo, hi = a.min(), a.max()
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


def case(name, original, k):
    h, w = original.shape[:2]
    shape = (max(1, -(-h // 2 ** k)), max(1, -(-w // 2 ** k)))  # ceil, as the wavelet's low-pass bands are
    level = resize(original, shape, order=0, anti_aliasing=False, preserve_range=True).astype(np.float64)
    level += rng.normal(0, 0.02 * (float(original.max()) - float(original.min())), level.shape)
    resized = resize(original, shape, order=1, anti_aliasing=True, preserve_range=True)
    colour = original.ndim == 3
    ssim = structural_similarity(scaled(resized), scaled(level), win_size=7, K1=0.01, K2=0.03, data_range=1,
                                 channel_axis=-1 if colour else None)
    psnr = peak_signal_noise_ratio(scaled(resized), scaled(level), data_range=1)
    for suffix, array in (("original", original), ("level", level), ("resized", resized)):
        np.ascontiguousarray(array, dtype="<f8").tofile(f"{out}/{name}.{suffix}")
    with open(f"{out}/{name}.json", "w") as f:
        json.dump({"width": w, "height": h, "components": original.shape[2] if colour else 1,
                   "levelWidth": shape[1], "levelHeight": shape[0], "ssim": ssim, "psnr": psnr,
                   "dtype": str(original.dtype)}, f)


ct = pydicom.dcmread(f"{shared}/dicom/ct-series/pancreatic-ct-cbct-seg_001/1-050.dcm").pixel_array  # uint16, 12 bits
case("ct-k1", ct, 1)
case("ct-k3", ct, 3)
mr = pydicom.dcmread(f"{shared}/dicom/pydicom/MR_small.dcm").pixel_array  # int16, signed
case("mr-signed-k1", mr, 1)
us = pydicom.dcmread(f"{shared}/dicom/wg04/US1/US1_UNC.dcm").pixel_array  # RGB, 8 bits
case("us-rgb-k2", us, 2)
volume = nib.load(f"{shared}/nifti/derived/pancreatic_ct_cbct_seg_001_ct.nii.gz")
slice_ = (np.asanyarray(volume.dataobj)[:, :, 60].astype(np.float32) * np.float32(0.37) + np.float32(0.1))  # float
case("nifti-float-k2", slice_, 2)
odd = ct[3:300, 5:190]  # odd sizes: the resize's coordinates at the edges
case("ct-odd-k2", odd, 2)
