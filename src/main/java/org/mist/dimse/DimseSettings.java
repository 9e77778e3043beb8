package org.mist.dimse;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DICOM node's configuration ({@code mist.dimse.*}); the defaults are in application.properties. */
@ConfigMapping(prefix = "mist.dimse")
public interface DimseSettings {
    /** Whether the service listens for DIMSE associations at all. */
    boolean enabled();

    /** The address to listen on (loopback by default, like the HTTP port). */
    String host();

    int port();

    /** Our AE title: the Called AE Title associations must name. */
    String aeTitle();

    /** The store C-STORE writes into and C-FIND/C-MOVE/C-GET read from. */
    String store();

    /** Calling AE titles allowed to associate; empty: any. Superseded by {@link #callers} when that lists any. */
    Optional<List<String>> allowedCallingAeTitles();

    /**
     * The calling AE list, {@code AE=<store>:<operations>} separated by semicolons, the operations among store,
     * find, move and get ({@code CT1=default:store; WS1=default:find,move,get}). When it lists any, no other AE may
     * associate and each may do only what it lists, in its store ({@link CallingAes}).
     */
    Optional<String> callers();

    /** C-MOVE destinations: AE title to host:port. */
    Map<String, String> destinations();

    int maxAssociations();

    /**
     * Of those, what one calling AE title may hold at once. Half the house: PixelMed keeps a released
     * association's slot for its 5 s ARTIM wait, so a peer that associates in a tight loop needs a margin.
     */
    int maxAssociationsPerCallingAe();

    /** Of those, what one remote address may hold at once (the AE title can be forged, the address less so). */
    int maxAssociationsPerAddress();

    /** The largest PDU we accept (and announce). */
    int maxPduLength();

    /** A peer silent for this long has its association closed (PixelMed then sees a broken socket). */
    Duration idleTimeout();
}
