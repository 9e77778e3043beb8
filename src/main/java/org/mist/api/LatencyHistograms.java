package org.mist.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;

/**
 * Latency histograms (Prometheus buckets, so percentiles can be computed across replicas) for the requests of every
 * door, the codec and the object store; Micrometer publishes counts and sums only unless told.
 */
public class LatencyHistograms {
    private static final Set<String> TIMED = Set.of("http.server.requests", "mist.codec", "mist.object.store");

    @Produces
    @Singleton
    MeterFilter histograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!TIMED.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(60).toNanos()).build().merge(config);
            }
        };
    }
}
