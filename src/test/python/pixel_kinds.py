"""Writes, with pydicom, instances whose pixels take the archive's less common paths, for the pixel-kinds test.

argv[1]: a CT slice (its patient and study are reused); argv[2]: the output folder. Written there:
- pm-float.dcm: a Parametric Map with Float Pixel Data, 3 frames of 40x30, holding NaN (quiet and with a payload),
  -0.0, infinities, subnormals and the extremes of float32;
- pm-double.dcm: a Parametric Map with Double Float Pixel Data, 1 frame of 33x17, the same kinds of values;
- seg-binary.dcm: a BINARY Segmentation, Bits Allocated 1, 2 frames of 50x37 (odd sizes, so frames are not
  byte-aligned when packed).
"""
import os
import struct
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

source, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
ct = pydicom.dcmread(source, stop_before_pixels=True)
study = generate_uid()
rng = np.random.default_rng(7)


def instance(sop_class, modality, number):
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientSex = ct.PatientName, "KINDS-" + study[-8:], getattr(ct, "PatientSex", "")
    ds.StudyInstanceUID, ds.StudyDate, ds.StudyTime, ds.StudyID = study, "20261201", "120000", "1"
    ds.AccessionNumber, ds.ReferringPhysicianName = "", ""
    ds.Modality, ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = modality, generate_uid(), number, 1
    ds.Manufacturer, ds.ContentDate, ds.ContentTime = "MIST test", "20261201", "120000"
    ds.FrameOfReferenceUID = getattr(ct, "FrameOfReferenceUID", generate_uid())
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def special(dtype, count):
    """Random values with every kind of IEEE value a map may hold at the start."""
    v = rng.normal(0, 1000, count).astype(dtype)
    info = np.finfo(dtype)
    kinds = [np.nan, -0.0, np.inf, -np.inf, info.tiny / 4, info.max, info.min, info.eps]
    v[:len(kinds)] = np.array(kinds, dtype=dtype)
    if dtype == np.float32:  # a NaN with a payload, and a signalling NaN, bit for bit
        v[len(kinds)] = np.frombuffer(struct.pack("<I", 0x7FC01234), dtype=np.float32)[0]
        v[len(kinds) + 1] = np.frombuffer(struct.pack("<I", 0x7F800001), dtype=np.float32)[0]
    else:
        v[len(kinds)] = np.frombuffer(struct.pack("<Q", 0x7FF8000000001234), dtype=np.float64)[0]
        v[len(kinds) + 1] = np.frombuffer(struct.pack("<Q", 0x7FF0000000000001), dtype=np.float64)[0]
    return v


def parametric_map(name, rows, columns, frames, dtype, number):
    pm = instance("1.2.840.10008.5.1.4.1.1.30", "MR", number)
    pm.ImageType = ["DERIVED", "PRIMARY"]
    pm.SamplesPerPixel, pm.PhotometricInterpretation = 1, "MONOCHROME2"
    pm.Rows, pm.Columns, pm.NumberOfFrames = rows, columns, frames
    pm.BitsAllocated = 32 if dtype == np.float32 else 64
    values = special(dtype, rows * columns * frames)
    if dtype == np.float32:
        pm.FloatPixelData = values.astype("<f4").tobytes()
    else:
        pm.DoubleFloatPixelData = values.astype("<f8").tobytes()
    pm.save_as(os.path.join(out, name), write_like_original=False)


parametric_map("pm-float.dcm", 30, 40, 3, np.float32, 95)
parametric_map("pm-double.dcm", 17, 33, 1, np.float64, 96)

seg = instance("1.2.840.10008.5.1.4.1.1.66.4", "SEG", 97)
seg.ImageType = ["DERIVED", "PRIMARY"]
seg.SamplesPerPixel, seg.PhotometricInterpretation = 1, "MONOCHROME2"
seg.Rows, seg.Columns, seg.NumberOfFrames = 37, 50, 2
seg.BitsAllocated, seg.BitsStored, seg.HighBit, seg.PixelRepresentation = 1, 1, 0, 0
seg.SegmentationType, seg.ContentLabel = "BINARY", "MIST"
segment = Dataset()
segment.SegmentNumber, segment.SegmentLabel, segment.SegmentAlgorithmType = 1, "lesion", "MANUAL"
seg.SegmentSequence = Sequence([segment])
mask = np.zeros((2, 37, 50), dtype=np.uint8)
mask[0, 5:30, 7:41] = 1
mask[1] = rng.integers(0, 2, (37, 50))
seg.PixelData = np.packbits(mask.ravel(), bitorder="little").tobytes()
seg.save_as(os.path.join(out, "seg-binary.dcm"), write_like_original=False)
print("written:", ", ".join(sorted(n for n in os.listdir(out) if n.endswith(".dcm"))))
