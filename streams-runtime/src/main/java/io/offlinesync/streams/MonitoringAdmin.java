package io.offlinesync.streams;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The admin client behind the broker probe and the lag gauges: short timeouts, so that a call on a dead
 * cluster fails within seconds instead of Kafka's one-minute default, and a close that does not wait for
 * calls still pending (the admin's own {@code close()} would, up to their timeouts, holding up shutdown).
 */
public final class MonitoringAdmin implements AutoCloseable {

    private final Admin admin;

    /** @param kafka the service's client settings (security included) */
    public MonitoringAdmin(KafkaClients kafka, String clientId) {
        this.admin = kafka.newAdmin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000));
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
