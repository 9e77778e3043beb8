package org.mist.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * The safe default: an archive without authentication listens on loopback only. Binding HTTP to any other address
 * needs {@code MIST_AUTH} set; {@code none} is accepted there, as the operator's explicit choice. The DICOM node's
 * guard is its calling AE list ({@code mist.dimse.callers}, or the older {@code allowed-calling-ae-titles}), which a
 * node beyond loopback must have unless the mode is {@code none}.
 */
public final class Exposure {
    public static final String MODE_SETTING = "MIST_AUTH (mist.auth.mode)";

    private Exposure() {
    }

    /** What is wrong with this combination, or null when it may start. */
    public static String problem(String httpHost, String mode, String oidcIssuer, String dimseHost, boolean dimseEnabled,
                                 boolean dimseCallersListed) {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.isEmpty() && !m.equals("none") && !m.equals("keys") && !m.equals("oidc")) {
            return MODE_SETTING + " is \"" + mode + "\"; it is one of oidc, keys or none";
        }
        if (m.equals("oidc") && (oidcIssuer == null || oidcIssuer.isBlank())) {
            return MODE_SETTING + " is oidc but no issuer is set: set MIST_OIDC_ISSUER (quarkus.oidc.auth-server-url),"
                    + " e.g. https://keycloak.example.org/realms/mist";
        }
        if (m.isEmpty() && !loopback(httpHost)) {
            return "HTTP listens on " + httpHost + " (MIST_HTTP_HOST), beyond loopback, and no authentication is set:"
                    + " set " + MODE_SETTING + " to oidc or keys, or to none to serve every caller everything";
        }
        if (dimseEnabled && !loopback(dimseHost) && !dimseCallersListed && !m.equals("none")) {
            return "the DICOM node listens on " + dimseHost + " (MIST_DIMSE_HOST), beyond loopback, and no calling AE"
                    + " titles are listed: set MIST_DIMSE_CALLERS (mist.dimse.callers) to AE=<store>:<store,find,move,get>;...,"
                    + " or " + MODE_SETTING + "=none to accept every AE";
        }
        return null;
    }

    /** {@link #problem} of a configuration (application.properties, the environment, system properties). */
    public static String problem(Config config) {
        boolean callers = !value(config, "mist.dimse.callers", "").isBlank()
                || !value(config, "mist.dimse.allowed-calling-ae-titles", "").isBlank();
        return problem(value(config, "quarkus.http.host"), value(config, "mist.auth.mode"),
                value(config, "quarkus.oidc.auth-server-url"), value(config, "mist.dimse.host"),
                config.getOptionalValue("mist.dimse.enabled", Boolean.class).orElse(true), callers);
    }

    private static String value(Config config, String name) {
        return value(config, name, null);
    }

    private static String value(Config config, String name, String otherwise) {
        return config.getOptionalValue(name, String.class).orElse(otherwise);
    }

    /** Whether HTTP callers must show credentials. */
    public static boolean authenticating(String mode) {
        return mode != null && (mode.trim().equalsIgnoreCase("oidc") || mode.trim().equalsIgnoreCase("keys"));
    }

    static boolean loopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
