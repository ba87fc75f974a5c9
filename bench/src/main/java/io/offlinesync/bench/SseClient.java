package io.offlinesync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Live streams ({@code GET /v1/stream}) over plain non-blocking sockets, one selector thread for all of them:
 * what holds 10,000 streams from one small JVM (a stream costs its socket and a few hundred bytes here; a
 * java.net.http connection costs tens of KB of buffers). It speaks just enough HTTP/1.1: one GET per connection,
 * a 200 with a chunked body (Tomcat's for a body of unknown length) or one read to the close; any other status
 * ends the stream. Of each event it keeps the type and the id: a listener sees {@code entry} and {@code L:V}.
 */
final class SseClient implements AutoCloseable {

    /** Called on the selector thread: must not block. */
    interface Listener {
        /** Stream {@code stream} got an event; {@code id} is null when it had none; {@code nanos}: its read. */
        void event(int stream, String type, String id, long nanos);

        /** Stream {@code stream} ended: refused (its status), failed, or closed by the server. */
        void ended(int stream, String why);
    }

    /** Lines longer than this are cut: an id is at most 64 + 1 + 19 characters, data lines are not kept. */
    private static final int LINE_BYTES = 128;

    private final InetSocketAddress server;
    private final String head;
    private final Listener listener;
    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>(); // selector thread only
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    /** Streams from the query-api at {@code host:port}, signed with {@code token} (the bench user's). */
    SseClient(String host, int port, String token, Listener listener) throws IOException {
        this.server = new InetSocketAddress(host, port);
        this.head = "Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nAccept: text/event-stream\r\n\r\n";
        this.listener = listener;
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().name("sse-client").daemon().start(this::loop);
    }

    /** Opens a stream of {@code lists} ({@code L:AFTER,...}); the events of the {@code n}-th open are stream {@code n}. */
    void open(String lists) {
        byte[] request = ("GET /v1/stream?lists=" + lists + " HTTP/1.1\r\n" + head).getBytes(StandardCharsets.US_ASCII);
        tasks.add(() -> connect(request));
        selector.wakeup();
    }

    /** Closes every stream (the client goes away), and waits until it is done. */
    void closeAll() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        tasks.add(() -> {
            for (Connection c : connections) {
                c.close();
            }
            done.countDown();
        });
        selector.wakeup();
        done.await();
    }

    @Override
    public void close() throws Exception {
        closeAll();
        running = false;
        selector.wakeup();
        loop.join(5_000);
        selector.close();
    }

    private void loop() {
        try {
            while (running) {
                selector.select(100);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable() && c.channel.finishConnect()) {
                            c.writeRequest(key);
                        } else if (key.isValid() && key.isWritable()) {
                            c.writeRequest(key);
                        } else if (key.isValid() && key.isReadable()) {
                            c.read();
                        }
                    } catch (IOException | RuntimeException e) { // a broken answer ends its stream only
                        c.end("failed: " + e);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stream client's selector failed", e);
        }
    }

    private void connect(byte[] request) {
        Connection c = new Connection(connections.size(), ByteBuffer.wrap(request));
        connections.add(c);
        try {
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (c.channel.connect(server)) {
                c.writeRequest(c.channel.register(selector, 0, c));
            } else {
                c.channel.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            c.end("failed: " + e);
        }
    }

    /** One stream: its socket, the request still to write, and where the parse of the answer is. */
    private final class Connection {
        private enum Part { STATUS, HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, BODY, ENDED }

        final int index;
        final ByteBuffer request;
        SocketChannel channel;
        Part part = Part.STATUS;
        boolean chunked;
        long chunkLeft;
        final byte[] frame = new byte[LINE_BYTES]; // a line of the status, headers or chunk framing
        int frameLength;
        final byte[] line = new byte[LINE_BYTES]; // a line of the event stream, which a chunk's end may cut
        int lineLength;
        String type;
        String id;
        boolean finished;

        Connection(int index, ByteBuffer request) {
            this.index = index;
            this.request = request;
        }

        void writeRequest(SelectionKey key) throws IOException {
            channel.write(request);
            key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                end("closed by the server");
                return;
            }
            long now = System.nanoTime();
            readBuffer.flip();
            while (readBuffer.hasRemaining() && part != Part.ENDED) {
                byte b = readBuffer.get();
                switch (part) {
                    case CHUNK_DATA -> {
                        body(b, now);
                        if (--chunkLeft == 0) {
                            part = Part.CHUNK_END;
                        }
                    }
                    case BODY -> body(b, now);
                    default -> {
                        if (b == '\n') {
                            headLine();
                        } else if (b != '\r' && frameLength < LINE_BYTES) {
                            frame[frameLength++] = b;
                        }
                    }
                }
            }
        }

        /** A line of the status, the headers or the chunk framing. */
        private void headLine() {
            String text = new String(frame, 0, frameLength, StandardCharsets.US_ASCII);
            frameLength = 0;
            switch (part) {
                case STATUS -> {
                    if (!text.startsWith("HTTP/1.1 200")) {
                        end("answered " + text);
                        return;
                    }
                    part = Part.HEADERS;
                }
                case HEADERS -> {
                    if (text.isEmpty()) {
                        part = chunked ? Part.CHUNK_SIZE : Part.BODY;
                    } else if (text.toLowerCase(Locale.ROOT).matches("transfer-encoding:\\s*chunked\\s*")) {
                        chunked = true;
                    }
                }
                case CHUNK_SIZE -> {
                    int semicolon = text.indexOf(';');
                    chunkLeft = Long.parseLong((semicolon < 0 ? text : text.substring(0, semicolon)).strip(), 16);
                    if (chunkLeft == 0) {
                        end("closed by the server"); // the last chunk
                    } else {
                        part = Part.CHUNK_DATA;
                    }
                }
                case CHUNK_END -> part = Part.CHUNK_SIZE; // the CRLF after a chunk's data
                default -> throw new IllegalStateException("not a head line in " + part);
            }
        }

        /** A byte of the event stream: lines up to a blank one make an event. */
        private void body(byte b, long now) {
            if (b != '\n') {
                if (b != '\r' && lineLength < LINE_BYTES) {
                    line[lineLength++] = b;
                }
                return;
            }
            if (lineLength == 0) {
                if (type != null || id != null) {
                    listener.event(index, type == null ? "message" : type, id, now);
                }
                type = null;
                id = null;
            } else if (starts("event:")) {
                type = value(6);
            } else if (starts("id:")) {
                id = value(3);
            }
            lineLength = 0;
        }

        private boolean starts(String field) {
            if (lineLength < field.length()) {
                return false;
            }
            for (int i = 0; i < field.length(); i++) {
                if (line[i] != field.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String value(int from) {
            int start = from < lineLength && line[from] == ' ' ? from + 1 : from;
            return new String(line, start, lineLength - start, StandardCharsets.US_ASCII);
        }

        /** Ends the stream on the server's word or a failure: the listener is told, once. */
        void end(String why) {
            if (!finished) {
                close();
                listener.ended(index, why);
            }
        }

        /** Closes the socket; the listener is not told (the client goes away on purpose). */
        void close() {
            finished = true;
            part = Part.ENDED;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing: nothing left to do
                }
            }
        }
    }
}
