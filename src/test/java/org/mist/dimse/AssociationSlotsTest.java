package org.mist.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The fair share of association slots, per calling AE title and per address, without a network. */
class AssociationSlotsTest {
    @Test
    void eachLimitHoldsAndReleasingGivesBack() {
        AssociationSlots slots = new AssociationSlots(6, 3, 4);
        for (int i = 0; i < 3; i++) {
            assertEquals(AssociationSlots.Refusal.NONE, slots.acquire("HOG", "10.0.0.1"));
        }
        assertEquals(AssociationSlots.Refusal.CALLING_AE, slots.acquire("HOG", "10.0.0.2"));
        assertEquals(AssociationSlots.Refusal.NONE, slots.acquire("OTHER", "10.0.0.1"));
        // the address holds 4 now, whatever the AE title
        assertEquals(AssociationSlots.Refusal.ADDRESS, slots.acquire("THIRD", "10.0.0.1"));
        assertEquals(AssociationSlots.Refusal.NONE, slots.acquire("THIRD", "10.0.0.3"));
        assertEquals(AssociationSlots.Refusal.NONE, slots.acquire("FOURTH", "10.0.0.4"));
        assertEquals(AssociationSlots.Refusal.TOTAL, slots.acquire("FIFTH", "10.0.0.5"));
        assertEquals(6, slots.open());
        slots.release("HOG", "10.0.0.1");
        assertEquals(AssociationSlots.Refusal.NONE, slots.acquire("HOG", "10.0.0.9"));
        assertEquals(6, slots.open());
    }
}
