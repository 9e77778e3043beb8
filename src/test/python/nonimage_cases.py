"""Makes a small study of instances without Pixel Data around one CT slice of ../shared/data, each by a tool that
writes such objects for a living, for the non-image storage test.

argv[1]: a CT slice; argv[2]: the output folder. Written there:
- ct.dcm: the slice with fresh Study, Series and SOP Instance UIDs and a fresh Patient ID (pydicom);
- sr.dcm: a Comprehensive SR, a length measurement on the slice, from DICOM SR XML by DCMTK's xml2dsr;
- pdf.dcm: an Encapsulated PDF by DCMTK's pdf2dcm (the PDF itself is a one-page document written here);
- pr.dcm: a Grayscale Softcopy Presentation State of the slice by DCMTK's dcmpsmk;
- kos.dcm: a Key Object Selection Document ("Of Interest") referencing the slice, by pydicom;
- rtstruct.dcm: an RT Structure Set with one closed contour on the slice, by pydicom.
"""
import os
import subprocess
import sys

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

source, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def path(name):
    return os.path.join(out, name)


def run(*command):
    subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


ct = pydicom.dcmread(source)
ct.StudyInstanceUID, ct.SeriesInstanceUID, ct.SOPInstanceUID = generate_uid(), generate_uid(), generate_uid()
ct.file_meta.MediaStorageSOPInstanceUID = ct.SOPInstanceUID
ct.PatientID = "NONIMAGE-" + ct.StudyInstanceUID[-8:]
ct.save_as(path("ct.dcm"))

# Comprehensive SR through DCMTK's XML format (dsr2xml writes it, xml2dsr reads it)
report = f"""<?xml version="1.0" encoding="UTF-8"?>
<report type="Comprehensive SR">
<sopclass uid="1.2.840.10008.5.1.4.1.1.88.33">ComprehensiveSRStorage</sopclass>
<modality>SR</modality>
<manufacturer>MIST test</manufacturer>
<patient><id>{ct.PatientID}</id><name><last>{ct.PatientName}</last></name><sex>{ct.PatientSex}</sex></patient>
<study uid="{ct.StudyInstanceUID}"><date>2012-07-06</date><time>11:18:23</time></study>
<series uid="{generate_uid()}"><number>90</number></series>
<instance uid="{generate_uid()}"><number>1</number></instance>
<document>
<completion flag="COMPLETE"></completion>
<verification flag="UNVERIFIED"></verification>
<content>
<date>2026-11-30</date><time>12:00:00</time>
<container flag="SEPARATE">
<concept><value>126000</value><scheme><designator>DCM</designator></scheme><meaning>Imaging Measurement Report</meaning></concept>
<num>
<relationship>CONTAINS</relationship>
<concept><value>410668003</value><scheme><designator>SCT</designator></scheme><meaning>Length</meaning></concept>
<value>42.5</value>
<unit><value>mm</value><scheme><designator>UCUM</designator></scheme><meaning>millimeter</meaning></unit>
</num>
</container>
</content>
</document>
</report>
"""
with open(path("report.xml"), "w") as f:
    f.write(report)
run("xml2dsr", path("report.xml"), path("sr.dcm"))

# A one-page PDF, then DCMTK's pdf2dcm into the slice's study
objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R"
           b" /Resources << /Font << /F1 5 0 R >> >> >>",
           None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
# Enough lines that the document is over 64 KiB, which the archive keeps as an object of its own beside the header
# (and WADO-RS metadata gives by BulkDataURI rather than inline)
text = b"BT /F1 6 Tf 10 90 Td " + b" ".join(b"(MIST report, line %d) Tj 0 -7 Td" % n for n in range(2200)) + b" ET"
objects[3] = b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream"
pdf = bytearray(b"%PDF-1.4\n")
offsets = []
for i, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
xref = len(pdf)
pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
pdf += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
with open(path("report.pdf"), "wb") as f:
    f.write(pdf)
