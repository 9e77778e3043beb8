"""Writes an IOCM rejection note (PS3.17 Annex KK): a Key Object Selection Document titled with a PS3.16 CID 7011 code
that references the given instances, as a modality or a PACS workstation sends one after a user rejects images.

argv[1]: the code value (113001, 113037, 113038 or 113039, scheme DCM); argv[2]: the output file; argv[3:]: the
instances rejected (all of one study).
"""
import sys

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

MEANINGS = {"113001": "Rejected for Quality Reasons", "113037": "Rejected for Patient Safety Reasons",
            "113038": "Incorrect Modality Worklist Entry", "113039": "Data Retention Policy Expired"}
code, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
rejected = [pydicom.dcmread(f, stop_before_pixels=True) for f in files]
first = rejected[0]

note = Dataset()
note.SOPClassUID, note.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.88.59", generate_uid()
for k in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyDate", "StudyTime",
          "AccessionNumber", "StudyID", "ReferringPhysicianName"):
    setattr(note, k, getattr(first, k, ""))
note.Modality, note.SeriesInstanceUID, note.SeriesNumber, note.InstanceNumber = "KO", generate_uid(), 9998, 1
note.Manufacturer, note.ContentDate, note.ContentTime = "MIST test", "20261130", "120000"
note.ValueType, note.ContinuityOfContent = "CONTAINER", "SEPARATE"
title = Dataset()
title.CodeValue, title.CodingSchemeDesignator, title.CodeMeaning = code, "DCM", MEANINGS[code]
note.ConceptNameCodeSequence = Sequence([title])
template = Dataset()
template.MappingResource, template.TemplateIdentifier = "DCMR", "2010"
note.ContentTemplateSequence = Sequence([template])
note.ReferencedPerformedProcedureStepSequence = Sequence([])


def reference(ds):
    r = Dataset()
    r.ReferencedSOPClassUID, r.ReferencedSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    return r


series = {}
for ds in rejected:
    series.setdefault(ds.SeriesInstanceUID, []).append(ds)
study = Dataset()
study.StudyInstanceUID = first.StudyInstanceUID
study.ReferencedSeriesSequence = Sequence()
for uid, members in series.items():
    s = Dataset()
    s.SeriesInstanceUID = uid
    s.ReferencedSOPSequence = Sequence([reference(ds) for ds in members])
    study.ReferencedSeriesSequence.append(s)
note.CurrentRequestedProcedureEvidenceSequence = Sequence([study])
items = []
for ds in rejected:
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "IMAGE"
    item.ReferencedSOPSequence = Sequence([reference(ds)])
    items.append(item)
note.ContentSequence = Sequence(items)
note.file_meta = FileMetaDataset()
note.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
note.file_meta.MediaStorageSOPClassUID, note.file_meta.MediaStorageSOPInstanceUID = note.SOPClassUID, note.SOPInstanceUID
note.is_little_endian, note.is_implicit_VR = True, False
note.save_as(out, write_like_original=False)
