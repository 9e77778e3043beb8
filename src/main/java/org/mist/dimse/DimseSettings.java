package org.mist.dimse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DICOM node's configuration ({@code mist.dimse.*}). */
@ConfigMapping(prefix = "mist.dimse")
public interface DimseSettings {
    /** Whether the service listens for DIMSE associations at all. */
    @WithDefault("true")
    boolean enabled();

    /** The address to listen on (loopback by default, like the HTTP port). */
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("11112")
    int port();

    /** Our AE title: the Called AE Title associations must name. */
    @WithDefault("MIST")
    String aeTitle();

    /** The store C-STORE writes into and C-FIND/C-MOVE/C-GET read from. */
    @WithDefault("default")
    String store();

    /** Calling AE titles allowed to associate; empty: any. */
    Optional<List<String>> allowedCallingAeTitles();

    /** C-MOVE destinations: AE title to host:port. */
    Map<String, String> destinations();

    @WithDefault("32")
    int maxAssociations();

    /**
     * Of those, what one calling AE title may hold at once. Half the house: PixelMed keeps a released
     * association's slot for its 5 s ARTIM wait, so a peer that associates in a tight loop needs a margin.
     */
    @WithDefault("16")
    int maxAssociationsPerCallingAe();

    /** Of those, what one remote address may hold at once (the AE title can be forged, the address less so). */
    @WithDefault("24")
    int maxAssociationsPerAddress();

    /** The largest PDU we accept (and announce). */
    @WithDefault("65536")
    int maxPduLength();

    /** A peer silent for this long has its association closed (PixelMed then sees a broken socket). */
    @WithDefault("PT60S")
    Duration idleTimeout();
}
