package org.ipv8router.testbed.whois8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.ipv8router.whois8.CanonicalJson;
import org.ipv8router.whois8.DetachedJws;
import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.RecordVerifier;
import org.ipv8router.whois8.TrustAnchors;
import org.ipv8router.whois8.Whois8Client;
import org.ipv8router.whois8.Whois8Record;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reference WHOIS8 registry (local profile of bgp8-whois8.md §6.4), loopback only, for tests, the lab and
 * benchmarks. Serves a {@link RegistryStore} over HTTP and/or HTTPS:
 * <ul>
 * <li>{@code GET /whois8/v1/rn/{asn}}: the record signed with the registry's Ed25519 key (detached JWS over the
 *     RFC 8785 canonical record), {@code application/rdap+json}; 404 with an RDAP error object when not
 *     registered;</li>
 * <li>{@code GET /whois8/v1/snapshot}: every record, unsigned individually, the body signed as a whole (RFC 7797
 *     detached JWS in the {@value Whois8Client#SIGNATURE_HEADER} header);</li>
 * <li>{@code GET /whois8/v1/delta?since=N}: records changed and RNs removed after serial N, signed the same way;
 *     410 when the change log no longer reaches N, 400 when N is ahead.</li>
 * </ul>
 * Revocations and serial bumps go through {@link #store()}; {@link #setFault(Fault)} makes the server misbehave.
 */
public final class Whois8RegistryServer implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(Whois8RegistryServer.class.getName());
    private static final String PREFIX = "/whois8/v1/";

    private final RegistryStore store;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String kid;
    private final PrivateKey wrongKey = Ed25519Keys.generate().getPrivate();
    private final Options options;
    private final HttpServer http;
    private final HttpsServer https;
    private final ExecutorService executor;
    private final Map<Long, SignedRecord> signedCache = new ConcurrentHashMap<>();
    private volatile SignedBody snapshotCache;
    private volatile Fault fault = Fault.NONE;
    private volatile Duration slowDelay = Duration.ofSeconds(5);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Server settings. */
    public static final class Options
    {
        int httpPort = 0;
        int httpsPort = -1;
        SSLContext tls;
        int threads = 16;
        long maxAgeSeconds = -1;
        long negativeMaxAgeSeconds = -1;
        InetAddress bindAddress;

        /** Address to listen on (default loopback); e.g. the fabric's registry listens on its namespace's link. */
        public Options bindAddress(final InetAddress address)
        {
            this.bindAddress = address;
            return this;
        }

        /** Plain HTTP port; 0 picks a free one, -1 disables HTTP. */
        public Options httpPort(final int port)
        {
            this.httpPort = port;
            return this;
        }

        /** HTTPS port (0 picks a free one, -1 disables) with the server's TLS context. */
        public Options https(final int port, final SSLContext tls)
        {
            this.httpsPort = port;
            this.tls = tls;
            return this;
        }

        /** Handler threads. */
        public Options threads(final int threads)
        {
            this.threads = threads;
            return this;
        }

        /** {@code Cache-Control: max-age} on records and on 404 answers; -1 sends none. */
        public Options maxAge(final long positiveSeconds, final long negativeSeconds)
        {
            this.maxAgeSeconds = positiveSeconds;
            this.negativeMaxAgeSeconds = negativeSeconds;
            return this;
        }
    }

    private record SignedRecord(Whois8Record record, ObjectNode json)
    {
    }

    private record SignedBody(long serial, byte[] body, String jws)
    {
    }

    private Whois8RegistryServer(final RegistryStore store, final KeyPair keys, final String kid,
        final Options options) throws IOException
    {
        this.store = store;
        this.key = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.kid = kid;
        this.options = options;
        this.executor = Executors.newFixedThreadPool(options.threads, r ->
        {
            final Thread t = new Thread(r, "whois8-registry");
            t.setDaemon(true);
            return t;
        });
        final InetAddress loopback = options.bindAddress != null ? options.bindAddress : InetAddress.getLoopbackAddress();
        if (options.httpPort >= 0)
        {
            http = HttpServer.create(new InetSocketAddress(loopback, options.httpPort), 128);
            http.createContext("/", this::handle);
            http.setExecutor(executor);
        }
        else
        {
            http = null;
        }
        if (options.httpsPort >= 0)
        {
            if (options.tls == null)
            {
                throw new IllegalArgumentException("HTTPS port given without a TLS context");
            }
            https = HttpsServer.create(new InetSocketAddress(loopback, options.httpsPort), 128);
            https.setHttpsConfigurator(new HttpsConfigurator(options.tls));
            https.createContext("/", this::handle);
            https.setExecutor(executor);
        }
        else
        {
            https = null;
        }
        if (http == null && https == null)
        {
            throw new IllegalArgumentException("neither HTTP nor HTTPS enabled");
        }
    }

    /** Starts a server for {@code store}, signing with {@code keys} under key id {@code kid}. */
    public static Whois8RegistryServer start(final RegistryStore store, final KeyPair keys, final String kid,
        final Options options) throws IOException
    {
        final Whois8RegistryServer server = new Whois8RegistryServer(store, keys, kid, options);
        if (server.http != null)
        {
            server.http.start();
        }
        if (server.https != null)
        {
            server.https.start();
        }
        return server;
    }

    /** Port of the HTTP listener. */
    public int httpPort()
    {
        if (http == null)
        {
            throw new IllegalStateException("HTTP is disabled");
        }
        return http.getAddress().getPort();
    }

    /** Base URL of the HTTP listener, e.g. {@code http://127.0.0.1:40123}. */
    public URI httpUri()
    {
        if (http == null)
        {
            throw new IllegalStateException("HTTP is disabled");
        }
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Base URL of the HTTPS listener, using the name {@code localhost} (in the test certificate's SAN). */
    public URI httpsUri()
    {
        if (https == null)
        {
            throw new IllegalStateException("HTTPS is disabled");
        }
        return URI.create("https://localhost:" + https.getAddress().getPort());
    }

    public RegistryStore store()
    {
        return store;
    }

    public String kid()
    {
        return kid;
    }

    public PublicKey publicKey()
    {
        return publicKey;
    }

    /** Trust anchors a client needs to accept this registry's signatures. */
    public TrustAnchors trustAnchors()
    {
        return TrustAnchors.of(kid, publicKey);
    }

    public void setFault(final Fault fault)
    {
        this.fault = fault;
    }

    public void setSlowDelay(final Duration delay)
    {
        this.slowDelay = delay;
    }

    /** Requests received so far. */
    public long requestCount()
    {
        return requests.get();
    }

    /** Highest number of requests handled at the same time. */
    public int maxConcurrentRequests()
    {
        return maxInFlight.get();
    }

    /** Builds and signs the snapshot now (so a benchmark or test does not time the first build); returns its size. */
    public int prepareSnapshot()
    {
        return snapshotBody().body.length;
    }

    @Override
    public void close()
    {
        if (http != null)
        {
            http.stop(0);
        }
        if (https != null)
        {
            https.stop(0);
        }
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        requests.incrementAndGet();
        final int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange)
        {
            final Fault f = fault;
            switch (f)
            {
                case DROP_CONNECTION ->
                {
                    return;
                }
                case UNAVAILABLE_503 ->
                {
                    sendError(exchange, 503, "registry unavailable (fault injection)");
                    return;
                }
                case GARBAGE ->
                {
                    send(exchange, 200, "text/html", "<html>502 upstream garbage {{{".getBytes(StandardCharsets.UTF_8),
                        null, -1);
                    return;
                }
                case SLOW -> sleep(slowDelay);
                default ->
                {
                }
            }
            if (!"GET".equals(exchange.getRequestMethod()))
            {
                sendError(exchange, 405, "only GET is supported");
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            if (path.startsWith(PREFIX + "rn/"))
            {
                serveRecord(exchange, path.substring((PREFIX + "rn/").length()), f);
            }
            else if (path.equals(PREFIX + "snapshot"))
            {
                final SignedBody body = snapshotBody();
                serveBulk(exchange, body.body, body.jws, f);
            }
            else if (path.equals(PREFIX + "delta"))
            {
                serveDelta(exchange, exchange.getRequestURI().getQuery(), f);
            }
            else
            {
                sendError(exchange, 404, "no such WHOIS8 resource: " + path);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.log(Level.ERROR, "registry request failed", ex);
            sendError(exchange, 500, "internal error: " + ex.getMessage());
        }
        finally
        {
            inFlight.decrementAndGet();
        }
    }

    private void serveRecord(final HttpExchange exchange, final String asnText, final Fault f) throws IOException
    {
        final long rn;
        try
        {
            rn = Long.parseLong(asnText);
        }
        catch (final NumberFormatException ex)
        {
            sendError(exchange, 400, "'" + asnText + "' is not a decimal ASN");
            return;
        }
        final Whois8Record record = store.get(rn);
        if (record == null)
        {
            final ObjectNode err = CanonicalJson.STRICT_MAPPER.createObjectNode();
            err.put("errorCode", 404);
            err.put("title", "RN not registered");
            err.putArray("description").add("AS" + rn + " has no WHOIS8 record");
            send(exchange, 404, Whois8Client.MEDIA_TYPE, err.toString().getBytes(StandardCharsets.UTF_8), null,
                options.negativeMaxAgeSeconds);
            return;
        }
        ObjectNode json;
        if (f == Fault.WRONG_KEY)
        {
            json = RecordVerifier.sign(record.toUnsignedJson(), wrongKey, kid);
        }
        else
        {
            final SignedRecord cached = signedCache.get(rn);
            if (cached != null && cached.record == record)
            {
                json = cached.json;
            }
            else
            {
                json = RecordVerifier.sign(record.toUnsignedJson(), key, kid);
                signedCache.put(rn, new SignedRecord(record, json));
            }
        }
        if (f == Fault.TAMPER)
        {
            json = json.deepCopy();
            json.put("holder", json.path("holder").asText("") + " (tampered)");
        }
        send(exchange, 200, Whois8Client.MEDIA_TYPE, CanonicalJson.STRICT_MAPPER.writeValueAsBytes(json), null,
            options.maxAgeSeconds);
    }

    private void serveDelta(final HttpExchange exchange, final String query, final Fault f) throws IOException
    {
        final long since;
        try
        {
            if (query == null || !query.startsWith("since="))
            {
                throw new NumberFormatException("missing since=");
            }
            since = Long.parseLong(query.substring("since=".length()));
        }
        catch (final NumberFormatException ex)
        {
            sendError(exchange, 400, "delta needs ?since=<serial>: " + ex.getMessage());
            return;
        }
        final RegistryStore.Delta delta;
        try
        {
            delta = store.deltaSince(since);
        }
        catch (final IllegalArgumentException ex)
        {
            sendError(exchange, 400, ex.getMessage());
            return;
        }
        if (delta == null)
        {
            sendError(exchange, 410, "change log no longer reaches serial " + since + "; fetch the snapshot");
            return;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = CanonicalJson.STRICT_MAPPER.createGenerator(out))
        {
            g.writeStartObject();
            g.writeStringField("objectClassName", "whois8-delta");
            g.writeNumberField("fromSerial", delta.fromSerial());
            g.writeNumberField("serial", delta.serial());
            g.writeArrayFieldStart("records");
            for (final Whois8Record r : delta.records())
            {
                CanonicalJson.STRICT_MAPPER.writeTree(g, r.toUnsignedJson());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("removed");
            for (final long rn : delta.removed())
            {
                g.writeNumber(rn);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        final byte[] body = out.toByteArray();
        serveBulk(exchange, body, DetachedJws.sign(body, key, kid, true), f);
    }

    private void serveBulk(final HttpExchange exchange, final byte[] body, final String jws, final Fault f)
        throws IOException
    {
        byte[] b = body;
        String signature = jws;
        if (f == Fault.WRONG_KEY)
        {
            signature = DetachedJws.sign(body, wrongKey, kid, true);
        }
        else if (f == Fault.TAMPER)
        {
            b = tamperBody(body);
        }
        send(exchange, 200, Whois8Client.MEDIA_TYPE, b, signature, -1);
    }

    private static byte[] tamperBody(final byte[] body)
    {
        final String s = new String(body, StandardCharsets.UTF_8);
        final int i = s.indexOf("\"holder\":\"");
        final String t = i >= 0 ? s.substring(0, i + 10) + "X" + s.substring(i + 10) : s + " ";
        return t.getBytes(StandardCharsets.UTF_8);
    }

    private SignedBody snapshotBody()
    {
        final SignedBody cached = snapshotCache;
        final long serial = store.serial();
        if (cached != null && cached.serial == serial)
        {
            return cached;
        }
        synchronized (this)
        {
            final SignedBody again = snapshotCache;
            if (again != null && again.serial == store.serial())
            {
                return again;
            }
            final RegistryStore.Snapshot snap = store.snapshot();
            final ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(4096, snap.records().size() * 400));
            try (JsonGenerator g = CanonicalJson.STRICT_MAPPER.createGenerator(out))
            {
                g.writeStartObject();
                g.writeArrayFieldStart("rdapConformance");
                g.writeString("rdap_level_0");
                g.writeString("whois8_level_0");
                g.writeEndArray();
                g.writeStringField("objectClassName", "whois8-snapshot");
                g.writeNumberField("serial", snap.serial());
                g.writeArrayFieldStart("records");
                for (final Whois8Record r : snap.records())
                {
                    CanonicalJson.STRICT_MAPPER.writeTree(g, r.toUnsignedJson());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            final byte[] body = out.toByteArray();
            final SignedBody signed = new SignedBody(snap.serial(), body, DetachedJws.sign(body, key, kid, true));
            snapshotCache = signed;
            return signed;
        }
    }

    private static void sendError(final HttpExchange exchange, final int code, final String title) throws IOException
    {
        final ObjectNode err = CanonicalJson.STRICT_MAPPER.createObjectNode();
        err.put("errorCode", code);
        err.put("title", title);
        send(exchange, code, Whois8Client.MEDIA_TYPE, err.toString().getBytes(StandardCharsets.UTF_8), null, -1);
    }

    private static void send(final HttpExchange exchange, final int code, final String type, final byte[] body,
        final String signature, final long maxAgeSeconds) throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (signature != null)
        {
            exchange.getResponseHeaders().set(Whois8Client.SIGNATURE_HEADER, signature);
        }
        if (maxAgeSeconds >= 0)
        {
            exchange.getResponseHeaders().set("Cache-Control", "max-age=" + maxAgeSeconds);
        }
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream os = exchange.getResponseBody())
        {
            os.write(body);
        }
    }

    private static void sleep(final Duration d)
    {
        try
        {
            Thread.sleep(d.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
