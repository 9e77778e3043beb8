package org.mist.codec;

/** An encode or decode that OpenJPH refused, or a result that failed verification. */
public class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }
}
