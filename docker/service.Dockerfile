# One image per service, from the Spring Boot jar the Maven build left in <service>/target:
#   mvn -B -DskipTests package && docker compose build
# (docker-compose.yml passes SERVICE; by hand: docker build -f docker/service.Dockerfile --build-arg SERVICE=query-api .)
FROM eclipse-temurin:21-jre

ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<ingest-gateway|projector-streams|query-api|issuer>" >&2; exit 1; } \
    && groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/state && chown app:app /app/state

COPY ${SERVICE}/target/${SERVICE}-*-exec.jar /app/app.jar

USER app
WORKDIR /app
# STATE_DIR: Kafka Streams stores (projector-streams, query-api), the issuer's signing key; JAVA_OPTS caps the heap.
ENV STATE_DIR=/app/state \
    JAVA_OPTS="-Xmx384m" \
    AVRO_TRUSTED_PACKAGES="java.lang,java.util,io.offlinesync.schemas.avro"

# a shell, so that JAVA_OPTS is split into options; exec, so that java gets SIGTERM and shuts down gracefully
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -Dorg.apache.avro.SERIALIZABLE_PACKAGES=$AVRO_TRUSTED_PACKAGES -jar /app/app.jar \"$@\"", "app"]
