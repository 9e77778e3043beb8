package org.mist.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the frames of a {@link DicomFile} one at a time, by position, so several threads can read
 * different frames at once and no more than the frames in flight are ever in memory.
 */
public final class FrameReader implements AutoCloseable {
    private static final int JPEG_SOI = 0xFFD8;
    private static final int J2K_SOC = 0xFF4F;

    private final DicomFile file;
    private final PixelFormat format;
    private final ByteSource.Reader channel;
    private final List<List<DataSetGuard.Fragment>> frameFragments;

    public FrameReader(DicomFile file) throws IOException {
        if (!file.hasPixelData()) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "the instance has no Pixel Data");
        }
        this.file = file;
        this.format = PixelFormat.of(file.attributes());
        this.channel = file.dataSet().reader();
        try {
            this.frameFragments = locateFrames();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The fragments of each frame when encapsulated (null when native), after checking the value's size. */
    private List<List<DataSetGuard.Fragment>> locateFrames() throws IOException {
        DataSetGuard.PixelDataLocation p = file.pixelData();
        if (file.transferSyntax().encapsulated()) {
            if (p.fragments() == null) {
                throw new DataSetException(DataSetException.CANNOT_UNDERSTAND,
                        "transfer syntax " + file.transferSyntax().uid() + " needs encapsulated Pixel Data");
            }
            return splitFrames(p.fragments());
        }
        if (p.fragments() != null) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "native transfer syntax with encapsulated Pixel Data");
        }
        long need = (format.frameBits() * format.frames() + 7) / 8;
        long have = p.valueEnd() - p.valueOffset();
        if (have < need) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "Pixel Data holds " + have
                    + " bytes; " + format.frames() + " frame(s) of " + format.columns() + "x" + format.rows()
                    + "x" + format.samplesPerPixel() + " at " + format.bitsAllocated() + " bits need " + need);
        }
        return null;
    }

    public PixelFormat format() {
        return format;
    }

    public int frameCount() {
        return format.frames();
    }

    /** Frame {@code index} (0-based), decoded into its native container. Thread-safe. */
    public DecodedFrame read(int index) throws IOException {
        if (frameFragments == null) {
            return readNative(index);
        }
        return CompressedFrames.decode(file.transferSyntax(), format, compressedFrame(index));
    }

    /** The compressed bytes of frame {@code index}, its fragments joined. */
    public byte[] compressedFrame(int index) throws IOException {
        List<DataSetGuard.Fragment> fragments = frameFragments.get(index);
        long total = fragments.stream().mapToLong(DataSetGuard.Fragment::length).sum();
        if (total > PixelFormat.MAX_FRAME_BYTES) {
            throw new DataSetException(DataSetException.OUT_OF_RESOURCES, "compressed frame larger than 1 GiB");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total);
        for (DataSetGuard.Fragment f : fragments) {
            readFully(b, f.offset(), f.length());
        }
        return b.array();
    }

    private DecodedFrame readNative(int index) throws IOException {
        long bitOffset = format.frameBits() * index;
        long start = file.pixelData().valueOffset() + bitOffset / 8;
        int samples = (int) format.samplesPerFrame();
        ByteBuffer b = ByteBuffer.allocate((int) ((bitOffset % 8 + format.frameBits() + 7) / 8));
        readFully(b, start, b.capacity());
        b.flip();
        boolean big = file.transferSyntax().bigEndian();
        b.order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Object words = switch (format.bitsAllocated()) {
            case 1 -> unpackBits(b.array(), (int) (bitOffset % 8), samples);
            case 8 -> big && "OW".equals(file.pixelData().vr()) ? swapPairs(b.array(), samples) : b.array();
            case 16 -> {
                short[] s = new short[samples];
                b.asShortBuffer().get(s);
                yield s;
            }
            default -> {
                int[] s = new int[samples];
                b.asIntBuffer().get(s);
                yield s;
            }
        };
        return new DecodedFrame(format, words, format.planar(), format.photometric());
    }

    /** 1-bit samples are packed least significant bit first, frames following each other without padding. */
    private static byte[] unpackBits(byte[] packed, int firstBit, int samples) {
        byte[] out = new byte[samples];
        for (int i = 0; i < samples; i++) {
            int bit = firstBit + i;
            out[i] = (byte) ((packed[bit >>> 3] >>> (bit & 7)) & 1);
        }
        return out;
    }

    /** 8-bit samples in an OW value of a big endian data set are byte-swapped in pairs. */
    private static byte[] swapPairs(byte[] b, int samples) {
        byte[] out = new byte[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = b[i ^ 1];
        }
        return out;
    }

    /** Reads {@code length} bytes at file {@code position} into {@code b} at its position. */
    private void readFully(ByteBuffer b, long position, int length) throws IOException {
        b.limit(b.position() + length);
        long at = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, at);
            if (n < 0) {
                throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "Pixel Data is truncated");
            }
            at += n;
        }
        b.limit(b.capacity());
    }

    /**
     * Which fragments make each frame (PS3.5 A.4): one frame takes them all; as many fragments as frames
     * means one each; else the Basic Offset Table; else a new frame starts at each fragment that opens
     * with a JPEG SOI or a J2K SOC marker.
     */
    private List<List<DataSetGuard.Fragment>> splitFrames(List<DataSetGuard.Fragment> all) throws IOException {
        DataSetGuard.Fragment table = all.get(0);
        List<DataSetGuard.Fragment> fragments = all.subList(1, all.size());
        int frames = format.frames();
        if (fragments.isEmpty()) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "encapsulated Pixel Data holds no fragment");
        }
        List<List<DataSetGuard.Fragment>> out = new ArrayList<>();
        if (frames == 1) {
            out.add(fragments);
        } else if (fragments.size() == frames) {
            fragments.forEach(f -> out.add(List.of(f)));
        } else if (table.length() == 4L * frames) {
            ByteBuffer offsets = ByteBuffer.allocate(table.length()).order(ByteOrder.LITTLE_ENDIAN);
            readFully(offsets, table.offset(), table.length());
            long base = fragments.get(0).offset() - 8;
            int next = 0;
            for (int k = 0; k < frames; k++) {
                long start = base + (offsets.getInt(4 * k) & 0xFFFFFFFFL);
                long end = k + 1 < frames ? base + (offsets.getInt(4 * (k + 1)) & 0xFFFFFFFFL) : Long.MAX_VALUE;
                List<DataSetGuard.Fragment> frame = new ArrayList<>();
                while (next < fragments.size() && fragments.get(next).offset() - 8 < end) {
                    if (fragments.get(next).offset() - 8 >= start) {
                        frame.add(fragments.get(next));
                    }
                    next++;
                }
                out.add(frame);
            }
        } else {
            for (DataSetGuard.Fragment f : fragments) {
                ByteBuffer head = ByteBuffer.allocate(2);
                if (f.length() >= 2) {
                    readFully(head, f.offset(), 2);
                }
                int marker = head.getShort(0) & 0xFFFF;
                if (out.isEmpty() || marker == JPEG_SOI || marker == J2K_SOC) {
                    out.add(new ArrayList<>());
                }
                out.get(out.size() - 1).add(f);
            }
        }
        if (out.size() != frames || out.stream().anyMatch(List::isEmpty)) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "encapsulated Pixel Data holds " + out.size()
                    + " frame(s) by its fragments and offset table, Number of Frames says " + frames);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
