"""SSIM and PSNR of one level against its original, both read from MIST's lossless PNGs, as scikit-image computes
them with the MIST paper's settings. argv: original.png level.png; prints JSON {ssim, psnr}."""
import json
import sys

import numpy as np
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.transform import resize


def scaled(a):
    a = a.astype(np.float64)
    lo, hi = a.min(), a.max()
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


original = np.array(Image.open(sys.argv[1])).astype(np.float64)
level = np.array(Image.open(sys.argv[2])).astype(np.float64)
resized = resize(original, level.shape[:2], order=1, anti_aliasing=True, preserve_range=True)
colour = original.ndim == 3
print(json.dumps({
    "ssim": structural_similarity(scaled(resized), scaled(level), win_size=7, K1=0.01, K2=0.03, data_range=1,
                                  channel_axis=-1 if colour else None),
    "psnr": peak_signal_noise_ratio(scaled(resized), scaled(level), data_range=1)}))
