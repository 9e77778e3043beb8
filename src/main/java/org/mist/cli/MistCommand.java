package org.mist.cli;

import picocli.CommandLine.Command;

/** The command line: {@code serve} (the default) and the one-shot commands. */
@Command(name = "mist", mixinStandardHelpOptions = true, version = "MIST 0.1.0",
        description = "Medical Image Streaming Toolkit",
        subcommands = {IngestCommand.class, ExportCommand.class, EvalCommand.class, KeyCommand.class})
public class MistCommand implements Runnable {
    @Override
    public void run() {
        // "mist" alone serves; Main routes that before picocli is reached.
    }
}
