package org.mist.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that must keep moving: it fails once the whole upload has taken longer than
 * {@link UploadSettings#timeout()}, or once, past {@link UploadSettings#rateGrace()} of waiting, the client
 * has sent fewer than {@link UploadSettings#minRate()} bytes per second of the time MIST spent waiting for
 * it. Only time spent blocked in {@code read} counts towards the rate, so a server busy encoding (which
 * stops reading) never makes a fast client look slow. A body that stalls outright is ended by the reader's
 * own idle timeout.
 */
public final class UploadPace extends FilterInputStream {
    private final UploadSettings settings;
    private final long start = System.nanoTime();
    private long waitedNanos;
    private long bytes;

    public UploadPace(InputStream in, UploadSettings settings) {
        super(in);
        this.settings = settings;
    }

    /** Why an upload was cut off: the client's fault. */
    public static final class TooSlow extends RefusedIOException {
        public TooSlow(String message) {
            super(Refusal.TOO_SLOW, message);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long before = System.nanoTime();
        int n = in.read(b, off, len);
        long now = System.nanoTime();
        waitedNanos += now - before;
        if (n > 0) {
            bytes += n;
        }
        check(now);
        return n;
    }

    private void check(long now) throws TooSlow {
        if (now - start > settings.timeout().toNanos()) {
            throw new TooSlow("the request body took longer than " + settings.timeout().toSeconds() + " s (mist.upload.timeout)");
        }
        if (waitedNanos > settings.rateGrace().toNanos() && bytes * 1e9 / waitedNanos < settings.minRate()) {
            throw new TooSlow("the request body arrived at " + Math.round(bytes * 1e9 / waitedNanos) + " bytes/s, slower than "
                    + settings.minRate() + " bytes/s (mist.upload.min-rate)");
        }
    }
}
