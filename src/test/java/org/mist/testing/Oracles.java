package org.mist.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;

/**
 * Independent JPEG 2000 decoders from Debian, run as processes on a standalone codestream with no reduce
 * option: OpenJPEG {@code opj_decompress} and Grok {@code grk_decompress}. Both write {@code .rawl}:
 * little-endian, planar, two's complement for signed samples. A missing decoder skips the check, or
 * fails it when {@code mist.oracles.required} is set (CI sets it).
 */
public enum Oracles {
    OPENJPEG("opj_decompress"),
    GROK("grk_decompress");

    private final String command;

    Oracles(String command) {
        this.command = command;
    }

    public boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Skips (or fails, when oracles are required) if this decoder is not installed. */
    public void require() {
        if (!installed()) {
            if (Boolean.getBoolean("mist.oracles.required")) {
                fail(command + " is required (mist.oracles.required) but not installed");
            }
            System.err.println("*** SKIPPED: " + command + " not installed; oracle check did not run ***");
        }
        assumeTrue(installed(), command + " not installed");
    }

    /** Decodes {@code codestream} and returns its samples, interleaved, in {@code expected}'s format. */
    public Samples decode(byte[] codestream, ImageSpec expected) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mist-oracle");
        try {
            Path in = dir.resolve("in.j2k"), out = dir.resolve("out.rawl");
            Files.write(in, codestream);
            Process p = new ProcessBuilder(command, "-i", in.toString(), "-o", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(out)) {
                p.destroyForcibly();
                throw new AssertionError(command + " failed: " + log);
            }
            return fromPlanarRaw(Files.readAllBytes(out), expected);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private Samples fromPlanarRaw(byte[] raw, ImageSpec spec) {
        int n = spec.sampleCount(), plane = spec.width() * spec.height();
        if (raw.length != n * spec.bytesPerSample()) {
            throw new AssertionError(command + " wrote " + raw.length + " bytes, " + spec + " needs "
                    + n * spec.bytesPerSample());
        }
        if (spec.bytesPerSample() == 1) {
            byte[] out = new byte[n];
            for (int c = 0; c < spec.components(); c++) {
                for (int i = 0; i < plane; i++) {
                    out[i * spec.components() + c] = raw[c * plane + i];
                }
            }
            return Samples.ofBytes(spec, out, false);
        }
        // OpenJPEG writes signed samples of fewer than 16 bits without extending the sign: do it here.
        int shift = 32 - spec.bitDepth();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[n];
        for (int c = 0; c < spec.components(); c++) {
            for (int i = 0; i < plane; i++) {
                int v = b.getShort((c * plane + i) * 2);
                out[i * spec.components() + c] = (short) (spec.signed() ? v << shift >> shift : v);
            }
        }
        return Samples.ofShorts(spec, out, false);
    }
}
