package org.mist.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a ustar archive (what the export writes) back into its entries. */
public final class Tar {
    private Tar() {
    }

    /** The entries, in order, by name (ustar prefix joined). */
    public static Map<String, byte[]> entries(byte[] tar) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int p = 0;
        while (p + 512 <= tar.length && tar[p] != 0) {
            String name = new String(tar, p, 100, StandardCharsets.UTF_8).replace("\0", "");
            String prefix = new String(tar, p + 345, 155, StandardCharsets.UTF_8).replace("\0", "");
            long size = Long.parseLong(new String(tar, p + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            out.put(prefix.isEmpty() ? name : prefix + "/" + name, Arrays.copyOfRange(tar, p + 512, p + 512 + (int) size));
            p += 512 + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }
}
