package org.mist.formats;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mist.archive.Refusal;
import org.mist.archive.Rendering;
import org.mist.dicom.PixelFormat;
import org.mist.store.ArchiveIndex.InstanceRow;

/**
 * Enhanced multi-frame series (PS3.3 C.7.6.16): each frame's position from its Plane Position functional
 * group, the orientation and pixel spacing from the shared (or first per-frame) groups. The frames of the
 * series, from one instance or many, are split as dcm2niix splits them: by echo (MR Echo, Effective Echo
 * Time) and by complex component (MR Image Frame Type: magnitude, phase, real, imaginary), one volume each,
 * named with dcm2niix's suffixes ({@code _e2}, {@code _ph}, {@code _e2_ph}, ...). Within one, a position that
 * holds several frames makes a time series: the volumes are ordered by Temporal Position Index, then by
 * instance (AcquisitionNumber, InstanceNumber) and frame order; slices go along the normal.
 */
final class EnhancedFrames {
    private static final AttributeTag MR_TIMING = new AttributeTag(0x0018, 0x9112);
    private static final AttributeTag MR_ECHO = new AttributeTag(0x0018, 0x9114);
    private static final AttributeTag EFFECTIVE_ECHO_TIME = new AttributeTag(0x0018, 0x9082);
    private static final AttributeTag MR_FRAME_TYPE = new AttributeTag(0x0018, 0x9226);
    private static final AttributeTag COMPLEX_IMAGE_COMPONENT = new AttributeTag(0x0008, 0x9208);
    private static final AttributeTag FRAME_CONTENT = new AttributeTag(0x0020, 0x9111);
    private static final AttributeTag TEMPORAL_POSITION_INDEX = new AttributeTag(0x0020, 0x9128);
    /** dcm2niix's suffix for each complex component; magnitude has none. */
    private static final Map<String, String> COMPONENT_SUFFIX = Map.of("MAGNITUDE", "", "PHASE", "_ph", "REAL", "_real",
            "IMAGINARY", "_imaginary");

    /** One frame of the series and what tells it apart: its echo time, complex component and temporal position. */
    private record Frame(InstanceRow row, AttributeList header, int number, double[] ipp, double position,
                         double echoTime, String component, int temporal) {
        NiftiWriter.Slice slice() {
            return new NiftiWriter.Slice(row, header, position, -1, number);
        }
    }

    private EnhancedFrames() {
    }

    static boolean isEnhanced(AttributeList a) {
        return a.get(TagFromName.PerFrameFunctionalGroupsSequence) instanceof SequenceAttribute
                && Attribute.getSingleIntegerValueOrDefault(a, TagFromName.NumberOfFrames, 1) > 1;
    }

    static List<NiftiWriter.Part> plan(List<InstanceRow> rows, List<AttributeList> headers, int level) {
        AttributeList first = headers.get(0);
        double[] iop = shared(first, TagFromName.PlaneOrientationSequence, TagFromName.ImageOrientationPatient, 6);
        double[] spacing = shared(first, TagFromName.PixelMeasuresSequence, TagFromName.PixelSpacing, 2);
        if (iop == null || spacing == null) {
            throw Refusal.NOT_ACCEPTABLE.because("the multi-frame series has no Plane Orientation or Pixel Measures: it is not a volume");
        }
        double[] normal = NiftiWriter.cross(iop);
        List<Frame> frames = frames(rows, headers, normal, iop);
        List<Double> echoes = frames.stream().map(Frame::echoTime).distinct().sorted().toList();
        Map<String, List<Frame>> parts = new TreeMap<>(Comparator.comparing((String suffix) -> !suffix.isEmpty())
                .thenComparing(Comparator.naturalOrder()));
        for (Frame f : frames) {
            String suffix = (echoes.size() > 1 ? "_e" + (echoes.indexOf(f.echoTime()) + 1) : "")
                    + COMPONENT_SUFFIX.getOrDefault(f.component(), "");
            parts.computeIfAbsent(suffix, k -> new ArrayList<>()).add(f);
        }
        List<NiftiWriter.Part> out = new ArrayList<>();
        parts.forEach((suffix, part) -> out.add(new NiftiWriter.Part(suffix, volume(part, suffix, first, iop, spacing, level))));
        return out;
    }

