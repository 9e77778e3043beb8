package org.mist.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Locale;
import org.mist.testing.ReplicaCluster;

/**
 * For bench/replicas.sh: runs the container archive of ReplicasIT with N replicas behind nginx (the sweeper on
 * its defaults, not the test's every 2 s), prints the
 * balancer's URL and how long a replica takes from {@code docker start} to ready, then keeps it running until
 * its standard input closes.
 *   java ... org.mist.bench.ReplicaBench N
 */
public final class ReplicaBench {
    private ReplicaBench() {
    }

    public static void main(String[] args) throws Exception {
        int replicas = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        try (ReplicaCluster cluster = ReplicaCluster.start(replicas, Path.of("deploy"), java.util.Map.of())) {
            double up = (System.nanoTime() - t0) / 1e9;
            cluster.kill(1);
            long t1 = System.nanoTime();
            cluster.startAgain(1);
            double ready = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "BALANCER %s%nREADY %.1f%nUP %.1f%n", cluster.balancer(), ready, up);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            while (in.readLine() != null) {
                // until the script closes our input
            }
        }
        System.exit(0);
    }
}
