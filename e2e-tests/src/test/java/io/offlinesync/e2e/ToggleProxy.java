package io.offlinesync.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of one service port that a test can turn into a bad network: refuse every
 * connection (server unreachable), or let a request through and then cut the connection before the answer
 * reaches the device, or replace the answer with a 503. Devices talk to {@link #url()}.
 */
final class ToggleProxy implements AutoCloseable {

    private static final byte[] UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            + "Content-Type: application/problem+json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n"
            + "{\"status\":503}\n").getBytes(StandardCharsets.US_ASCII);

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answersToCut = new AtomicInteger();
    private final AtomicInteger answersToReplace = new AtomicInteger();
    private volatile boolean refusing;

    ToggleProxy(String targetUrl) throws IOException {
        this.targetPort = URI.create(targetUrl).getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept-" + targetPort).start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Unreachable: open connections are closed and new ones are closed as soon as they come. */
    void refuse() {
        refusing = true;
        open.forEach(ToggleProxy::closeQuietly);
    }

    void forward() {
        refusing = false;
    }

    /** The next {@code n} answers are dropped: the service did the work, the device hears a reset. */
    void cutAnswers(int n) {
        answersToCut.set(n);
    }

    /** The next {@code n} answers are replaced by a 503 with Retry-After (the service did the work). */
    void replaceAnswersWith503(int n) {
        answersToReplace.set(n);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofPlatform().daemon().start(() -> pump(client, upstream, false));
                Thread.ofPlatform().daemon().start(() -> pump(upstream, client, true));
            } catch (IOException e) {
                // closed, or the target refused: the device sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                boolean answerStarts = answers && startsAnswer(buffer, n);
                if (answerStarts && answersToCut.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
                    break;
                }
                if (answerStarts && answersToReplace.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
                    out.write(UNAVAILABLE);
                    out.flush();
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away; close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static boolean startsAnswer(byte[] buffer, int n) {
        return n >= 5 && new String(buffer, 0, 5, StandardCharsets.US_ASCII).equals("HTTP/");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(ToggleProxy::closeQuietly);
    }
}
