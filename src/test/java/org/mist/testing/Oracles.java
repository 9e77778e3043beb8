package org.mist.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;

/**
 * Independent JPEG 2000 decoders from Debian, run as processes on a standalone codestream with no reduce
 * option: OpenJPEG {@code opj_decompress} and Grok {@code grk_decompress}. Both write {@code .rawl}:
 * little-endian, planar. A decoder named in {@code mist.oracles.required} (comma-separated commands;
 * scripts/test.sh names those the OS packages) must be installed; any other is used when present.
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

    /** The decoders to check with: every installed one. A required one that is missing fails the test. */
    public static List<Oracles> available() {
        List<Oracles> out = new ArrayList<>();
        for (Oracles o : values()) {
            if (o.installed()) {
                out.add(o);
            } else if (Arrays.asList(System.getProperty("mist.oracles.required", "").split(",")).contains(o.command)) {
                fail(o.command + " is required (mist.oracles.required) but not installed");
            } else if (WARNED.add(o)) {
                System.err.println("*** " + o.command + " not installed: its oracle checks are SKIPPED ***");
            }
        }
        if (out.isEmpty()) {
            assumeTrue(false, "no independent JPEG 2000 decoder installed");
        }
        return out;
    }

    private static final java.util.Set<Oracles> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
