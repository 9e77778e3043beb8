package org.mist.viewer;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The OHIF viewer MIST serves at {@code /viewer} ({@code mist.viewer.*}). */
@ConfigMapping(prefix = "mist.viewer")
public interface ViewerSettings {
    /** The published OHIF build's {@code dist/} folder (scripts/viewer.sh puts it in viewer/ohif/dist). */
    Path dir();

    /**
     * The stores the viewer offers, the first one opened; unset, every store, "default" first. The page loads its
     * configuration before anyone has logged in, so with authentication on it names only these (default: "default").
     */
    Optional<List<String>> stores();

    /** The viewer's client at the OIDC provider: public, authorization code with PKCE, redirect to /viewer/callback. */
    String oidcClientId();
}
