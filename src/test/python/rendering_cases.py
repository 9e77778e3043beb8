"""Makes palette and enhanced images MIST must render, from files in ../shared/data, and their references.

argv[1]: the shared data folder; argv[2]: the output folder. For each case NAME it writes NAME.dcm and, per
frame N, NAME-N.raw: the expected 8-bit display samples (rows top down; 3 per pixel for colour, 1 for grey),
computed with pydicom's apply_color_lut, apply_modality_lut and apply_voi_lut. Frame values the LUT
functions need are passed to them explicitly, since pydicom 2.3 reads neither functional groups nor
supplemental palettes. Cases:
- palette8: the palette ultrasound with 8-bit table entries packed two per word;
- palette16: 16-bit indices (12 stored), a first mapped value of 1000, values below and above the table;
- segmented: the ultrasound's tables as segmented data (discrete and linear segments);
- supplemental: a CT slice, grey through its window, with a supplemental palette over part of its range;
- enhanced-ct: three CT slices as one Enhanced CT, each frame with its own rescale and window or the shared ones.
"""
import copy
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.pixel_data_handlers.util import apply_color_lut, apply_modality_lut, apply_voi_lut
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

shared, out = sys.argv[1], sys.argv[2]
ultrasound = pydicom.dcmread(f"{shared}/dicom/pydicom/OBXXXX1A.dcm")
ct_files = [f"{shared}/dicom/ct-series/pancreatic-ct-cbct-seg_001/1-{n:03d}.dcm" for n in (10, 11, 12)]


def renew(ds):
    """New UIDs, so that the case is an instance of its own."""
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def to8(values, bits):
    """Display samples from table entries: the high byte of 16-bit entries (tables hold v << 8 or v * 257)."""
    values = np.asarray(values, dtype=np.uint32)
    return (values >> 8).astype(np.uint8) if bits == 16 else values.astype(np.uint8)


def save(name, ds, frames):
    ds.save_as(f"{out}/{name}.dcm", write_like_original=False)
    for n, frame in enumerate(frames, start=1):
        np.ascontiguousarray(frame, dtype=np.uint8).tofile(f"{out}/{name}-{n}.raw")


def tables(ds):
    return [np.frombuffer(getattr(ds, f"{c}PaletteColorLookupTableData"), dtype="<u2") for c in ("Red", "Green", "Blue")]


# palette8: the same colours with 8-bit entries, packed two per 16-bit word.
ds = renew(copy.deepcopy(ultrasound))
for c, lut in zip(("Red", "Green", "Blue"), tables(ultrasound)):
    setattr(ds, f"{c}PaletteColorLookupTableDescriptor", [256, 0, 8])
    setattr(ds, f"{c}PaletteColorLookupTableData", (lut >> 8).astype(np.uint8).tobytes())
save("palette8", ds, [apply_color_lut(ds.pixel_array, ds)])

# palette16: indices 1000 + 12 * i, 12 bits stored in 16, a 2048-entry table from 1000: a corner lies below the
# table (takes its first entry), the brightest indices and another corner above it (its last).
ds = renew(copy.deepcopy(ultrasound))
indices = ultrasound.pixel_array.astype(np.uint16) * 12 + 1000
indices[:20, :20] = 5
indices[-20:, -20:] = 4095
assert indices.max() < 4096
ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 12, 11
ds.PixelData = indices.astype("<u2").tobytes()
ds["PixelData"].VR = "OW"
ramp = np.arange(2048)
for c, lut in zip(("Red", "Green", "Blue"), tables(ultrasound)):
    # The original table stretched over 12 entries per index.
    wide = np.interp(ramp, np.arange(256) * 12, lut.astype(np.float64)).astype(np.uint16)
    setattr(ds, f"{c}PaletteColorLookupTableDescriptor", [2048, 1000, 16])
    setattr(ds, f"{c}PaletteColorLookupTableData", wide.astype("<u2").tobytes())
save("palette16", ds, [to8(apply_color_lut(indices, ds), 16)])


def segments(lut):
    """Discrete for the first 16 entries and the last 8, linear segments of 8 in between."""
    words = [0, 16, *lut[:16]]
    at = 16
    while at + 8 <= len(lut) - 8:
        words += [1, 8, lut[at + 7]]
        at += 8
    words += [0, len(lut) - at, *lut[at:]]
    return np.asarray(words, dtype="<u2").tobytes()


# segmented: the ultrasound's 16-bit tables as segmented data.
ds = renew(copy.deepcopy(ultrasound))
for c, lut in zip(("Red", "Green", "Blue"), tables(ultrasound)):
    delattr(ds, f"{c}PaletteColorLookupTableData")
    ds.add_new(pydicom.tag.Tag(0x0028, {"Red": 0x1221, "Green": 0x1222, "Blue": 0x1223}[c]), "OW",
               segments([int(v) for v in lut]))
