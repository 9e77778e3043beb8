package org.mist.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference scripts of {@code src/test/python}, run by Debian's Python (pydicom, nibabel and scikit-image
 * come from Debian, which scripts/setup.sh installs); the test fails with the script's output unless it exits 0.
 */
public final class PythonScripts {
    private PythonScripts() {
    }

    /** Runs {@code src/test/python/<script>} with {@code args}; its output (stdout and stderr). */
    public static String run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "src/test/python/" + script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), script + " (scripts/setup.sh installs its Debian packages): " + output);
        return output;
    }
}
