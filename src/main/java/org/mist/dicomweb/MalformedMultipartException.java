package org.mist.dicomweb;

import java.io.IOException;

/** The request body is not the multipart message its Content-Type announces: a 400. */
final class MalformedMultipartException extends IOException {
    MalformedMultipartException(String message) {
        super(message);
    }
}
