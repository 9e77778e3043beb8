package org.mist.dicomweb;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mist.archive.UploadPace;

/**
 * The request body as a blocking InputStream with real back-pressure: the request is in fetch mode and
 * one more chunk is asked for each time the reader takes one, so at most {@value #AHEAD} chunks wait.
 * A reader slower than the network (an ingest that is encoding) slows the client down instead of
 * queueing the body in memory.
 */
final class RequestBodyStream extends InputStream {
    private static final Object END = new Object();
    /** Chunks asked for ahead of the reader: enough to keep the socket busy, few enough to bound memory. */
    private static final int AHEAD = 16;

    private final HttpServerRequest request;
    private final java.time.Duration idleTimeout;
    private final Context context;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private Buffer current;
    private int position;
    private boolean ended;

    /** Call on the request's event loop, with the request paused. */
    RequestBodyStream(HttpServerRequest request, java.time.Duration idleTimeout) {
        this.request = request;
        this.idleTimeout = idleTimeout;
        this.context = ((HttpServerRequestInternal) request).context();
        request.handler(this::arrived);
        request.endHandler(x -> chunks.add(END));
        request.exceptionHandler(chunks::add);
        request.fetch(AHEAD);
    }

    /** On the event loop: one chunk the reader asked for. */
    private void arrived(Buffer chunk) {
        chunks.add(chunk);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position >= current.length()) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the request body");
            }
            if (next == null) {
                throw new UploadPace.TooSlow("no request data for " + idleTimeout.toSeconds() + " s (mist.upload.idle-timeout)");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                throw new IOException("the request body broke off: " + t.getMessage(), t);
            }
            current = (Buffer) next;
            position = 0;
            context.runOnContext(v -> request.fetch(1));
        }
        int n = Math.min(len, current.length() - position);
        current.getBytes(position, position + n, b, off);
        position += n;
        return n;
    }
}