    /** Every frame of the series in acquisition order: instances by AcquisitionNumber then InstanceNumber. */
    private static List<Frame> frames(List<InstanceRow> rows, List<AttributeList> headers, double[] normal, double[] iop) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> Attribute.getSingleIntegerValueOrDefault(headers.get(i),
                TagFromName.AcquisitionNumber, 0)).thenComparingInt(i -> rows.get(i).instanceNumber() == null ? 0
                : rows.get(i).instanceNumber()));
        List<Frame> frames = new ArrayList<>();
        for (int i : order) {
            AttributeList a = headers.get(i);
            AttributeList shared = firstItem(a, TagFromName.SharedFunctionalGroupsSequence);
            int count = rows.get(i).numberOfFrames();
            if (!(a.get(TagFromName.PerFrameFunctionalGroupsSequence) instanceof SequenceAttribute perFrame)
                    || perFrame.getNumberOfItems() != count) {
                throw Refusal.NOT_ACCEPTABLE.because("the per-frame functional groups do not match the " + count + " frames");
            }
            for (int f = 0; f < count; f++) {
                AttributeList own = perFrame.getItem(f).getAttributeList();
                double[] ipp = value(own, TagFromName.PlanePositionSequence, TagFromName.ImagePositionPatient, 3);
                if (ipp == null) {
                    throw Refusal.NOT_ACCEPTABLE.because("frame " + (f + 1) + " has no Plane Position (ImagePositionPatient)");
                }
                double[] orientation = macroValue(own, shared, TagFromName.PlaneOrientationSequence,
                        TagFromName.ImageOrientationPatient);
                if (orientation != null && orientation.length == 6 && !sameOrientation(orientation, iop)) {
                    throw Refusal.NOT_ACCEPTABLE.because("frame " + (f + 1) + " of instance " + rows.get(i).sopInstanceUid()
                            + " lies in another plane than the first (stacks of several orientations): not one volume; "
                            + "export the series as DICOM or PNG instead");
                }
                double[] echo = macroValue(own, shared, MR_ECHO, EFFECTIVE_ECHO_TIME);
                AttributeList type = macro(own, shared, MR_FRAME_TYPE);
                String component = type == null ? "MAGNITUDE"
                        : Attribute.getSingleStringValueOrDefault(type, COMPLEX_IMAGE_COMPONENT, "MAGNITUDE").trim();
                AttributeList content = macro(own, shared, FRAME_CONTENT);
                int temporal = content == null ? 0 : Attribute.getSingleIntegerValueOrDefault(content, TEMPORAL_POSITION_INDEX, 0);
                frames.add(new Frame(rows.get(i), a, f + 1, ipp, NiftiWriter.dot(ipp, normal),
                        echo == null ? 0 : echo[0], component, temporal));
            }
        }
        return frames;
    }

    /**
     * One volume of frames that share echo and component: grouped by position along the normal; a position held
     * by several frames makes a time series, which every position must then hold as many times.
     */
    private static NiftiWriter.Volume volume(List<Frame> frames, String suffix, AttributeList first, double[] iop,
                                             double[] spacing, int level) {
        List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingDouble(Frame::position));  // stable: acquisition order within a position
        List<List<Frame>> positions = new ArrayList<>();
        for (Frame f : sorted) {
            if (positions.isEmpty() || Math.abs(f.position() - positions.get(positions.size() - 1).get(0).position()) >= 1e-3) {
                positions.add(new ArrayList<>());
            }
            positions.get(positions.size() - 1).add(f);
        }
        int volumes = positions.get(0).size();
        for (List<Frame> p : positions) {
            if (p.size() != volumes) {
                throw Refusal.NOT_ACCEPTABLE.because("the frames" + (suffix.isEmpty() ? "" : " of " + suffix) + " hold "
                        + volumes + " at their first position and " + p.size() + " at another: not one volume nor a series "
                        + "of equal volumes; export the series as DICOM or PNG instead");
            }
            p.sort(Comparator.comparingInt(Frame::temporal));  // stable: acquisition order among equal indexes
        }
        List<NiftiWriter.Slice> slices = new ArrayList<>(frames.size());
        for (int v = 0; v < volumes; v++) {
            for (List<Frame> p : positions) {
                slices.add(p.get(v).slice());
            }
        }
        int perVolume = positions.size();
        double[] p0 = positions.get(0).get(0).ipp();
        double[] pn = positions.get(perVolume - 1).get(0).ipp();
        double[] step = NiftiWriter.cross(iop);
        double[] thickness = shared(first, TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness, 1);
        for (int a = 0; a < 3; a++) {
            step[a] = perVolume > 1 ? (pn[a] - p0[a]) / (perVolume - 1) : step[a] * (thickness == null ? 1 : thickness[0]);
        }
        double[] tr = shared(first, MR_TIMING, TagFromName.RepetitionTime, 1);
        double repetition = (tr != null ? tr[0] : Attribute.getSingleDoubleValueOrDefault(first, TagFromName.RepetitionTime, 0)) / 1000;
        // The rescale of the volume's first frame (Pixel Value Transformation), which a phase image has of its own.
        Frame head = positions.get(0).get(0);
        List<Rendering> perFrame = Rendering.perFrame(head.header());
        Rendering rescale = perFrame.get(Math.min(head.number(), perFrame.size()) - 1);
        return NiftiWriter.volume(slices, perVolume, volumes, volumes > 1 ? repetition : 0, 0, first, PixelFormat.of(first),
                iop, spacing, step, p0, level).withRescale(rescale.slope(), rescale.intercept());
    }

    private static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    /** A functional group macro's item: the frame's own, else the shared one, else null. */
    private static AttributeList macro(AttributeList own, AttributeList shared, AttributeTag macro) {
        AttributeList item = firstItem(own, macro);
        return item != null ? item : shared == null ? null : firstItem(shared, macro);
    }

    private static double[] macroValue(AttributeList own, AttributeList shared, AttributeTag macro, AttributeTag tag) {
        AttributeList item = macro(own, shared, macro);
        double[] v = item == null ? null : Attribute.getDoubleValues(item, tag);
        return v == null || v.length == 0 ? null : v;
    }

    private static AttributeList firstItem(AttributeList list, AttributeTag tag) {
        return list.get(tag) instanceof SequenceAttribute s && s.getNumberOfItems() > 0 ? s.getItem(0).getAttributeList() : null;
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
}
