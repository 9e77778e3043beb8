package org.mist.archive;

import java.util.ArrayList;
import java.util.List;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;

/** Frame numbers as a request gives them ("1", "1,3,5"): 1-based, as in DICOM (PS3.18 8.3.4.5). */
public record FrameList(List<Integer> numbers) {
    private static final int MAX_FRAMES = 65_536;

    public static FrameList parse(String text) {
        List<Integer> out = new ArrayList<>();
        String[] parts = text == null ? new String[] {""} : text.split(",", -1);
        if (parts.length > MAX_FRAMES) {
            throw Refusal.BAD_REQUEST.because("a frame list names at most " + MAX_FRAMES + " frames");
        }
        for (String s : parts) {
            int n;
            try {
                n = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw Refusal.BAD_REQUEST.because("frame list must be numbers separated by commas, not \""
                        + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "\"");
            }
            out.add(n);
        }
        return new FrameList(List.copyOf(out));
    }

    /** One frame number, where a resource serves one frame (rendered, PNG/JPEG, the levels table). */
    public static int single(String text) {
        List<Integer> numbers = parse(text).numbers();
        if (numbers.size() != 1) {
            throw Refusal.BAD_REQUEST.because("one frame number, not \"" + text + "\"");
        }
        return numbers.get(0);
    }

    public static FrameList of(int number) {
        return new FrameList(List.of(number));
    }

    /** The frames of {@code row} this list names; a number the instance does not have (0 included) is not found. */
    public List<FrameRow> select(InstanceRow row) {
        Retrieve.requirePixels(row);
        List<FrameRow> out = new ArrayList<>(numbers.size());
        for (int n : numbers) {
            if (n < 1 || n > row.frames().size()) {
                throw Refusal.NOT_FOUND.because("instance " + row.sopInstanceUid() + " has frames 1.." + row.frames().size()
                        + ", not " + n);
            }
            out.add(row.frames().get(n - 1));
        }
        return out;
    }
}
