package org.mist;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Path;
import org.mist.access.Exposure;
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
            // A command runs in the "cli" profile too (application.properties says what that changes).
            String active = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
            System.setProperty("quarkus.profile", active == null || active.isBlank() ? "cli" : active + ",cli");
            // The embedded database starts before Quarkus configures logging.
            java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        }
        SmallRyeConfig boot = bootConfiguration();
        String exposed = serve ? Exposure.problem(boot) : null;
        if (exposed != null) {
            System.err.println("mist: not starting: " + exposed);
            System.exit(2);
        }
        EmbeddedDatabase.startUnlessConfigured(Path.of(boot.getValue("mist.data", String.class)),
                boot.getValue("mist.durable", Boolean.class));
        try {
            Quarkus.run(MistApplication.class, args);
        } finally {
            EmbeddedDatabase.stopOwned();  // normally done already, at the application's stop
        }
    }

    /**
     * The configuration the embedded database needs before Quarkus starts: application.properties (at the
     * ordinal Quarkus gives it) under system properties and the environment, with its ${...} expanded, so the
     * defaults stay in that one file.
     */
    private static SmallRyeConfig bootConfiguration() throws IOException {
        return new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Main.class.getResource("/application.properties"), 250))
                .build();
    }
}
