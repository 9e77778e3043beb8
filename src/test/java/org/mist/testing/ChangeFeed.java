package org.mist.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the change feed over HTTP, page by page, as a follower would. */
public final class ChangeFeed {
    private static final int PAGE = 1000;

    private ChangeFeed() {
    }

    /** The entries of {@code feed} ({@code .../api/changes} or {@code .../api/stores/{s}/changes}) after {@code since}. */
    public static List<JsonNode> after(String feed, long since) {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            List<JsonNode> page = Http.jsonArray(feed + "?limit=" + PAGE + "&since=" + since);
            out.addAll(page);
            if (page.size() < PAGE) {
                return out;
            }
            since = page.get(page.size() - 1).get("seq").asLong();
        }
    }

    /** The number of the latest entry of every store ({@code base} is the service's root URL), 0 when there is none. */
    public static long last(String base) {
        List<JsonNode> all = after(base + "api/changes", 0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).get("seq").asLong();
    }
}
