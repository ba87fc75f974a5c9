package io.offlinesync.client.http;

import java.io.IOException;

/**
 * The server could not be reached or the connection broke before an answer came (refused, reset, timed
 * out). Whatever was being pushed may or may not have been written; sending it again is safe.
 */
public final class ServerUnreachableException extends IOException {

    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
