package io.offlinesync.client.store;

/** The local store could not be read or written (disk full, file locked too long, corrupt file). */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