run("pdf2dcm", "+st", path("ct.dcm"), "--title", "MIST report", path("report.pdf"), path("pdf.dcm"))

run("dcmpsmk", path("ct.dcm"), path("pr.dcm"))


def document(sop_class, modality, number):
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, generate_uid()
    for k in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyDate", "StudyTime",
              "AccessionNumber", "StudyID", "ReferringPhysicianName"):
        setattr(ds, k, getattr(ct, k, ""))
    ds.Modality, ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = modality, generate_uid(), number, 1
    ds.Manufacturer = "MIST test"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def referenced_slice():
    r = Dataset()
    r.ReferencedSOPClassUID, r.ReferencedSOPInstanceUID = ct.SOPClassUID, ct.SOPInstanceUID
    return r


kos = document("1.2.840.10008.5.1.4.1.1.88.59", "KO", 91)
kos.ContentDate, kos.ContentTime = "20261130", "120000"
kos.ValueType, kos.ContinuityOfContent = "CONTAINER", "SEPARATE"
kos.ConceptNameCodeSequence = Sequence([code("113000", "DCM", "Of Interest")])
template = Dataset()
template.MappingResource, template.TemplateIdentifier = "DCMR", "2010"
kos.ContentTemplateSequence = Sequence([template])
series = Dataset()
series.SeriesInstanceUID = ct.SeriesInstanceUID
series.ReferencedSOPSequence = Sequence([referenced_slice()])
study = Dataset()
study.StudyInstanceUID = ct.StudyInstanceUID
study.ReferencedSeriesSequence = Sequence([series])
kos.CurrentRequestedProcedureEvidenceSequence = Sequence([study])
item = Dataset()
item.RelationshipType, item.ValueType = "CONTAINS", "IMAGE"
item.ReferencedSOPSequence = Sequence([referenced_slice()])
kos.ContentSequence = Sequence([item])
kos.ReferencedPerformedProcedureStepSequence = Sequence([])
kos.save_as(path("kos.dcm"), write_like_original=False)

rt = document("1.2.840.10008.5.1.4.1.1.481.3", "RTSTRUCT", 92)
rt.StructureSetLabel, rt.StructureSetDate, rt.StructureSetTime = "MIST", "20261130", "120000"
frame = Dataset()
frame.FrameOfReferenceUID = ct.FrameOfReferenceUID
rt.ReferencedFrameOfReferenceSequence = Sequence([frame])
roi = Dataset()
roi.ROINumber, roi.ReferencedFrameOfReferenceUID, roi.ROIName, roi.ROIGenerationAlgorithm = 1, ct.FrameOfReferenceUID, "lesion", "MANUAL"
rt.StructureSetROISequence = Sequence([roi])
x0, y0, z = float(ct.ImagePositionPatient[0]), float(ct.ImagePositionPatient[1]), float(ct.ImagePositionPatient[2])
contour = Dataset()
contour.ContourImageSequence = Sequence([referenced_slice()])
contour.ContourGeometricType, contour.NumberOfContourPoints = "CLOSED_PLANAR", 4
contour.ContourData = [x0 + 100, y0 + 100, z, x0 + 150, y0 + 100, z, x0 + 150, y0 + 150, z, x0 + 100, y0 + 150, z]
contours = Dataset()
contours.ReferencedROINumber, contours.ROIDisplayColor = 1, [255, 0, 0]
contours.ContourSequence = Sequence([contour])
rt.ROIContourSequence = Sequence([contours])
observation = Dataset()
observation.ObservationNumber, observation.ReferencedROINumber, observation.RTROIInterpretedType = 1, 1, "ORGAN"
observation.ROIInterpreter = ""
rt.RTROIObservationsSequence = Sequence([observation])
rt.save_as(path("rtstruct.dcm"), write_like_original=False)
print("written:", ", ".join(sorted(n for n in os.listdir(out) if n.endswith(".dcm"))))
