package io.offlinesync.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection that POSTs bodies and reads each answer's status, skipping its body: the `ingest`
 * benchmark's devices. The JDK's HttpClient cost the load generator 0.54 of this machine's 2
 * cores at 38,000 events/s (BENCHMARKS.md, "Issue 15, fifteenth part"), cores the gateway under test then lacked;
 * ProducerPerformance, the raw baseline, pays no HTTP at all. Not a general client: no TLS, no redirects, no
 * pipelining; a connection the server closes is opened again.
 */
final class KeepAliveConnection implements AutoCloseable {

    private final URI base;
    private final byte[] fixedHeaders;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param headers every request's extra header lines, each ending in CRLF (e.g. {@code Authorization}) */
    KeepAliveConnection(URI base, String headers) {
        this.base = base;
        this.fixedHeaders = ("Host: " + base.getHost() + ":" + base.getPort() + "\r\n" + headers
                + "Content-Type: application/json\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs {@code body} to {@code path}; the answer's status code. */
    int post(String path, byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        out.write(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(fixedHeaders);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12)); // "HTTP/1.1 202 "
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim();
            String value = header.substring(header.indexOf(':') + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                skip(size);
                line(); // the CRLF after the chunk
            }
            while (!line().isEmpty()) { // trailers
            }
        } else if (length > 0) {
            skip(length);
        }
        if (close) {
            close();
        }
        return code;
    }

    private void open() throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    private long chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Long.parseLong(extension < 0 ? size.trim() : size.substring(0, extension).trim(), 16);
    }

    /** One line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed within an answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void skip(long bytes) throws IOException {
        while (bytes > 0) {
            long skipped = in.skip(bytes);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed within a body");
                }
                skipped = 1;
            }
            bytes -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a benchmark's connection: nothing to do
            }
            socket = null;
        }
    }
}
