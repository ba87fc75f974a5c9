package io.offlinesync.gateway.web;

import io.offlinesync.gateway.GatewayProperties;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The bytes of request bodies each remote address holds on the in-flight budget, each bounded
 * ({@code sync.max-in-flight-bytes-per-address}), so that one machine holding many slow bodies cannot
 * fill the whole budget. A request is always admitted when its address holds nothing else (one body
 * of up to 1 MiB is served). Entries exist only while an address holds bytes, so the map is bounded by the requests in
 * progress.
 */
@Component
public class AddressShares {

    private final long maxBytesPerAddress;
    private final ConcurrentHashMap<String, Long> held = new ConcurrentHashMap<>();

    public AddressShares(GatewayProperties properties) {
        this.maxBytesPerAddress = properties.maxInFlightBytesPerAddress().toBytes();
    }

    /**
     * Holds {@code bytes} more for {@code address}, for a request already holding {@code heldByCaller} of
     * its share; false (nothing held) when the share has no room and other requests of the address hold some.
     */
    boolean tryHold(String address, long bytes, long heldByCaller) {
        boolean[] admitted = {false};
        held.compute(address, (key, current) -> {
            long now = current == null ? 0 : current;
            if (now > heldByCaller && now + bytes > maxBytesPerAddress) {
                return current;
            }
            admitted[0] = true;
            return now + bytes;
        });
        return admitted[0];
    }

    void release(String address, long bytes) {
        held.computeIfPresent(address, (key, current) -> current - bytes <= 0 ? null : current - bytes);
    }

    long maxBytesPerAddress() {
        return maxBytesPerAddress;
    }
}
