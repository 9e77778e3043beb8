package org.mist.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mist.codec.HtCodec;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;

/** Ready only when the native codec loads and round-trips a small frame losslessly. */
@Readiness
@ApplicationScoped
public class CodecHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        try {
            short[] ramp = new short[64 * 64];
            for (int i = 0; i < ramp.length; i++) {
                ramp[i] = (short) (i * 7 & 0xFFF);
            }
            HtCodec.encodeVerified(Samples.ofShorts(ImageSpec.grey(64, 64, 12, false), ramp, false));
            return HealthCheckResponse.named("htj2k-codec").up().withData("openjph", HtCodec.openJphVersion()).build();
        } catch (RuntimeException | LinkageError e) {
            return HealthCheckResponse.named("htj2k-codec").down().withData("reason", String.valueOf(e.getMessage())).build();
        }
    }
}
