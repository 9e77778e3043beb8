package org.mist.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mist.codec.HtCodec;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;
import org.mist.codestream.ResolutionSplitter;
import org.mist.codestream.SplitCodestream;
import org.mist.testing.TestFrames;

/**
 * The JNI side of bench/codec.sh.
 * {@code prepare OUT DICOM...}: writes each file's first frame as a raw frame for the native harness.
 * {@code run REPS RAW...}: times encode, decode (level 0, 1), verified encode, split and level-1 cut.
 * Prints: operation, median ms per repetition over all frames, frames, pixels.
 */
public final class CodecBench {
    private CodecBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("prepare")) {
            Path out = Path.of(args[1]);
            for (int i = 2; i < args.length; i++) {
                writeRaw(TestFrames.dicomFrame(Path.of(args[i])), out.resolve(String.format("%03d.raw", i - 2)));
            }
            return;
        }
        int reps = Integer.parseInt(args[1]);
        List<Samples> frames = new ArrayList<>();
        long pixels = 0;
        for (int i = 2; i < args.length; i++) {
            frames.add(readRaw(Path.of(args[i])));
            pixels += (long) frames.get(frames.size() - 1).spec().width() * frames.get(frames.size() - 1).spec().height();
        }
        byte[][] encoded = new byte[frames.size()][];
        SplitCodestream[] split = new SplitCodestream[frames.size()];
        for (int warm = 0; warm < 3; warm++) {  // let the JIT compile the Java parts first
            for (int i = 0; i < frames.size(); i++) {
                encoded[i] = HtCodec.encode(frames.get(i));
                split[i] = ResolutionSplitter.split(encoded[i]);
                split[i].standalone(1);
                HtCodec.decode(encoded[i], 1);
            }
        }
        report("encode", median(reps, () -> {
            for (int i = 0; i < frames.size(); i++) {
                encoded[i] = HtCodec.encode(frames.get(i));
            }
        }), frames.size(), pixels);
        report("decode-level0", median(reps, () -> encodedEach(encoded, 0)), frames.size(), pixels);
        report("decode-level1", median(reps, () -> encodedEach(encoded, 1)), frames.size(), pixels);
        report("encode+verify", median(reps, () -> frames.forEach(HtCodec::encodeVerified)), frames.size(), pixels);
        report("split", median(reps, () -> {
            for (int i = 0; i < frames.size(); i++) {
                split[i] = ResolutionSplitter.split(encoded[i]);
            }
        }), frames.size(), pixels);
        report("cut-standalone-level1", median(reps, () -> {
            for (SplitCodestream s : split) {
                s.standalone(1);
            }
        }), frames.size(), pixels);
        long stored = 0;
        for (SplitCodestream s : split) {
            stored += s.bytes().length;
        }
        System.out.printf("stored-bytes\t%d\t%d\t%d%n", stored, frames.size(), pixels);
    }

    private static void encodedEach(byte[][] encoded, int level) {
        for (byte[] e : encoded) {
            HtCodec.decode(e, level);
        }
    }

    private static double median(int reps, Runnable op) {
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long a = System.nanoTime();
            op.run();
            t[r] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static void report(String op, double ms, int frames, long pixels) {
        System.out.printf("%s\t%.3f\t%d\t%d%n", op, ms, frames, pixels);
    }

    static void writeRaw(Samples s, Path file) throws IOException {
        ImageSpec spec = s.spec();
        ByteBuffer b = ByteBuffer.allocate(20 + spec.sampleCount() * spec.bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(spec.width()).putInt(spec.height()).putInt(spec.components()).putInt(spec.bitDepth())
                .putInt(spec.signed() ? 1 : 0);
        for (int y = 0; y < spec.height(); y++) {
            for (int x = 0; x < spec.width(); x++) {
                for (int c = 0; c < spec.components(); c++) {
                    if (spec.bytesPerSample() == 1) {
                        b.put((byte) s.get(x, y, c));
                    } else {
                        b.putShort((short) s.get(x, y, c));
                    }
                }
            }
        }
        Files.write(file, b.array());
    }

    static Samples readRaw(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        ImageSpec spec = new ImageSpec(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt() != 0);
        if (spec.bytesPerSample() == 1) {
            byte[] v = new byte[spec.sampleCount()];
            b.get(v);
            return Samples.ofBytes(spec, v, false);
        }
        short[] v = new short[spec.sampleCount()];
        b.asShortBuffer().get(v);
        return Samples.ofShorts(spec, v, false);
    }
}
