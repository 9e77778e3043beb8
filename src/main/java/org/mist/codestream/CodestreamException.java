package org.mist.codestream;

/** A codestream that is malformed, or uses a feature the rewrite rules do not cover. */
public class CodestreamException extends RuntimeException {
    public CodestreamException(String message) {
        super(message);
    }
}
