package org.mist.dimse;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mist.store.ObjectKeys;

/**
 * The DICOM node's AE policy: which calling AE titles may associate, into which store, for which operations. A
 * PACS configures its peers per operation (a modality stores, a workstation finds and moves), which is finer than
 * a store's read and write, so the list says the operations themselves. Without a list the node keeps its older
 * behaviour: {@code allowed-calling-ae-titles} (or any AE) may do everything in {@code mist.dimse.store}.
 */
final class CallingAes {
    /** The DIMSE operations a peer may be allowed (C-ECHO is always allowed to an accepted AE). */
    enum Operation { STORE, FIND, MOVE, GET }

    /** What one AE may do. */
    record Entry(String store, Set<Operation> operations) {
        boolean may(Operation op) {
            return operations.contains(op);
        }
    }

    private final Map<String, Entry> listed;
    private final DimseSettings settings;

    CallingAes(DimseSettings settings) {
        this.settings = settings;
        Map<String, Entry> m = new LinkedHashMap<>();
        for (String entry : settings.callers().orElse("").split(";")) {
            int eq = entry.indexOf('=');
            if (entry.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                throw new IllegalArgumentException("mist.dimse.callers: \"" + entry.trim()
                        + "\" is not AE=<store>:<operations>, e.g. CT1=default:store");
            }
            m.put(entry.substring(0, eq).trim(), parse(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()));
        }
        this.listed = Map.copyOf(m);
    }

    /** What {@code callingAe} may do, or null when it may not associate at all. */
    Entry of(String callingAe) {
        if (!listed.isEmpty()) {
            return listed.get(callingAe);
        }
        boolean allowed = settings.allowedCallingAeTitles().map(l -> l.isEmpty() || l.contains(callingAe)).orElse(true);
        return allowed ? new Entry(settings.store(), EnumSet.allOf(Operation.class)) : null;
    }

    /** {@code <store>:<op>[,<op>...]}; a mistake stops the start with the setting named. */
    static Entry parse(String ae, String spec) {
        int colon = spec.indexOf(':');
        String store = colon < 0 ? "" : spec.substring(0, colon).trim();
        if (!ObjectKeys.validStoreName(store)) {
            throw new IllegalArgumentException("mist.dimse.callers: " + ae + "=\"" + spec
                    + "\": write <store>:<operations>, e.g. default:store,find");
        }
        EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
        for (String word : spec.substring(colon + 1).split(",")) {
            Operation op = Arrays.stream(Operation.values()).filter(o -> o.name().equalsIgnoreCase(word.trim()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("mist.dimse.callers: " + ae + ": \""
                            + word.trim() + "\" is not an operation (store, find, move, get)"));
            ops.add(op);
        }
        return new Entry(store, ops);
    }
}
