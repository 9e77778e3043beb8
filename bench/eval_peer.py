"""The peer of bench/eval.sh: the MIST paper's per-level SSIM and PSNR with scikit-image, on one process, over
the level PNGs of a `mist export` (argv[1]: a folder with level-0/ and level-k/ trees of the same files)."""
import os
import sys

import numpy as np
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.transform import resize


def scaled(a):
    lo, hi = a.min(), a.max()
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


root = sys.argv[1]
levels = sorted(d for d in os.listdir(root) if d.startswith("level-") and d != "level-0")
count = 0
for dirpath, _, files in os.walk(os.path.join(root, "level-0")):
    for name in files:
        if not name.endswith(".png"):
            continue
        original = np.array(Image.open(os.path.join(dirpath, name))).astype(np.float64)
        for level in levels:
            path = os.path.join(dirpath.replace("level-0", level, 1), name)
            decoded = np.array(Image.open(path)).astype(np.float64)
            resized = resize(original, decoded.shape[:2], order=1, anti_aliasing=True, preserve_range=True)
            structural_similarity(scaled(resized), scaled(decoded), win_size=7, K1=0.01, K2=0.03, data_range=1)
            peak_signal_noise_ratio(scaled(resized), scaled(decoded), data_range=1)
            count += 1
print(count, "level images")
