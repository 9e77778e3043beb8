package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mist.archive.Refusal;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * Enhanced multi-frame series (PS3.3 C.7.6.16): each frame's position from its Plane Position functional
 * group, the orientation and pixel spacing from the shared (or first per-frame) groups. Every instance must
 * cover the same positions: its frames are one volume, and several instances the volumes of a 4-D series,
 * ordered by AcquisitionNumber then InstanceNumber, slices along the normal, as dcm2niix orders them.
 */
final class EnhancedFrames {
    private static final AttributeTag MR_TIMING = new AttributeTag(0x0018, 0x9112);

    private EnhancedFrames() {
    }

    static boolean isEnhanced(AttributeList a) {
        return a.get(TagFromName.PerFrameFunctionalGroupsSequence) instanceof SequenceAttribute
                && Attribute.getSingleIntegerValueOrDefault(a, TagFromName.NumberOfFrames, 1) > 1;
    }

    static NiftiWriter.Volume plan(List<InstanceRow> rows, List<AttributeList> headers, int level) {
        AttributeList first = headers.get(0);
        double[] iop = shared(first, TagFromName.PlaneOrientationSequence, TagFromName.ImageOrientationPatient, 6);
        double[] spacing = shared(first, TagFromName.PixelMeasuresSequence, TagFromName.PixelSpacing, 2);
        if (iop == null || spacing == null) {
            throw Refusal.NOT_ACCEPTABLE.because("the multi-frame series has no Plane Orientation or Pixel Measures: it is not a volume");
        }
        double[] normal = NiftiWriter.cross(iop);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> Attribute.getSingleIntegerValueOrDefault(headers.get(i),
                TagFromName.AcquisitionNumber, 0)).thenComparingInt(i -> rows.get(i).instanceNumber() == null ? 0
                : rows.get(i).instanceNumber()));
        List<NiftiWriter.Slice> slices = new ArrayList<>();
        double[] firstPositions = null;
        double[] p0 = null;
        double[] pn = null;
        for (int i : order) {
            List<double[]> ipp = positions(headers.get(i), rows.get(i).numberOfFrames());
            List<NiftiWriter.Slice> volume = new ArrayList<>();
            for (int f = 0; f < ipp.size(); f++) {
                volume.add(new NiftiWriter.Slice(rows.get(i), headers.get(i), NiftiWriter.dot(ipp.get(f), normal), -1, f + 1));
            }
            volume.sort(Comparator.comparingDouble(NiftiWriter.Slice::position));
            double[] these = volume.stream().mapToDouble(NiftiWriter.Slice::position).toArray();
            if (firstPositions == null) {
                firstPositions = these;
                p0 = ipp.get(volume.get(0).frame() - 1);
                pn = ipp.get(volume.get(volume.size() - 1).frame() - 1);
            } else if (!samePositions(firstPositions, these)) {
                throw Refusal.NOT_ACCEPTABLE.because("instance " + rows.get(i).sopInstanceUid()
                        + " covers other positions than the series' first: the series is not one volume over time; export it as "
                        + "DICOM or PNG instead");
            }
            slices.addAll(volume);
        }
        int perVolume = firstPositions.length;
        for (int s = 1; s < perVolume; s++) {
            if (firstPositions[s] - firstPositions[s - 1] < 1e-4) {
                throw Refusal.NOT_ACCEPTABLE.because("two frames of one instance lie at the same position (several image "
                        + "types or stacks in one instance, which MIST does not yet split into volumes): not one volume; "
                        + "export the series as DICOM or PNG instead");
            }
        }
        double[] step = normal.clone();
        double thickness = shared(first, TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness, 1) == null ? 1
                : shared(first, TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness, 1)[0];
        for (int a = 0; a < 3; a++) {
            step[a] = perVolume > 1 ? (pn[a] - p0[a]) / (perVolume - 1) : normal[a] * thickness;
        }
        double[] tr = shared(first, MR_TIMING, TagFromName.RepetitionTime, 1);
        double repetition = (tr != null ? tr[0] : Attribute.getSingleDoubleValueOrDefault(first, TagFromName.RepetitionTime, 0)) / 1000;
        return NiftiWriter.volume(slices, perVolume, order.size(), repetition, 0, first, PixelFormat.of(first), iop, spacing, step,
                p0, level);
    }

    /** Each frame's ImagePositionPatient, from its Plane Position functional group. */
    private static List<double[]> positions(AttributeList a, int frames) {
        List<double[]> out = new ArrayList<>();
        if (!(a.get(TagFromName.PerFrameFunctionalGroupsSequence) instanceof SequenceAttribute perFrame)
                || perFrame.getNumberOfItems() != frames) {
            throw Refusal.NOT_ACCEPTABLE.because("the per-frame functional groups do not match the " + frames + " frames");
        }
        for (int f = 0; f < frames; f++) {
            double[] ipp = value(perFrame.getItem(f).getAttributeList(), TagFromName.PlanePositionSequence,
                    TagFromName.ImagePositionPatient, 3);
            if (ipp == null) {
                throw Refusal.NOT_ACCEPTABLE.because("frame " + (f + 1) + " has no Plane Position (ImagePositionPatient)");
            }
            out.add(ipp);
        }
        return out;
    }

    /** A value of a functional group macro: from the shared groups, else from the first frame's. */
    private static double[] shared(AttributeList a, AttributeTag macro, AttributeTag tag, int n) {
        for (AttributeTag groups : new AttributeTag[] {TagFromName.SharedFunctionalGroupsSequence,
                TagFromName.PerFrameFunctionalGroupsSequence}) {
            if (a.get(groups) instanceof SequenceAttribute sq && sq.getNumberOfItems() > 0) {
                double[] v = value(sq.getItem(0).getAttributeList(), macro, tag, n);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    private static double[] value(AttributeList group, AttributeTag macro, AttributeTag tag, int n) {
        if (group.get(macro) instanceof SequenceAttribute sq && sq.getNumberOfItems() > 0) {
            double[] v = Attribute.getDoubleValues(sq.getItem(0).getAttributeList(), tag);
            return v != null && v.length >= n ? v : null;
        }
        return null;
    }

    private static boolean samePositions(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-3) {
                return false;
            }
        }
        return true;
    }
}
