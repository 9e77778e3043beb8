package org.mist.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The embedded default: a PostgreSQL server (zonky's binaries from Maven Central) on a data directory
 * under {@code mist-data/}, started before Quarkus so the datasource finds it. Skipped when an external
 * database is configured ({@code MIST_DB_URL}).
 *
 * <p>It is run as an archive's database must be: commits durable (fsync, synchronous commit and full
 * page writes on, which zonky turns off for tests), reachable only over TCP on loopback (no Unix socket),
 * and only with the superuser's password, generated once into {@code mist-data/postgres.password}
 * (owner-only). The server belongs to the MIST process that started it, which holds zonky's lock file in
 * the data directory for as long as it lives: another MIST process finds the lock held and shares the
 * server (the CLI beside the service); one that finds a server running with the lock free has met the
 * orphan of a killed process, stops it and starts its own, which its clean shutdown stops again.
 *
 * <p>Zonky would stop the server from a JVM shutdown hook of its own, which runs beside Quarkus's: the database
 * would go while a graceful shutdown still lets STOW requests finish. The server is therefore stopped by
 * {@link #stopOwned()}, once the application has stopped.
 */
public final class EmbeddedDatabase {
    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";
    private static final String USER = "postgres";
    private static volatile EmbeddedPostgres owned;

    private EmbeddedDatabase() {
    }

    /** {@code durable}: fsync and synchronous commit on (mist.durable; off only for throwaway benchmark data). */
    public static void startUnlessConfigured(Path dataDir, boolean durable) throws IOException {
        if (System.getenv("MIST_DB_URL") != null || System.getProperty(URL_PROPERTY) != null) {
            return;
        }
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        Path passwordFile = dataDir.resolve("postgres.password").toAbsolutePath();
        String password = password(passwordFile);
        Postmaster running = Postmaster.of(pgData);
        int port;
        if (running != null && portAnswers(running.port()) && ownerAlive(pgData)) {
            port = running.port();
        } else {
            if (running != null) {
                stop(running);
            }
            port = start(pgData, passwordFile, password, durable);
        }
        System.setProperty(URL_PROPERTY, "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        System.setProperty("quarkus.datasource.username", USER);
        System.setProperty("quarkus.datasource.password", password);
    }

    private static int start(Path pgData, Path passwordFile, String password, boolean durable) throws IOException {
        Files.createDirectories(pgData);
        boolean legacy = Files.exists(pgData.resolve("PG_VERSION")) && hbaTrusts(pgData);
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                // initdb: zonky passes "-A trust"; these later options win
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setConnectConfig("password", password)
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off");
        if (legacy) {
            // a data directory made by an earlier MIST with trust: it starts as it is, then is closed below
            b.setConnectConfig("password", "");
        }
        EmbeddedPostgres pg = b.start();
        owned = pg;
        if (legacy) {
            close(pg.getPort(), pgData, password);
        }
        return pg.getPort();
    }

    /** Stops the server this process started, if it did; once the application has stopped (see the class). */
    public static synchronized void stopOwned() {
        EmbeddedPostgres pg = owned;
        owned = null;
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("mist: the embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }

    /** Gives the superuser the password and replaces every trust line of pg_hba.conf (data made by MIST before 0.2). */
    private static void close(int port, Path pgData, String password) throws IOException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
             Statement s = c.createStatement()) {
            s.execute("set password_encryption = 'scram-sha-256'");
            s.execute("alter user postgres password '" + password.replace("'", "''") + "'");
            Path hba = pgData.resolve("pg_hba.conf");
            List<String> lines = Files.readAllLines(hba).stream()
                    .map(l -> l.startsWith("#") ? l : l.replaceAll("\\btrust\\b", "scram-sha-256")).toList();
            Files.write(hba, lines);
            s.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot close the embedded database to password-less access: " + e.getMessage(), e);
        }
    }

    private static boolean hbaTrusts(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream()
                .anyMatch(l -> !l.startsWith("#") && l.matches(".*\\btrust\\b.*"));
    }

    /** The superuser's password: read from {@code file}, or generated into it (mode 0600) the first time. */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, password + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /** Whether a live process holds the lock zonky takes for the server it starts. */
    private static boolean ownerAlive(Path pgData) {
        Path lock = pgData.resolve("epg-lock");
        if (!Files.exists(lock)) {
            return false;
        }
        try (RandomAccessFile f = new RandomAccessFile(lock.toFile(), "rw");
             FileLock held = f.getChannel().tryLock()) {
            return held == null;
        } catch (IOException | RuntimeException e) {
            return true;  // cannot tell: share rather than stop a server someone may be using
        }
    }

    /** What {@code postmaster.pid} says of the server last started on {@code pgData}: its pid (line 1) and port (line 4). */
    private record Postmaster(long pid, int port) {
        static Postmaster of(Path pgData) {
            try {
                List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
                return new Postmaster(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        boolean exists() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /**
     * Makes sure the server of an earlier run is gone before a new one starts. A live orphan (its MIST
     * process died) gets a fast shutdown (SIGINT). A postmaster killed a moment ago may still exist,
     * unreaped, and PostgreSQL refuses to start while the pid in postmaster.pid exists: it is waited for.
     */
    private static void stop(Postmaster p) throws IOException {
        boolean serving = portAnswers(p.port());
        if (serving && p.exists()) {
            System.err.printf("mist: stopping the embedded PostgreSQL (pid %d) left running by a MIST process that ended%n", p.pid());
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the earlier embedded PostgreSQL", e);
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (p.exists() || serving && portAnswers(p.port())) {
            if (System.nanoTime() > deadline) {
                if (serving) {
                    throw new IOException("the embedded PostgreSQL (pid " + p.pid() + ") of an earlier run does not stop");
                }
                return;  // the pid is some other process's now: PostgreSQL decides whether the lock file is stale
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the earlier embedded PostgreSQL", e);
            }
        }
    }

    private static boolean portAnswers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
