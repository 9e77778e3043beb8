package org.mist.dimse;

import java.util.HashMap;
import java.util.Map;

/**
 * The DICOM node's association slots, shared fairly: at most {@code total} at once, of which one calling AE
 * title holds at most {@code perCallingAe} and one remote address at most {@code perAddress}, so a single
 * peer that opens associations and keeps them alive (a C-ECHO now and then is enough to beat the idle
 * timeout) cannot lock every other peer out.
 */
final class AssociationSlots {
    /** Why a slot was refused, for the log. */
    enum Refusal { NONE, TOTAL, CALLING_AE, ADDRESS }

    private final int total;
    private final int perCallingAe;
    private final int perAddress;
    private final Map<String, Integer> byAe = new HashMap<>();
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int open;

    AssociationSlots(int total, int perCallingAe, int perAddress) {
        this.total = total;
        this.perCallingAe = perCallingAe;
        this.perAddress = perAddress;
    }

    /** Takes a slot for the peer, or says which limit it would break (then nothing was taken). */
    synchronized Refusal acquire(String callingAe, String address) {
        if (open >= total) {
            return Refusal.TOTAL;
        }
        if (byAe.getOrDefault(callingAe, 0) >= perCallingAe) {
            return Refusal.CALLING_AE;
        }
        if (byAddress.getOrDefault(address, 0) >= perAddress) {
            return Refusal.ADDRESS;
        }
        open++;
        byAe.merge(callingAe, 1, Integer::sum);
        byAddress.merge(address, 1, Integer::sum);
        return Refusal.NONE;
    }

    synchronized void release(String callingAe, String address) {
        open--;
        byAe.computeIfPresent(callingAe, (k, n) -> n > 1 ? n - 1 : null);
        byAddress.computeIfPresent(address, (k, n) -> n > 1 ? n - 1 : null);
    }

    synchronized int open() {
        return open;
    }
}
