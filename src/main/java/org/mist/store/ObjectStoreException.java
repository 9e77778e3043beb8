package org.mist.store;

/** The object store failed or is unreachable: a server-side failure, never the client's. */
public class ObjectStoreException extends RuntimeException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ObjectStoreException(String message) {
        super(message);
    }
}
