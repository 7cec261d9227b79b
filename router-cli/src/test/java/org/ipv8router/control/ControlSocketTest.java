package org.ipv8router.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server and client in-process on a temporary socket path. */
class ControlSocketTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(LogLevel.DEBUG, System::currentTimeMillis,
        new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final ControlHandlers handlers = new ControlHandlers();
    private Path socket;
    private ControlServer server;

    @BeforeEach
    void start() throws ControlException
    {
        // A path below a directory that does not exist yet: the server creates it.
        socket = dir.resolve("run").resolve("test.sock");
        handlers.register("show echo", "echo the arguments", (args, json) ->
        {
            final ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.putArray("args").addAll(args.stream().map(JsonNodeFactory.instance::textNode).toList());
            data.put("json", json);
            return new ControlResult(json ? null : "echo " + String.join(" ", args) + "\n", data);
        });
        handlers.register("show", "catch-all show", (args, json) -> new ControlResult("show " + args + "\n", null));
        handlers.register("show fail", "always fails", (args, json) ->
        {
            throw new ControlException("no such prefix '" + String.join(" ", args) + "'");
        });
        handlers.register("show bug", "throws a bug", (args, json) ->
        {
            throw new IllegalStateException("boom");
        });
        handlers.registerUnavailable("show route", "routes", "the forwarding assembly is not wired in");
        server = ControlServer.start(socket, handlers, log);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    private ControlClient client()
    {
        return new ControlClient(socket, Duration.ofSeconds(5));
    }

    @Test
    void roundTripWithArgumentsTextAndJson() throws ControlException
    {
        final ControlProtocol.Response text = client().request("show", List.of("echo", "a b", "ü"), false);
        assertTrue(text.ok());
        assertEquals("echo a b ü\n", text.text());
        assertEquals("a b", text.data().get("args").get(0).asText());
        final ControlProtocol.Response json = client().request("show", List.of("echo"), true);
        assertTrue(json.ok());
        assertNull(json.text());
        assertTrue(json.data().get("json").asBoolean());
        // The longest registered prefix wins; shorter ones catch the rest.
        assertEquals("show [other, x]\n", client().request("show", List.of("other", "x"), false).text());
    }

    @Test
    void socketIsGroupReadWritableOnly() throws IOException
    {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void severalRequestsOnOneConnection() throws Exception
    {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(UnixDomainSocketAddress.of(socket)))
        {
            final String one = ControlProtocol.encodeRequest(new ControlProtocol.Request(1, "show", List.of("echo", "1"), false));
            final String two = ControlProtocol.encodeRequest(new ControlProtocol.Request(1, "show", List.of("echo", "2"), false));
            channel.write(java.nio.ByteBuffer.wrap((one + "\n\n" + two + "\n").getBytes(StandardCharsets.UTF_8)));
            final java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                java.nio.channels.Channels.newInputStream(channel), StandardCharsets.UTF_8));
            assertEquals("echo 1\n", ControlProtocol.decodeResponse(in.readLine()).text());
            assertEquals("echo 2\n", ControlProtocol.decodeResponse(in.readLine()).text(), "blank lines are skipped");
        }
    }

    @Test
    void handlerErrorsAndUnknownCommandsAreFailuresNotCrashes() throws ControlException
    {
        final ControlProtocol.Response fail = client().request("show", List.of("fail", "10.0.0.0/99"), false);
        assertFalse(fail.ok());
        assertEquals("no such prefix '10.0.0.0/99'", fail.error());

        final ControlProtocol.Response unknown = client().request("clear", List.of("everything"), false);
        assertFalse(unknown.ok());
        assertTrue(unknown.error().startsWith("unknown command 'clear everything'; the daemon knows: show, show bug, " +
            "show echo, show fail, show route"), unknown.error());

        final ControlProtocol.Response bug = client().request("show", List.of("bug"), false);
        assertFalse(bug.ok());
        assertTrue(bug.error().contains("failed inside the daemon") && bug.error().contains("boom"), bug.error());

        final ControlProtocol.Response unavailable = client().request("show", List.of("route", "x"), false);
        assertFalse(unavailable.ok());
        assertEquals("'show route' is not available in this build: the forwarding assembly is not wired in",
            unavailable.error());
        // The server still serves after all of that.
        assertTrue(client().request("show", List.of("echo"), false).ok());
    }

    @Test
    void badRequestsAreAnsweredWithTheReason() throws ControlException
    {
        assertEquals("bad request: not JSON", errorOf(client().exchange("hello\n")).substring(0, 21));
        assertEquals("bad request: expected a JSON object, found: [1,2]", errorOf(client().exchange("[1,2]\n")));
        assertEquals("bad request: missing \"command\" (a string)", errorOf(client().exchange("{\"args\":[]}\n")));
        assertEquals("bad request: \"args\" must be an array of strings, found 3",
            errorOf(client().exchange("{\"command\":\"show\",\"args\":[3]}\n")));
        assertTrue(errorOf(client().exchange("{\"v\":2,\"command\":\"show\"}\n"))
            .startsWith("control protocol version 2 is not supported: this daemon speaks version 1"));
        // No "v": version 1.
        assertTrue(ControlProtocol.decodeResponse(client().exchange("{\"command\":\"show\",\"args\":[\"echo\"]}\n")).ok());
    }

    private static String errorOf(final String responseLine) throws ControlException
    {
        final ControlProtocol.Response r = ControlProtocol.decodeResponse(responseLine);
        assertFalse(r.ok(), responseLine);
        return r.error();
    }

    @Test
    void secondServerOnTheSameSocketIsRefusedAndTheFirstKeepsServing() throws ControlException
    {
        final ControlException e = assertThrows(ControlException.class,
            () -> ControlServer.start(socket, new ControlHandlers(), log));
        assertTrue(e.getMessage().startsWith("another ipv8-router is already running on control socket " + socket),
            e.getMessage());
        assertTrue(Files.exists(socket));
        assertTrue(client().request("show", List.of("echo"), false).ok());
    }

    @Test
    void closeRemovesTheSocketAndTheClientThenSaysNoRouter()
    {
        server.close();
        assertFalse(Files.exists(socket));
        final ControlException e = assertThrows(ControlException.class,
            () -> client().request("show", List.of("version"), false));
        assertTrue(e.getMessage().startsWith("no router at " + socket + ": is ipv8-router running?"), e.getMessage());
    }

    @Test
    void staleSocketIsReplacedAndReportedByTheClient() throws Exception
    {
        server.close();
        final Path stale = dir.resolve("stale.sock");
        // A socket file nobody listens on any more, as a crashed router leaves it.
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            crashed.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        final ControlException e = assertThrows(ControlException.class,
            () -> new ControlClient(stale, Duration.ofSeconds(2)).request("show", List.of(), false));
        assertTrue(e.getMessage().startsWith("no router at " + stale + ": is ipv8-router running?"), e.getMessage());
        assertTrue(e.getMessage().contains("stale socket"), e.getMessage());

        server = ControlServer.start(stale, handlers, log);
        assertTrue(new ControlClient(stale, Duration.ofSeconds(5)).request("show", List.of("echo"), false).ok());
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("WARN  control stale-socket-removed socket=" + stale));
    }

    @Test
    void aPathThatIsNotASocketIsLeftAlone() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("precious.txt"), "data");
        final ControlException e = assertThrows(ControlException.class,
            () -> ControlServer.start(file, handlers, log));
        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        assertEquals("data", Files.readString(file));
    }

    @Test
    void clientTimesOutOnADaemonThatDoesNotAnswer() throws Exception
    {
        final Path mute = dir.resolve("mute.sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            listening.bind(UnixDomainSocketAddress.of(mute)); // accepts in the backlog, never answers
            final ControlException e = assertThrows(ControlException.class,
                () -> new ControlClient(mute, Duration.ofMillis(300)).request("show", List.of("version"), false));
            assertEquals("ipv8-router at " + mute + " did not answer within 300 ms", e.getMessage());
        }
    }

    @Test
    void protocolEncodingRoundTrips() throws ControlException
    {
        final ControlProtocol.Request request = new ControlProtocol.Request(1, "show", List.of("bgp", "summary"), true);
        assertEquals("{\"v\":1,\"command\":\"show\",\"args\":[\"bgp\",\"summary\"],\"json\":true}",
            ControlProtocol.encodeRequest(request));
        assertEquals(request, ControlProtocol.decodeRequest(ControlProtocol.encodeRequest(request)));
        final ControlProtocol.Response failure = ControlProtocol.Response.failure("nope");
        assertEquals("{\"v\":1,\"ok\":false,\"error\":\"nope\"}", ControlProtocol.encodeResponse(failure));
        assertEquals(failure, ControlProtocol.decodeResponse(ControlProtocol.encodeResponse(failure)));
        final ControlProtocol.Response success = ControlProtocol.Response.success(
            new ControlResult("t\n", JsonNodeFactory.instance.objectNode().put("k", 1)));
        assertEquals("{\"v\":1,\"ok\":true,\"text\":\"t\\n\",\"data\":{\"k\":1}}", ControlProtocol.encodeResponse(success));
        assertEquals(success, ControlProtocol.decodeResponse(ControlProtocol.encodeResponse(success)));
        assertThrows(ControlException.class, () -> ControlProtocol.decodeResponse("{\"v\":1}"));
    }
}
