package io.offlinesync.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, for requests an HTTP client will not send (lying lengths, endless bodies). */
final class RawHttp {

    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    record Response(String statusLine, Map<String, String> headers) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code head}, then (on another thread, errors ignored: the server may close early) whatever
     * {@code body} writes, and reads the response's status line and headers, waiting at most 20 s.
     */
    static Response exchange(int port, byte[] head, BodyWriter body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            Thread writer = null;
            if (body != null) {
                writer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        body.write(out);
                    } catch (IOException ignored) {
                        // the server answered and closed before reading everything: expected
                    }
                });
            }
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            Map<String, String> headers = new HashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            socket.close();
            if (writer != null) {
                writer.join(20_000);
            }
            return new Response(statusLine, headers);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
