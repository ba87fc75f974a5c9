package io.offlinesync.streams;

import java.time.Duration;
import java.util.HashMap;
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

    /**
     * @param extra client properties applied first (security settings); unknown ones are ignored by Kafka
     */
    public MonitoringAdmin(String bootstrapServers, String clientId, Map<String, ?> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        this.admin = Admin.create(config);
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