save("segmented", ds, [to8(apply_color_lut(ds.pixel_array, ds), 16)])


def window(values, centre, width, function="LINEAR"):
    """pydicom's VOI LUT function onto 0..255: an 8-bit unsigned frame description gives that output range."""
    frame = Dataset()
    frame.BitsStored, frame.PixelRepresentation, frame.PhotometricInterpretation = 8, 0, "MONOCHROME2"
    frame.WindowCenter, frame.WindowWidth, frame.VOILUTFunction = centre, width, function
    return np.rint(apply_voi_lut(values.astype(np.float64), frame)).astype(np.uint8)


# supplemental: a grey CT slice (window 60/400) with a supplemental palette over stored values 1300..1555.
ds = renew(pydicom.dcmread(ct_files[0]))
ds.PixelPresentation = "COLOR"
stored = ds.pixel_array
palette = Dataset()
for c, f in (("Red", lambda i: i), ("Green", lambda i: 255 - i), ("Blue", lambda i: (i * 7) % 256)):
    lut = np.asarray([f(i) * 257 for i in range(256)], dtype="<u2")
    for d in (ds, palette):
        descriptor = {"Red": 0x1101, "Green": 0x1102, "Blue": 0x1103}[c]
        d.add_new(pydicom.tag.Tag(0x0028, descriptor), "US", [256, 1300, 16])  # US or SS: the pixels are unsigned
        d.add_new(pydicom.tag.Tag(0x0028, descriptor + 0x100), "OW", lut.tobytes())
grey = window(apply_modality_lut(stored, ds), float(ds.WindowCenter), float(ds.WindowWidth))
expected = np.repeat(grey[..., None], 3, axis=2)
covered = (stored >= 1300) & (stored < 1556)
expected[covered] = to8(apply_color_lut(stored, palette), 16)[covered]
assert covered.sum() > 1000, "the palette covers too few pixels to show anything"
save("supplemental", ds, [expected])

# enhanced-ct: three slices as one Enhanced CT. Frame 1 has its own rescale and window, frame 2 its own rescale
# (slope 2) and a SIGMOID window, frame 3 only the shared groups.
slices = [pydicom.dcmread(f) for f in ct_files]
ds = renew(copy.deepcopy(slices[0]))
ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2.1"
ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL", "NONE"]
for keyword in ("RescaleSlope", "RescaleIntercept", "RescaleType", "WindowCenter", "WindowWidth",
                "ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing", "SliceThickness", "InstanceNumber"):
    if keyword in ds:
        delattr(ds, keyword)
ds.NumberOfFrames = len(slices)
ds.PixelData = b"".join(s.pixel_array.astype("<u2").tobytes() for s in slices)
ds["PixelData"].VR = "OW"


def item(**values):
    d = Dataset()
    for k, v in values.items():
        setattr(d, k, v)
    return d


shared_groups = item(
    PlaneOrientationSequence=Sequence([item(ImageOrientationPatient=slices[0].ImageOrientationPatient)]),
    PixelMeasuresSequence=Sequence([item(PixelSpacing=slices[0].PixelSpacing, SliceThickness=slices[0].SliceThickness)]),
    PixelValueTransformationSequence=Sequence([item(RescaleSlope=1, RescaleIntercept=-1024, RescaleType="HU")]),
    FrameVOILUTSequence=Sequence([item(WindowCenter=50, WindowWidth=350)]))
ds.SharedFunctionalGroupsSequence = Sequence([shared_groups])
own = [
    (item(RescaleSlope=1, RescaleIntercept=-1000, RescaleType="HU"), item(WindowCenter=40, WindowWidth=400)),
    (item(RescaleSlope=2, RescaleIntercept=-2048, RescaleType="HU"),
     item(WindowCenter=300, WindowWidth=1500, VOILUTFunction="SIGMOID")),
    (None, None)]
per_frame = []
expected = []
for s, (rescale, voi) in zip(slices, own):
    groups = item(PlanePositionSequence=Sequence([item(ImagePositionPatient=s.ImagePositionPatient)]))
    if rescale is not None:
        groups.PixelValueTransformationSequence = Sequence([rescale])
    if voi is not None:
        groups.FrameVOILUTSequence = Sequence([voi])
    per_frame.append(groups)
    r = rescale or shared_groups.PixelValueTransformationSequence[0]
    v = voi or shared_groups.FrameVOILUTSequence[0]
    values = apply_modality_lut(s.pixel_array, item(RescaleSlope=r.RescaleSlope, RescaleIntercept=r.RescaleIntercept))
    expected.append(window(values, float(v.WindowCenter), float(v.WindowWidth), v.get("VOILUTFunction", "LINEAR")))
ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
save("enhanced-ct", ds, expected)
