"""Makes enhanced MR instances that hold more than one volume, from the four Siemens XA10 instances in ../shared/data
(each one volume of 6 frames of the same positions), for the NIfTI test to compare with dcm2niix.

argv[1]: the shared data folder; argv[2]: the output folder, one sub-folder per case with one instance:
- time: the four volumes as one instance of 24 frames, told apart by Temporal Position Index;
- types: magnitude (volume 1) and phase (volume 2) frames in one instance (Frame Type, Complex Image Component);
- echoes: two echoes (volume 1 at 30 ms, volume 2 at 60 ms) in one instance (Effective Echo Time);
- planes: volume 2's frames turned sagittal, two stacks that cannot be one volume.
Frames are interleaved (position by position) so that the file's order is not the volumes' order.
"""
import copy
import os
import sys

import pydicom
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

shared, out = sys.argv[1], sys.argv[2]
MANUFACTURER = sys.argv[3] if len(sys.argv) > 3 else "Philips Medical Systems"
sources = [pydicom.dcmread(f"{shared}/dicom/multiframe/dcm_qa_enh/Siemens_XA10/6_{n}.dcm") for n in (1, 2, 3, 4)]


def frames(ds):
    """Each frame's pixel bytes and its per-frame functional groups item."""
    size = ds.Rows * ds.Columns * ds.BitsAllocated // 8
    return [(ds.PixelData[i * size:(i + 1) * size], ds.PerFrameFunctionalGroupsSequence[i]) for i in range(ds.NumberOfFrames)]


def combine(name, volumes, edit):
    """One instance of the volumes' frames, position by position; edit(volume, groups) marks a frame's volume."""
    ds = copy.deepcopy(sources[0])
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = generate_uid(), generate_uid(), generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SeriesDescription = f"enhanced {name}"
    ds.Manufacturer = MANUFACTURER
    per_volume = [frames(v) for v in volumes]
    pixels, groups = [], []
    for position in range(len(per_volume[0])):
        for volume, volume_frames in enumerate(per_volume):
            data, item = volume_frames[position]
            item = copy.deepcopy(item)
            edit(volume, item)
            pixels.append(data)
            groups.append(item)
    ds.NumberOfFrames = len(groups)
    ds.PerFrameFunctionalGroupsSequence = Sequence(groups)
    ds.PixelData = b"".join(pixels)
    os.makedirs(f"{out}/{name}", exist_ok=True)
    ds.save_as(f"{out}/{name}/{name}.dcm", write_like_original=False)


def temporal(volume, item):
    item.FrameContentSequence[0].TemporalPositionIndex = volume + 1
    item.FrameContentSequence[0].DimensionIndexValues = [1, item.FrameContentSequence[0].InStackPositionNumber, volume + 1]


def image_type(volume, item):
    if volume == 1:
        kind = item.MRImageFrameTypeSequence[0]
        kind.FrameType = ["ORIGINAL", "PRIMARY", "P", "NONE"]
        kind.ComplexImageComponent = "PHASE"


def echo(volume, item):
    item.MREchoSequence[0].EffectiveEchoTime = 30.0 * (volume + 1)


def sagittal(volume, item):
    if volume == 1:
        item.PlaneOrientationSequence[0].ImageOrientationPatient = [0, 1, 0, 0, 0, -1]


combine("time", sources, temporal)
combine("types", sources[:2], image_type)
combine("echoes", sources[:2], echo)
combine("planes", sources[:2], sagittal)
