package org.mist.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Decodes compressed frames MIST did not write (HTJ2K, JPEG 2000 or JPEG-LS arriving from outside) in a
 * child process. OpenJPH asserts, crashes or loops forever on some hostile streams, and the other C
 * decoders are no safer; here that becomes a CodecException with the reason, bounded by a timeout and a
 * memory cap, and the service carries on.
 */
public final class IsolatedDecoder {
    private static final Path EXECUTABLE = NativeFiles.executable("mist-decode");

    /** The codestream formats the child process decodes. */
    public enum Format {
        HTJ2K("htj2k"), JPEG_2000("j2k"), JPEG_LS("jpegls");

        private final String argument;

        Format(String argument) {
            this.argument = argument;
        }
    }

    private final Duration timeout;
    private final long maxMemoryBytes;

    public IsolatedDecoder(Duration timeout, long maxMemoryBytes) {
        this.timeout = timeout;
        this.maxMemoryBytes = maxMemoryBytes;
    }

    /** 60 s and 4 GiB: room for the largest real frames (a 3064x4664 mammogram needs ~200 MB). */
    public static IsolatedDecoder withDefaults() {
        return new IsolatedDecoder(Duration.ofSeconds(60), 4L << 30);
    }

    /** Interleaved samples of an HTJ2K codestream at level {@code skip}. */
    public Samples decode(byte[] codestream, int skip) {
        return decode(Format.HTJ2K, codestream, skip);
    }

    /** Interleaved samples of a codestream at level {@code skip} (HTJ2K only; the others decode in full). */
    public Samples decode(Format format, byte[] codestream, int skip) {
        Process p;
        try {
            p = new ProcessBuilder(EXECUTABLE.toString(), format.argument, Integer.toString(skip),
                    Long.toString(maxMemoryBytes)).start();
        } catch (IOException e) {
            throw new CodecException("cannot start the isolated decoder: " + e.getMessage());
        }
        try {
            // stdout on a thread of its own (a shared pool would queue decodes behind blocking reads);
            // stderr holds one short message, read once the process has ended.
            FutureTask<byte[]> out = new FutureTask<>(() -> p.getInputStream().readAllBytes());
            Thread reader = new Thread(out, "mist-decode-stdout");
            reader.setDaemon(true);
            reader.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(codestream);
            } catch (IOException e) {
                // The decoder exited before reading everything: its exit status says why.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CodecException("decoder gave no answer within " + timeout.toMillis() + " ms: the codestream is corrupt");
            }
            String reason = new String(p.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).trim();
            int status = p.exitValue();
            if (status != 0) {
                throw new CodecException(status > 128
                        ? "decoder crashed (signal " + (status - 128) + ") on a corrupt codestream" + (reason.isEmpty() ? "" : ": " + reason)
                        : "decode failed: " + reason);
            }
            return parse(out.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CodecException("interrupted while decoding");
        } catch (ExecutionException | IOException e) {
            throw new CodecException("cannot read the decoder's output: " + (e.getCause() != null ? e.getCause() : e));
        } finally {
            p.destroyForcibly();
        }
    }

    private static Samples parse(byte[] out) {
        if (out.length < 20) {
            throw new CodecException("decoder wrote " + out.length + " bytes, less than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        ImageSpec spec;
        try {
            spec = new ImageSpec(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16) != 0);
        } catch (IllegalArgumentException e) {
            throw new CodecException("decoded image has an unsupported format: " + e.getMessage());
        }
        int n = spec.sampleCount();
        if (out.length != 20 + (long) n * spec.bytesPerSample()) {
            throw new CodecException("decoder output does not match " + spec);
        }
        if (spec.bytesPerSample() == 1) {
            return Samples.ofBytes(spec, Arrays.copyOfRange(out, 20, out.length), false);
        }
        short[] s = new short[n];
        b.position(20).asShortBuffer().get(s);
        return Samples.ofShorts(spec, s, false);
    }
}
