package org.mist.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The real parts the integration tests run against: an embedded PostgreSQL (zonky binaries) and an S3
 * endpoint (S3Proxy over an in-memory blob store) in the test JVM. Both can be stopped and started again
 * on the same port with the same data, for the fault tests.
 */
public final class TestServers implements QuarkusTestResourceLifecycleManager {
    public static final String ACCESS_KEY = "mist-test";
    public static final String SECRET_KEY = "mist-test-secret";
    public static final String BUCKET = "mist-test";

    /** The DICOM node's store, the calling AE titles it admits, and the port of the C-MOVE destination RECV. */
    public static final String DIMSE_STORE = "dimse";
    public static final java.util.List<String> DIMSE_CALLING_AE_TITLES = java.util.List.of("MISTTEST", "ABORTER", "HOG", "HOUSE1", "HOUSE2", "HOUSE3");
    private static int dimseReceiverPort;

    private static EmbeddedPostgres postgres;
    private static Path pgData;
    private static int pgPort;
    private static BlobStore blobs;
    private static S3Proxy s3;
    private static int s3Port;

    private static Path tempRoot;

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (postgres == null) {
                pgData = Files.createTempDirectory("mist-test-pg");
                pgPort = freePort();
                startPostgres();
                Properties p = new Properties();
                blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential").overrides(p)
                        .build(BlobStoreContext.class).getBlobStore();
                s3Port = freePort();
                startS3();
            }
            if (dimseReceiverPort == 0) {
                dimseReceiverPort = freePort();
            }
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "mist.dimse.store", DIMSE_STORE,
                    "mist.dimse.allowed-calling-ae-titles", String.join(",", DIMSE_CALLING_AE_TITLES),
                    "mist.dimse.destinations.RECV", "127.0.0.1:" + dimseReceiverPort,
                    "mist.temp.dir", tempRoot().toString()));
            config.putAll(Map.of(
                    "quarkus.datasource.jdbc.url", jdbcUrl(),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "",
                    "mist.objects.kind", "s3",
                    "mist.s3.endpoint", s3Endpoint(),
                    "mist.s3.bucket", BUCKET,
                    "mist.s3.access-key", ACCESS_KEY,
                    "mist.s3.secret-key", SECRET_KEY,
                    "mist.s3.region", "us-east-1"));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test servers: " + e, e);
        }
    }

    /** The parent of the service's per-process temporary folder; tests look into it for leftovers. */
    public static synchronized Path tempRoot() throws java.io.IOException {
        if (tempRoot == null) {
            tempRoot = Files.createTempDirectory("mist-test-tmp");
        }
        return tempRoot;
    }

    @Override
    public void stop() {
        // Kept for the whole test JVM: every test class shares them; the JVM's exit ends them.
    }

    public static int dimseReceiverPort() {
        return dimseReceiverPort;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    }

    public static String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public static synchronized void stopS3() throws Exception {
        s3.stop();
    }

    public static synchronized void startS3() throws Exception {
        s3 = S3Proxy.builder().blobStore(blobs).endpoint(URI.create(s3Endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        s3.start();
        for (int i = 0; i < 500 && !"STARTED".equals(s3.getState()); i++) {
            Thread.sleep(10);
        }
    }

    public static synchronized void stopPostgres() throws IOException {
        postgres.close();
    }

    public static synchronized void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort)
                .setServerConfig("max_connections", "200").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
