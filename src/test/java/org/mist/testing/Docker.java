package org.mist.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker command line, for the container tests: each call runs {@code docker ARGS} and returns its output. */
public final class Docker {
    private Docker() {
    }

    /** True when a Docker daemon answers. */
    public static boolean available() {
        try {
            return run(List.of("info", "--format", "{{.ServerVersion}}"), 30).exit == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code docker args...}; its trimmed output, or an AssertionError with the output when it fails. */
    public static String call(String... args) {
        try {
            Result r = run(List.of(args), 900);
            if (r.exit != 0) {
                throw new AssertionError("docker " + String.join(" ", args) + " failed (" + r.exit + "): " + r.output);
            }
            return r.output.trim();
        } catch (IOException e) {
            throw new AssertionError("docker " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code docker args...} and ignores how it ends (clean-up). */
    public static void quietly(String... args) {
        try {
            run(List.of(args), 120);
        } catch (IOException e) {
            // nothing to clean
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> args, long seconds) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
