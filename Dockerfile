# Meridian server image. Build: docker build -t meridian-server .   Run: see docs/operations.md ("Containers").
# The image runs the prod profile, which refuses to start without AUTH_JWT_SECRET (at least 32 bytes) and does not
# create its database: give it DB_HOST, DB_PASSWORD, ... (docs/configuration.md lists every variable).

# ---- build: JDK 25 + the Maven wrapper -------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build

# Dependency layer, rebuilt only when a pom, the wrapper or the .proto schema changes. go-offline fetches Maven,
# the plugins and the libraries; generating the proto sources also fetches protoc and the gRPC generator for this
# platform, which go-offline cannot see. (The image has neither curl nor unzip: the wrapper downloads with Java.)
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY proto/pom.xml proto/
COPY server/pom.xml server/
COPY client-sdk/pom.xml client-sdk/
COPY proto/src/ proto/src/
RUN ./mvnw -B -q dependency:go-offline \
    && ./mvnw -B -q -pl proto generate-sources

# Sources layer. Tests run in CI (./mvnw verify), not here: they need Postgres, Redis and NATS.
COPY . .
RUN ./mvnw -B -q -DskipTests package

# ---- runtime: JRE 25, non-root, only the application ------------------------------------------------------------
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 meridian \
    && useradd --system --uid 10001 --gid meridian --home-dir /app --no-create-home --shell /usr/sbin/nologin meridian
WORKDIR /app
# Root-owned and read-only for the server's user; the jar's manifest finds its libraries in libs/.
COPY --from=build /build/server/target/libs/ /app/libs/
COPY --from=build /build/server/target/meridian-server.jar /app/meridian-server.jar

ENV MERIDIAN_PROFILE=prod \
    SERVER_PORT=8080 \
    WORLD_PORT=8081 \
    JAVA_OPTS="-XX:+UseG1GC -Xms184m -Xmx184m -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=64m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=96m -XX:MarkStackSize=262144 -Dio.netty.allocator.numDirectArenas=2 -Dio.netty.allocator.numHeapArenas=2 -Dio.netty.leakDetection.level=disabled -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
# REST on 8080, the realtime world (WebSocket, gRPC) on 8081
EXPOSE 8080 8081

# No curl or wget in this image: bash's /dev/tcp asks /healthz for its status line.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# exec: java is PID 1 and receives SIGTERM itself (graceful shutdown, exit 0). JAVA_OPTS are the shipped launch
# settings of server/run (a fixed heap and bounded native pools for a 512 MiB container, docs/operations.md); setting
# JAVA_OPTS replaces them all.
ENTRYPOINT ["sh", "-c", "exec java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow $JAVA_OPTS -jar /app/meridian-server.jar \"$@\"", "meridian"]
