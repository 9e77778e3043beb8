package org.mist.archive;

import java.io.IOException;

/**
 * A refusal raised inside a stream, where only an IOException can pass (spooling a body, pacing an upload).
 * The door that catches it maps it like any other refusal.
 */
public class RefusedIOException extends IOException implements Refusal.Carrier {
    private final Refusal refusal;

    public RefusedIOException(Refusal refusal, String reason) {
        super(reason);
        this.refusal = refusal;
    }

    @Override
    public Refusal refusal() {
        return refusal;
    }
}
