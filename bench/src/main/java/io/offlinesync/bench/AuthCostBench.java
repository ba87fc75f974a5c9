package io.offlinesync.bench;

import java.net.http.HttpClient;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What authentication costs, with and without it in the same run on the same services: ingest runs alternate
 * pushes with the access token and pushes without it ({@code X-Bench-Open}, the bench's overlay, which skips the
 * token check and nothing else), and catch-up pages alternate the two request by request on the same lists. The
 * difference is the token's verification (signature, claims) and the security filters; membership checks and
 * everything after them run in both.
 */
final class AuthCostBench {

    static void run(StackEndpoints stack, long events, int clients, int batch, String prefix, int lists, int perList,
                    int requests) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            CatchupBench.page(http, stack, prefix + "-0", 0, 1, 0, true);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("requests without a token are refused: the stack must run with the bench's "
                    + "overlay (bench/run.sh auth restarts it so): " + e.getMessage());
        }
        IngestLoad.run(stack, events, clients, batch, 200, false); // warms both paths' JIT
        IngestLoad.run(stack, events, clients, batch, 200, true);
        double signedSum = 0;
        double openSum = 0;
        for (int round = 0; round < 4; round++) { // token first, then open first: drift hits both alike
            boolean openFirst = (round & 1) == 1;
            double first = IngestLoad.run(stack, events, clients, batch, 200, openFirst);
            double second = IngestLoad.run(stack, events, clients, batch, 200, !openFirst);
            signedSum += openFirst ? second : first;
            openSum += openFirst ? first : second;
        }
        System.out.printf("RESULT auth-ingest rounds=4 token_events_per_s=%.0f open_events_per_s=%.0f ratio=%.3f%n",
                signedSum / 4, openSum / 4, signedSum / openSum);
        for (int i = 0; i < 400; i++) { // warm the JIT and the connection for both kinds
            CatchupBench.page(http, stack, prefix + "-" + (i % lists), 0, 500, 0, (i & 1) == 1);
        }
        Latencies signed = new Latencies();
        Latencies open = new Latencies();
        for (int i = 0; i < 2 * requests; i++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            boolean withoutToken = (i & 1) == 1;
            long t0 = System.nanoTime();
            CatchupBench.page(http, stack, prefix + "-" + random.nextInt(lists), random.nextInt(perList), 500, 0,
                    withoutToken);
            (withoutToken ? open : signed).add(System.nanoTime() - t0);
        }
        System.out.printf("RESULT catchup-page-token requests=%d %s%n", requests, signed.summary());
        System.out.printf("RESULT catchup-page-open requests=%d %s%n", requests, open.summary());
    }
}
