package org.mist.archive;

/**
 * Where a reader of the change feed is: after entry {@code since} (0: the start), reading at most {@code limit}
 * entries. The export takes {@code since} too, to give only what changed after it.
 */
public record FeedPosition(long since, int limit) {
    public static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 100;

    /** From query parameters as text (either may be null). */
    public static FeedPosition parse(String since, String limit) {
        return new FeedPosition(number("since", since, 0, Long.MAX_VALUE, 0), (int) number("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT));
    }

    private static long number(String name, String value, long min, long max, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.BAD_REQUEST.because(name + "=" + value.substring(0, Math.min(value.length(), 40))
                + " is not a whole number from " + min + " to " + max);
    }
}
