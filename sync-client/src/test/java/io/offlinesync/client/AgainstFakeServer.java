package io.offlinesync.client;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of devices against the in-memory protocol server: a fresh server and profile folder for each test. */
abstract class AgainstFakeServer {

    @TempDir
    Path dir;
    FakeSyncServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeSyncServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A device of {@code name}'s profile in this test's folder, talking to the server. */
    SyncClient device(String name) {
        return Devices.open(dir, name, server.url());
    }
}
