package org.mist.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mist.store.entity.Frame;

/** Keys as they meet a file system or a URL: what passes and what does not. */
class ObjectKeysTest {
    @Test
    void checksKeysCharacterByCharacter() {
        for (String ok : new String[] {"default/1.2/3.4/5.6/frames/1.j2c", "a", "A-b_c.d/e", "9" + "x".repeat(1000)}) {
            ObjectKeys.checkKey(ok);
        }
        for (String bad : new String[] {"", ".hidden", "/absolute", "-dash", "a b", "a/../b", "a//b", "a\\b", "é", "a\nb",
            "9" + "x".repeat(1001), null}) {
            assertThrows(IllegalArgumentException.class, () -> ObjectKeys.checkKey(bad), String.valueOf(bad));
        }
    }

    @Test
    void aReceivedFrameNamesItsCompressedCopy() {
        String raw = ObjectKeys.frame("s/1.2/3.4/5.6/", 7, Frame.Codec.RAW);
        assertEquals("s/1.2/3.4/5.6/7.raw", raw);
        assertEquals(ObjectKeys.frame("s/1.2/3.4/5.6/", 7, Frame.Codec.HTJ2K), ObjectKeys.compressedFrame(raw));
        // as written before received frames moved beside the header
        assertEquals("s/1.2/3.4/5.6/frames/7.j2c", ObjectKeys.compressedFrame("s/1.2/3.4/5.6/frames/7.raw"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.compressedFrame("s/1/2/3/frames/7.j2c"));
    }
}
