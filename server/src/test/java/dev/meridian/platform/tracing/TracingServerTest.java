package dev.meridian.platform.tracing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.testing.NatsEvents;
import dev.meridian.testing.TestServer;
import dev.meridian.world.GrpcTestClient;
import dev.meridian.world.WsTestClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces of register → create character → join the world, exported to memory: server spans that continue the
 * caller's W3C {@code traceparent} (on the WebSocket upgrade and in gRPC metadata too), the ports' database, Redis and
 * hashing calls as their children, the join's token check, character load and zone enter, NATS publishes as producer
 * spans whose {@code traceparent} header reaches subscribers.
 */
class TracingServerTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String JOIN_TRACE = "5c0ffee0000000000000000000000001";
    private static final String GRPC_JOIN_TRACE = "5c0ffee0000000000000000000000002";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), Tracing.exportingTo(SPANS));
    }

    @AfterAll
    static void stop() {
        server.close();
        HTTP.close();
    }

    @Test
    void registerThenCreateCharacterIsOneTraceOfServerSpansWithThePortsAsChildren() throws Exception {
        Connection nats = Nats.connect("nats://127.0.0.1:4222");
        try {
            Subscription created = nats.subscribe(server.subjectPrefix() + ".character.created");
            nats.flush(Duration.ofSeconds(5));

            String email = "traced-" + System.nanoTime() + "@example.test";
            HttpResponse<String> registered = post(
                    "/v1/auth/register",
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                    Optional.empty(),
                    "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
            assertThat(registered.body(), registered.statusCode(), is(201));
            String token = JSON.readTree(registered.body()).get("access_token").asText();
            String parentOfCreate = "b7ad6b7169203331";
            HttpResponse<String> character = post(
                    "/v1/characters",
                    "{\"name\":\"Tracy\",\"class\":\"mage\"}",
                    Optional.of(token),
                    "00-" + TRACE_ID + "-" + parentOfCreate + "-01");
            assertThat(character.body(), character.statusCode(), is(201));

            // the join test registers too, in a trace of its own
            SpanData register = await(span -> span.getName().equals("POST /v1/auth/register")
                    && span.getTraceId().equals(TRACE_ID));
            assertThat(register.getKind(), is(SpanKind.SERVER));
            assertThat(register.getTraceId(), is(TRACE_ID));
            assertThat(register.getParentSpanId(), is(CALLER_SPAN));
            assertThat(register.getAttributes().get(AttributeKey.longKey("http.response.status_code")), is(201L));
            assertThat(register.getAttributes().get(AttributeKey.stringKey("http.route")), is("/v1/auth/register"));
            await(childOf(register, "Passwords.hash"));
            SpanData addAccount = await(childOf(register, "Accounts.add"));
            assertThat(addAccount.getKind(), is(SpanKind.CLIENT));
            assertThat(addAccount.getAttributes().get(AttributeKey.stringKey("db.system.name")), is("postgresql"));
            await(childOf(register, "RefreshTokens.start"));
            SpanData registeredEvent = await(span -> span.getKind() == SpanKind.PRODUCER
                    && span.getParentSpanId().equals(register.getSpanId()));
            assertThat(registeredEvent.getName(), is(server.subjectPrefix() + ".account.registered publish"));

            SpanData create = await(span -> (span.getName().equals("POST /v1/characters/")
                            || span.getName().equals("POST /v1/characters"))
                    && span.getTraceId().equals(TRACE_ID));
            assertThat(create.getTraceId(), is(TRACE_ID));
            assertThat(create.getParentSpanId(), is(parentOfCreate));
            await(childOf(create, "Characters.add"));
            SpanData evict = await(childOf(create, "CharacterListCache.evict"));
            assertThat(evict.getAttributes().get(AttributeKey.stringKey("db.system.name")), is("redis"));
            SpanData createdEvent = await(span -> span.getKind() == SpanKind.PRODUCER
                    && span.getParentSpanId().equals(create.getSpanId()));

            Message message = NatsEvents.await(created, Duration.ofSeconds(10), NatsEvents.dataField("name", "Tracy"));
            assertThat("no character.created within 10 s", message != null, is(true));
            assertThat(
                    message.getHeaders().getFirst("traceparent"),
                    is("00-" + TRACE_ID + "-" + createdEvent.getSpanId() + "-01"));
        } finally {
            nats.close();
        }
    }

    @Test
    void registerCreateThenJoinTheWorldContinuesTheCallersTrace() throws Exception {
        String callerSpan = "a1b2c3d4e5f60718";
        String traceparent = "00-" + JOIN_TRACE + "-" + callerSpan + "-01";
        Joiner joiner = joiner("Joiner", traceparent);

        try (WsTestClient client = WsTestClient.connect(
                URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + joiner.token()),
                Map.of("traceparent", traceparent),
                "meridian.v1.json")) {
            client.sendText("{\"type\":\"join\",\"character_id\":\"" + joiner.characterId() + "\"}");
            client.await(String.class, text -> text.contains("\"welcome\""));
        }
        expectJoinSpans(JOIN_TRACE, callerSpan);
    }

    @Test
    void joiningOverGrpcContinuesTheTraceparentOfTheCallsMetadata() throws Exception {
        String callerSpan = "0f1e2d3c4b5a6978";
        String traceparent = "00-" + GRPC_JOIN_TRACE + "-" + callerSpan + "-01";
        Joiner joiner = joiner("GrpcJoiner", traceparent);

        try (GrpcTestClient client =
                new GrpcTestClient(server.worldPort(), joiner.token(), Map.of("traceparent", traceparent))) {
            client.send(ClientMessage.newBuilder()
                    .setCid(1)
                    .setJoin(Join.newBuilder().setCharacterId(joiner.characterId()))
                    .build());
            client.await(ServerMessage::hasWelcome);
        }
        expectJoinSpans(GRPC_JOIN_TRACE, callerSpan);
    }

    private record Joiner(String token, String characterId) {}

    /** Registers and creates a character, both requests in the caller's trace. */
    private static Joiner joiner(String name, String traceparent) throws Exception {
        HttpResponse<String> registered = post(
                "/v1/auth/register",
                "{\"email\":\"" + name.toLowerCase(Locale.ROOT) + "-" + System.nanoTime()
                        + "@example.test\",\"password\":\"correct horse battery\"}",
                Optional.empty(),
                traceparent);
        String token = JSON.readTree(registered.body()).get("access_token").asText();
        HttpResponse<String> character = post(
                "/v1/characters", "{\"name\":\"" + name + "\",\"class\":\"mage\"}", Optional.of(token), traceparent);
        assertThat(character.body(), character.statusCode(), is(201));
        return new Joiner(token, JSON.readTree(character.body()).get("id").asText());
    }

    /** The join path's spans: the token check and the join continue the caller's span, load and enter are the join's. */
    private static void expectJoinSpans(String trace, String callerSpan) throws InterruptedException {
        SpanData authenticate = await(span ->
                span.getName().equals("world.authenticate") && span.getTraceId().equals(trace));
        assertThat(authenticate.getKind(), is(SpanKind.SERVER));
        assertThat(authenticate.getParentSpanId(), is(callerSpan));
        SpanData join = await(
                span -> span.getName().equals("world.join") && span.getTraceId().equals(trace));
        assertThat(join.getParentSpanId(), is(callerSpan));
        SpanData load = await(childOf(join, "world.character_load"));
        SpanData read = await(span -> span.getTraceId().equals(trace)
                && span.getParentSpanId().equals(load.getSpanId())
                && span.getName().startsWith("Characters."));
        assertThat(read.getAttributes().get(AttributeKey.stringKey("db.system.name")), is("postgresql"));
        SpanData enter = await(childOf(join, "world.zone_enter"));
        assertThat(
                "the zone took the player in before the join ended",
                enter.getEndEpochNanos() <= join.getEndEpochNanos(),
                is(true));
    }

    @Test
    void aRequestWithoutTraceparentStartsItsOwnTrace() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(server.uri("/healthz")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode(), is(200));
        SpanData health = await(span -> span.getName().equals("GET /healthz"));
        assertThat(health.getParentSpanContext().isValid(), is(false));
        assertThat(health.getTraceId(), not(is(TRACE_ID)));
        List<String> children = SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getParentSpanId().equals(health.getSpanId()))
                .map(SpanData::getName)
                .toList();
        assertThat("/healthz touches no port", children, is(empty()));
    }

    private static Predicate<SpanData> childOf(SpanData parent, String name) {
        return span -> span.getName().equals(name)
                && span.getTraceId().equals(parent.getTraceId())
                && span.getParentSpanId().equals(parent.getSpanId());
    }

    /** Server spans end just after the response is written, producer spans on the publisher's thread: poll. */
    private static SpanData await(Predicate<SpanData> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SpanData> found =
                    SPANS.getFinishedSpanItems().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such span within 10 s; finished: "
                + SPANS.getFinishedSpanItems().stream()
                        .map(s -> s.getName() + " " + s.getSpanId() + "<-" + s.getParentSpanId())
                        .toList());
    }

    private static HttpResponse<String> post(String path, String json, Optional<String> token, String traceparent)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
