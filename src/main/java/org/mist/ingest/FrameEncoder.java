package org.mist.ingest;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.mist.archive.Meters;
import org.mist.archive.RawFrame;
import org.mist.archive.SampleDigest;
import org.mist.codec.HtCodec;
import org.mist.codec.Levels;
import org.mist.codec.LosslessnessException;
import org.mist.codec.Samples;
import org.mist.codestream.ResolutionSplitter;
import org.mist.codestream.SplitCodestream;
import org.mist.dicom.DecodedFrame;
import org.mist.dicom.FrameSamples;
import org.mist.dicom.PixelFormat;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectSink;
import org.mist.store.StoredFrame;
import org.mist.store.entity.Frame;

/**
 * One frame to one object: HTJ2K in MIST's layout (encode, verify by decoding, split by resolution), or
 * the lossless fallback (deflated raw words) for samples HTJ2K cannot hold or that fail verification, or, with
 * deferred compression, the samples as received until the {@link Transcoder} compresses them.
 */
final class FrameEncoder {
    private FrameEncoder() {
    }

    static StoredFrame store(DecodedFrame frame, int number, String instancePrefix, ObjectSink sink, boolean verify) {
        Optional<Samples> samples = FrameSamples.toSamples(frame);
        if (samples.isPresent()) {
            Optional<StoredFrame> coded = compress(samples.get(), number, instancePrefix, sink, verify);
            if (coded.isPresent()) {
                return coded.get();
            }
        }
        return fallback(frame, number, instancePrefix, sink);
    }

    /**
     * Deferred compression: the samples HTJ2K will code, kept as received ({@code archive/RawFrame}) for the
     * {@link Transcoder}; samples HTJ2K cannot hold go to the lossless fallback at once, as without deferral.
     */
    static StoredFrame defer(DecodedFrame frame, int number, String instancePrefix, ObjectSink sink, boolean verify) {
        Optional<Samples> samples = FrameSamples.toSamples(frame);
        if (samples.isEmpty() || Levels.count(frame.format().columns(), frame.format().rows()) == 0) {
            // A frame one sample wide is tiny, and where verification can fail (OpenJPH 0.21 at 0 levels): now
            return store(frame, number, instancePrefix, sink, verify);
        }
        Samples s = samples.get();
        byte[] raw = RawFrame.bytes(s);
        String key = ObjectKeys.frame(instancePrefix, number, Frame.Codec.RAW);
        sink.put(key, raw);
        String digest = SampleDigest.ofWords(raw);  // the object's bytes are the digest's bytes
        return new StoredFrame(number, key, Frame.Codec.RAW, s.spec().width(), s.spec().height(), s.spec().components(),
                s.spec().bitDepth(), s.spec().signed(), 0, new int[0], raw.length, digest, digest);
    }

    /**
     * {@code s} as HTJ2K in MIST's layout (encoded, verified when {@code verify}, split by resolution); empty when the
     * round trip is not lossless (seen with OpenJPH 0.21 at 0 levels), for the caller to keep it otherwise.
     */
    static Optional<StoredFrame> compress(Samples s, int number, String instancePrefix, ObjectSink sink, boolean verify) {
        return compress(s, null, number, instancePrefix, sink, verify);
    }

    /** As above, with the samples' digest when it is known already (the transcoder has it from the row). */
    static Optional<StoredFrame> compress(Samples s, String samplesSha256, int number, String instancePrefix, ObjectSink sink,
                                          boolean verify) {
        try {
            byte[] coded = Meters.codec("encode", () -> verify ? HtCodec.encodeVerified(s) : HtCodec.encode(s));
            SplitCodestream split = ResolutionSplitter.split(coded);
            String key = ObjectKeys.frame(instancePrefix, number, Frame.Codec.HTJ2K);
            sink.put(key, split.bytes());
            return Optional.of(new StoredFrame(number, key, Frame.Codec.HTJ2K, s.spec().width(), s.spec().height(),
                    s.spec().components(), s.spec().bitDepth(), s.spec().signed(), split.levels(),
                    split.levelEnds(), split.bytes().length, sha256(split.bytes()),
                    samplesSha256 != null ? samplesSha256 : SampleDigest.of(s)));
        } catch (LosslessnessException e) {
            return Optional.empty();
        }
    }

    private static StoredFrame fallback(DecodedFrame frame, int number, String instancePrefix, ObjectSink sink) {
        PixelFormat f = frame.format();
        return fallback(FrameSamples.littleEndianBytes(frame), Frame.Codec.DEFLATE, f.columns(), f.rows(), f.samplesPerPixel(),
                f.bitsAllocated(), f.signed(), number, instancePrefix, sink);
    }

    /**
     * The lossless fallback: {@code raw} (little-endian samples of {@code bits} bits: integer words for
     * {@code DEFLATE}, IEEE floats for {@code FLOAT}) deflated.
     */
    static StoredFrame fallback(byte[] raw, Frame.Codec codec, int width, int height, int components, int bits, boolean signed,
                                int number, String instancePrefix, ObjectSink sink) {
        byte[] deflated = deflate(raw);
        String key = ObjectKeys.frame(instancePrefix, number, codec);
        sink.put(key, deflated);
        return new StoredFrame(number, key, codec, width, height, components, bits, signed, 0, new int[0],
                deflated.length, sha256(deflated), SampleDigest.ofWords(raw));
    }

    private static byte[] deflate(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6), 1 << 16)) {
            d.write(raw);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
