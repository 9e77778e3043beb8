package org.mist.testing;

import java.io.IOException;
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
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archive of deploy/docker-compose.yml, run by the container test on a private Docker network: PostgreSQL,
 * S3Proxy, {@code n} MIST replicas (read-only root file systems) and nginx round-robin over them, each published
 * on 127.0.0.1 only, on ports Docker picks. Addresses are fixed on the network, so a restarted replica is where
 * nginx expects it. The images are those {@code deploy/images.sh} builds.
 */
public final class ReplicaCluster implements AutoCloseable {
    public static final String DB_PASSWORD = "mist-it-db";
    public static final String S3_ACCESS_KEY = "mist-it";
    public static final String S3_SECRET_KEY = "mist-it-secret";
    public static final String BUCKET = "mist";

    private final String prefix;
    private final String subnet;
    private final int replicas;
    private final Map<String, String> replicaEnv;
    private final List<String> started = new ArrayList<>();

    private ReplicaCluster(String prefix, String subnet, int replicas, Map<String, String> replicaEnv) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.replicas = replicas;
        this.replicaEnv = replicaEnv;
    }

    /**
     * Starts the whole archive, the replicas at once (their migrations race), and waits until nginx answers;
     * {@code replicaEnv} are extra environment variables of every replica.
     */
    public static ReplicaCluster start(int replicas, Path deployDir, Map<String, String> replicaEnv) throws Exception {
        Random random = new Random();
        String prefix = "mist-it-" + Long.toHexString(random.nextLong() & 0xFFFFFF);
        String subnet = null;
        for (int attempt = 0; subnet == null && attempt < 10; attempt++) {
            String candidate = "172.30." + (100 + random.nextInt(150));
            try {
                Docker.call("network", "create", "--subnet", candidate + ".0/24", prefix);
                subnet = candidate;
            } catch (AssertionError e) {
                // that subnet is taken: another
            }
        }
        if (subnet == null) {
            throw new AssertionError("no free subnet for the test network");
        }
        ReplicaCluster c = new ReplicaCluster(prefix, subnet, replicas, replicaEnv);
        try {
            c.run("postgres", ".10", List.of("-e", "POSTGRES_PASSWORD=" + DB_PASSWORD, "-p", "127.0.0.1::5432"), "mist-postgres:latest");
            c.run("s3", ".11", List.of("-e", "S3_ACCESS_KEY=" + S3_ACCESS_KEY, "-e", "S3_SECRET_KEY=" + S3_SECRET_KEY,
                    "-p", "127.0.0.1::8080"), "mist-s3proxy:latest");
            c.awaitDatabase();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 1; i <= replicas; i++) {
                int n = i;
                all.add(CompletableFuture.runAsync(() -> c.runReplica(n)));
            }
            all.forEach(CompletableFuture::join);
            for (int i = 1; i <= replicas; i++) {
                c.awaitReady(i, Duration.ofMinutes(3));
            }
            c.run("nginx", ".30", List.of("-v", balancerConfig(deployDir, replicas) + ":/etc/nginx/nginx.conf:ro",
                    "-p", "127.0.0.1::80"), "mist-nginx:latest");
            c.awaitHttp(c.balancer() + "q/health/ready", Duration.ofMinutes(1));
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** deploy/nginx.conf without the servers of replicas beyond {@code replicas} (nginx refuses unknown hosts). */
    private static String balancerConfig(Path deployDir, int replicas) throws IOException {
        Pattern server = Pattern.compile("\\s*server mist(\\d+):8080.*");
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(deployDir.resolve("nginx.conf"))) {
            Matcher m = server.matcher(line);
            if (!m.matches() || Integer.parseInt(m.group(1)) <= replicas) {
                out.append(line).append('\n');
            }
        }
        Path conf = Files.createTempFile("mist-nginx-", ".conf");
        Files.writeString(conf, out);
        conf.toFile().setReadable(true, false);
        return conf.toAbsolutePath().toString();
    }

    private void run(String alias, String ip, List<String> options, String image) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name(alias), "--network", prefix, "--ip", subnet + ip,
                "--network-alias", alias));
        args.addAll(options);
        args.add(image);
        synchronized (started) {
            started.add(name(alias));
        }
        Docker.call(args.toArray(String[]::new));
    }

    private void runReplica(int n) {
        List<String> options = new ArrayList<>(List.of("--read-only", "--tmpfs", "/tmp:rw,exec", "--stop-timeout", "40",
                "-e", "MIST_AUTH=none", "-e", "MIST_DB_URL=jdbc:postgresql://postgres:5432/mist", "-e", "MIST_DB_USER=postgres",
                "-e", "MIST_DB_PASSWORD=" + DB_PASSWORD, "-e", "MIST_OBJECT_STORE=s3", "-e", "MIST_S3_ENDPOINT=http://s3:8080",
                "-e", "MIST_S3_BUCKET=" + BUCKET, "-e", "MIST_S3_ACCESS_KEY=" + S3_ACCESS_KEY, "-e", "MIST_S3_SECRET_KEY=" + S3_SECRET_KEY,
                "-e", "JAVA_OPTS=-Xmx1g -XX:G1HeapRegionSize=32m", "-p", "127.0.0.1::8080"));
        replicaEnv.forEach((k, v) -> options.addAll(List.of("-e", k + "=" + v)));
        run("mist" + n, "." + (20 + n), options, "mist:latest");
    }

    public String name(String alias) {
        return prefix + "-" + alias;
    }

    /** http://127.0.0.1:PORT/ of replica {@code n} (from 1), published by Docker. */
    public String replica(int n) {
        return "http://" + Docker.call("port", name("mist" + n), "8080").lines().findFirst().orElseThrow() + "/";
    }

    public String balancer() {
        return "http://" + Docker.call("port", name("nginx"), "80").lines().findFirst().orElseThrow() + "/";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + Docker.call("port", name("postgres"), "5432").lines().findFirst().orElseThrow() + "/mist";
    }

    public String s3Endpoint() {
        return "http://" + Docker.call("port", name("s3"), "8080").lines().findFirst().orElseThrow();
    }

    public int replicas() {
        return replicas;
    }

    /** SIGKILL to replica {@code n}, as a crashed node. */
    public void kill(int n) {
        Docker.call("kill", name("mist" + n));
    }

    /** Starts replica {@code n} again (after a kill) and waits until it is ready. */
    public void startAgain(int n) throws Exception {
        Docker.call("start", name("mist" + n));
        awaitReady(n, Duration.ofMinutes(2));
    }

    /** {@code docker restart}: SIGTERM, the replica's grace, then a new start; returns once it is ready again. */
    public void restart(int n) throws Exception {
        Docker.call("restart", "--time", "40", name("mist" + n));
        awaitReady(n, Duration.ofMinutes(2));
    }

    public String logs(int n) {
        return Docker.call("logs", "--tail", "200", name("mist" + n));
    }

    private void awaitDatabase() throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            if (Docker.call("inspect", "-f", "{{.State.Health.Status}}", name("postgres")).equals("healthy")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("PostgreSQL did not start: " + Docker.call("logs", name("postgres")));
    }

    private void awaitReady(int n, Duration limit) throws Exception {
        try {
            awaitHttp(replica(n) + "q/health/ready", limit);
        } catch (AssertionError e) {
            throw new AssertionError("replica " + n + " is not ready: " + logs(n), e);
        }
    }

    private static void awaitHttp(String url, Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not answer 200 within " + limit);
    }

    @Override
    public void close() {
        List<String> names;
        synchronized (started) {
            names = new ArrayList<>(started);
        }
        List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
        rm.addAll(names);
        if (!names.isEmpty()) {
            Docker.quietly(rm.toArray(String[]::new));
        }
        Docker.quietly("network", "rm", prefix);
    }
}
