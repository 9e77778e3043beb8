package org.mist;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import org.mist.cli.MistCommand;
import picocli.CommandLine;

/** Serves until stopped, or runs one command. */
public class MistApplication implements QuarkusApplication {
    @Override
    public int run(String... args) {
        if (args.length == 0 || "serve".equals(args[0])) {
            Quarkus.waitForExit();
            return 0;
        }
        return new CommandLine(new MistCommand()).execute(args);
    }
}
