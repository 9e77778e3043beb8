package org.mist.codec;

/** A freshly encoded frame did not decode to its source samples: the caller must not store it as HTJ2K. */
public final class LosslessnessException extends CodecException {
    public LosslessnessException(String message) {
        super(message);
    }
}
