package org.mist.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded default: a PostgreSQL server (zonky's binaries from Maven Central) on a data directory
 * under {@code mist-data/}, started before Quarkus so the datasource finds it. Skipped when an external
 * database is configured ({@code MIST_DB_URL}). When another MIST process already runs the server on
 * the same directory (the service while the ingest CLI runs), it is reused.
 */
public final class EmbeddedDatabase {
    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private EmbeddedDatabase() {
    }

    public static void startUnlessConfigured(Path dataDir) throws IOException {
        if (System.getenv("MIST_DB_URL") != null || System.getProperty(URL_PROPERTY) != null) {
            return;
        }
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        Integer running = runningPort(pgData);
        if (running == null) {
            Files.createDirectories(pgData);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            running = pg.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is going away anyway
                }
            }, "mist-embedded-postgres-stop"));
        }
        System.setProperty(URL_PROPERTY, "jdbc:postgresql://127.0.0.1:" + running + "/postgres");
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "");
    }

    /** The port of a server already running on {@code pgData} (postmaster.pid, line 4), else null. */
    private static Integer runningPort(Path pgData) {
        Path pid = pgData.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pid);
            int port = Integer.parseInt(lines.get(3).trim());
            try (Socket s = new Socket("127.0.0.1", port)) {
                return port;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
