package org.mist.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged service (target/quarkus-app) started in a JVM of its own, on its embedded defaults. */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int dimsePort;
    private final Path log;

    private ServiceProcess(Process process, int port, int dimsePort, Path log) {
        this.process = process;
        this.port = port;
        this.dimsePort = dimsePort;
        this.log = log;
    }

    /** Starts {@code java jvmOptions -jar quarkus-run.jar} with MIST_DATA in {@code dataDir}; waits until ready. */
    public static ServiceProcess start(Path dataDir, List<String> jvmOptions, Map<String, String> env) throws Exception {
        String jar = System.getProperty("mist.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        return start(dataDir, command, Path.of("").toAbsolutePath(), env);
    }

    /**
     * Starts {@code command} in {@code directory} with MIST_DATA in {@code dataDir} and free HTTP and DIMSE ports;
     * waits until the service is ready (at most 3 minutes: the command may build it first).
     */
    public static ServiceProcess start(Path dataDir, List<String> command, Path directory, Map<String, String> env)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dataDir.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        int dimsePort = freePortForDimse();
        pb.environment().put("MIST_DATA", dataDir.resolve("mist-data").toString());
        pb.environment().put("MIST_HTTP_PORT", Integer.toString(port));
        pb.environment().put("MIST_DIMSE_PORT", Integer.toString(dimsePort));
        pb.environment().putAll(env);
        ServiceProcess s = new ServiceProcess(pb.start(), port, dimsePort, log);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!s.process.isAlive()) {
                throw new IllegalStateException("the service exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.base() + "q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return s;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        s.close();
        throw new IllegalStateException("the service did not become ready: " + Files.readString(log));
    }

    public String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int dimsePort() {
        return dimsePort;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL to the JVM alone: the embedded PostgreSQL it started is left running, an orphan. */
    public void kill9() throws Exception {
        kill9(List.of(process.toHandle()));
    }

    /**
     * SIGKILL, in one call, to the JVM and to the embedded PostgreSQL on {@code pgData} (the postmaster and its
     * backends, which pg_ctl started in a session of their own): what a power cut does to the processes.
     */
    public void kill9WithDatabase(Path pgData) throws Exception {
        List<ProcessHandle> all = new ArrayList<>(List.of(process.toHandle()));
        long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle.of(postmaster).ifPresent(all::add);
        kill9(all);
    }

    private void kill9(List<ProcessHandle> roots) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-9"));
        for (ProcessHandle root : roots) {
            command.add(Long.toString(root.pid()));
            root.descendants().forEach(d -> command.add(Long.toString(d.pid())));
        }
        new ProcessBuilder(command).inheritIO().start().waitFor();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        // as after a power cut: none of them is left, not even unreaped
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 2; i < command.size(); i++) {
            long pid = Long.parseLong(command.get(i));
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    /** SIGTERM, as {@code docker stop} and Kubernetes send it; returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; its exit status, or -1 if it still runs after {@code seconds}. */
    public int waitForExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePortForDimse() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
