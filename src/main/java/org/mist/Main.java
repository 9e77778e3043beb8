package org.mist;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.mist.store.EmbeddedDatabase;

/**
 * {@code mist} (or {@code mist serve}) runs the service; {@code mist ingest DIR} and the other commands
 * of {@link org.mist.cli.MistCommand} run once and exit. Without {@code MIST_DB_URL}, the embedded
 * PostgreSQL under {@code MIST_DATA} (default {@code mist-data/}) starts first.
 */
@QuarkusMain
public final class Main {
    public static void main(String... args) throws Exception {
        boolean serve = args.length == 0 || "serve".equals(args[0]);
        if (!serve) {
            // A command shares the configuration, not the service's port, and keeps the terminal for itself.
            System.setProperty("quarkus.http.port", "0");
            System.setProperty("quarkus.log.level", "WARN");
            System.setProperty("mist.sweeper.every", "off");
            System.setProperty("mist.dimse.enabled", "false");
            java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        }
        String data = System.getenv().getOrDefault("MIST_DATA", "mist-data");
        EmbeddedDatabase.startUnlessConfigured(Path.of(data));
        Quarkus.run(MistApplication.class, args);
    }
}
