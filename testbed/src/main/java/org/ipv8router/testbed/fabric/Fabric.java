package org.ipv8router.testbed.fabric;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import java.net.InetAddress;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;

import org.ipv8router.testbed.host.Ipv8Datagram;
import org.ipv8router.testbed.host.link.NetworkNamespace;
import org.ipv8router.testbed.router.RouterDaemon;
import org.ipv8router.testbed.whois8.RegistryStore;
import org.ipv8router.testbed.whois8.Whois8RegistryServer;
import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.Whois8Record;
import org.ipv8router.testbed.host.Ipv8DatagramSocket;
import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8HostConfig;
import org.ipv8router.testbed.host.Ipv8SocketAddress;
import org.ipv8router.wire.Ipv8Address;

/**
 * The two-ASN fabric of issue 8 on one machine: network namespaces joined by veth pairs, two routers of this
 * project (the daemon on DPDK {@code net_af_packet}, one DPDK process each), IPv8 hosts on the Java host stack, an
 * IPv4-only Linux host, an IPv4-only Linux transit crossed with 8to4, and two 127.x zones.
 * <pre>
 *  AS 64496                                                                 AS 64497
 *  segment A (bridge in ns sa), 64496.10.1.0.0/24
 *   h1 (IPv8) 64496.10.1.0.1 --+
 *   v4 (Linux IPv4) 10.1.0.4 --+-- p0 [ r1 ] p1 ---- t1 [ t: Linux IPv4 ] t2 ---- p1 [ r2 ] p0 -- h2 (IPv8)
 *                                   .254   203.0.113.1  203.0.113.2  198.51.100.2   198.51.100.1  .254  64497.10.2.0.1
 *   z1 127.1.0.0.10.11.0.1 -- p2 [r1]   (zone 127.1.0.0, group 1)          8to4 (IPv4 protocol 253) r1 &lt;-&gt; r2
 *   z2 127.2.0.0.10.12.0.1 -- p3 [r1]   (zone 127.2.0.0, group 2)          zone-permit 1 2 (group 1 may send to 2)
 *                                                    t3 10.99.0.254
 *                                                     |
 *                                        wh: WHOIS8 registry 10.99.0.1 (records for AS 64496 and AS 64497)
 *
 *  gateway pair (AS 64496): r1 is the even member (.254), r3 the odd one (.253) on segments D and C
 *   hp 64496.10.4.0.3 (segment D, bridge sd, gateways .254/.253, prefers .253) --[r3 | r1]-- segment C (bridge sc)
 *   v4 e1 10.4.0.4 (the IPv4-only host's second leg, segment D)                           h3 64496.10.3.0.1
 * </pre>
 * The IPv4-only host also sits on the pair's segment D ({@value #V4_HOST_SEG_D} on e1, no route through it): the
 * pair's hellos are unicast to the peer (profile 9.1), so it must never receive them (they were multicast, flooded
 * to every port, before).
 * BGP8: r2 (passive r1) over the transit, each daemon's TCP through its exception-path TAP on p1 and the kernel's
 * default route via t. r2 originates {@value #B_PREFIX} with its 8TO4-ENDPOINT 198.51.100.1; r1 validates it
 * with WHOIS8 (delta poll every {@value #WHOIS8_POLL_SECONDS} s) and only then installs it; r1's static
 * {@code ipv8 route 64497.0.0.0.0/0 drop} makes a withdrawn (revoked) route stop traffic instead of falling back
 * to the static 8to4 Tier 1 route.
 * Names are {@code f8<id><role>} with a random id, so fabrics of several test classes (or a demo) can coexist.
 * {@link #close()} removes everything (routers stopped, hosts closed, namespaces deleted); a JVM shutdown hook
 * does the same for fabrics still open when the JVM exits (Ctrl-C in the demo, a killed test run), and
 * {@link #start} cleans up itself when any step fails.
 */
public final class Fabric implements AutoCloseable
{
    public static final long ASN_A = 64496;
    public static final long ASN_B = 64497;
    public static final String H1 = "64496.10.1.0.1";
    public static final String R1_SEG_A = "64496.10.1.0.254";
    public static final String V4_HOST = "10.1.0.4";
    /** The IPv4-only host's address on the gateway pair's segment D (interface e1). */
    public static final String V4_HOST_SEG_D = "10.4.0.4";
    public static final String H2 = "64497.10.2.0.1";
    public static final String R2_SEG_B = "64497.10.2.0.254";
    public static final String R1_TRANSIT = "203.0.113.1";
    public static final String T_R1_SIDE = "203.0.113.2";
    public static final String T_R2_SIDE = "198.51.100.2";
    public static final String R2_TRANSIT = "198.51.100.1";
    public static final String Z1 = "127.1.0.0.10.11.0.1";
    public static final String Z1_GATEWAY = "127.1.0.0.10.11.0.254";
    public static final String Z2 = "127.2.0.0.10.12.0.1";
    public static final String Z2_GATEWAY = "127.2.0.0.10.12.0.254";
    public static final String REGISTRY = "10.99.0.1";
    /** The gateway-pair probe host on segment D (odd: prefers the odd gateway .253, r3). */
    public static final String HP = "64496.10.4.0.3";
    /** The host on segment C, behind both members of the pair. */
    public static final String H3 = "64496.10.3.0.1";
    /** The prefix AS 64497 originates in BGP8 (with its 8TO4-ENDPOINT) and WHOIS8 registers. */
    public static final String B_PREFIX = "64497.10.2.0.0/16";
    /** WHOIS8 delta poll interval of both routers (seconds): the revocation scenario's bound. */
    public static final int WHOIS8_POLL_SECONDS = 1;
    /** UDP port the fabric's IPv8 hosts echo datagrams on. */
    public static final int ECHO_PORT = 7;

    private static final Set<Fabric> OPEN = ConcurrentHashMap.newKeySet();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            for (final Fabric fabric : OPEN)
            {
                fabric.log.println("[fabric " + fabric.id + "] JVM exiting: tearing the fabric down");
                fabric.close();
            }
        }, "fabric-teardown"));
    }

    /** How to build a fabric. */
    public record Options(String id, Path workDir, String classpath, PrintStream log, Duration routerStartTimeout)
    {
        /** Random id, a fresh directory under the system temp dir, this JVM's classpath, log to stderr. */
        public static Options defaults() throws IOException
        {
            final String id = Integer.toString(36 * 36 * 36 + ThreadLocalRandom.current().nextInt(35 * 36 * 36 * 36), 36);
            return new Options(id, Files.createTempDirectory("ipv8-fabric-" + id + "-"),
                System.getProperty("java.class.path"), System.err, Duration.ofSeconds(60));
        }

        public Options withId(final String newId)
        {
            return new Options(newId, workDir, classpath, log, routerStartTimeout);
        }

        public Options withLog(final PrintStream newLog)
        {
            return new Options(id, workDir, classpath, newLog, routerStartTimeout);
        }
    }

    private final String id;
    private final Path dir;
    private final PrintStream log;
    private final Options options;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, RouterDaemon> routers = new LinkedHashMap<>();
    private final Map<String, Ipv8Host> hosts = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean keepWorkDir = Boolean.getBoolean("ipv8.fabric.keep");
    private RegistryStore registryStore;
    private Whois8RegistryServer registry;

    private Fabric(final Options options)
    {
        this.options = options;
        this.id = options.id();
        this.dir = options.workDir();
        this.log = options.log();
    }

    /**
     * Builds and starts the whole fabric; returns when both routers are up and every host answered ARP8/ARP from
     * its gateway.
     *
     * @throws IOException naming the step that failed (with the router's log when a daemon did not start); what was
     *                     built is torn down before this throws.
     */
    public static Fabric start(final Options options) throws IOException
    {
        final String reason = Netns.unavailableReason();
        if (reason != null)
        {
            throw new IOException("cannot build the fabric: " + reason);
        }
        final Fabric fabric = new Fabric(options);
        OPEN.add(fabric);
        try
        {
            fabric.build();
            return fabric;
        }
        catch (final IOException | RuntimeException ex)
        {
            fabric.keepWorkDir(true);
            fabric.close();
            throw ex;
        }
    }

    /**
     * Keeps the work directory (configs, daemon logs) after {@link #close()}; by default it is removed unless the
     * fabric failed to start or {@code -Dipv8.fabric.keep=true} is set. Tests call this when a scenario failed.
     */
    public void keepWorkDir(final boolean keep)
    {
        keepWorkDir = keep;
    }

    /** True once {@link #close()} started (also from the shutdown hook on Ctrl-C). */
    public boolean isClosed()
    {
        return closed;
    }

    /** The id in every name of this fabric. */
    public String id()
    {
        return id;
    }

    /** Working directory: router configs, logs, counters files. */
    public Path workDir()
    {
        return dir;
    }

    /** The namespace of a role: r1, r2, t, sa, h1, v4, h2, z1, z2. */
    public String ns(final String role)
    {
        return "f8" + id + role;
    }

    public RouterDaemon router(final String name)
    {
        return routers.get(name);
    }

    public List<RouterDaemon> routers()
    {
        return List.copyOf(routers.values());
    }

    /** One line: how many namespaces, routers and IPv8 hosts this fabric has. */
    public String inventory()
    {
        return namespaces.size() + " namespaces, " + routers.size() + " router daemons (" + String.join(", ",
            routers.keySet()) + "; DPDK net_af_packet, one EAL each), " + hosts.size() + " IPv8 hosts on the Java " +
            "host stack (" + String.join(", ", hosts.keySet()) + "), 1 IPv4-only Linux host (v4), 1 Linux IPv4 " +
            "transit (t), 1 WHOIS8 registry (wh), 3 bridged segments (sa, sc, sd)";
    }

    /** An IPv8 host by role: h1, h2, z1, z2. */
    public Ipv8Host host(final String role)
    {
        return hosts.get(role);
    }

    private void step(final String what)
    {
        log.println("[fabric " + id + "] " + what);
    }

    private String ns(final String role, final boolean create) throws IOException
    {
        final String name = ns(role);
        if (create)
        {
            Netns.addNamespace(name);
            namespaces.add(name);
        }
        return name;
    }

    private void build() throws IOException
    {
        step("namespaces and links (work dir " + dir + ")");
        final String r1 = ns("r1", true);
        final String r2 = ns("r2", true);
        final String t = ns("t", true);
        final String sa = ns("sa", true);
        final String h1 = ns("h1", true);
        final String v4 = ns("v4", true);
        final String h2 = ns("h2", true);
        final String z1 = ns("z1", true);
        final String z2 = ns("z2", true);
        final String wh = ns("wh", true);
        final String r3 = ns("r3", true);
        final String sc = ns("sc", true);
        final String sd = ns("sd", true);
        final String hp = ns("hp", true);
        final String h3 = ns("h3", true);

        // Segment A: a Linux bridge joining r1 p0, h1 and the IPv4-only host.
        bridgeSegment(sa, new Leg("1", r1, "p0", "sr1"), new Leg("2", h1, "e0", "sh1"), new Leg("3", v4, "e0", "sv4"));
        // Segment D: the gateway pair's client side (r1 .254, r3 .253, the probe host hp).
        bridgeSegment(sd, new Leg("a", r3, "p0", "sr3"), new Leg("b", hp, "e0", "shp"), new Leg("f", r1, "p5", "sr1"),
            new Leg("g", v4, "e1", "sv4"));
        // Segment C: behind both members of the gateway pair.
        bridgeSegment(sc, new Leg("c", r1, "p4", "sr1"), new Leg("d", r3, "p1", "sr3"), new Leg("e", h3, "e0", "sh3"));
        // Transit: r1 p1 -- t1 [t] t2 -- r2 p1, plain Linux IPv4 forwarding.
        Netns.veth(id + "4", r1, "p1", t, "t1");
        Netns.veth(id + "5", t, "t2", r2, "p1");
        Netns.run("ip", "-n", t, "addr", "add", T_R1_SIDE + "/24", "dev", "t1");
        Netns.run("ip", "-n", t, "addr", "add", T_R2_SIDE + "/24", "dev", "t2");
        Netns.runIn(t, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        // The WHOIS8 registry hangs off the transit: the routers reach it in band, through their TAPs.
        Netns.veth(id + "9", t, "t3", wh, "e0");
        Netns.run("ip", "-n", t, "addr", "add", "10.99.0.254/24", "dev", "t3");
        Netns.run("ip", "-n", wh, "addr", "add", REGISTRY + "/24", "dev", "e0");
        Netns.run("ip", "-n", wh, "route", "add", "default", "via", "10.99.0.254");
        startRegistry(wh);
        // Segment B and the zones: point to point.
        Netns.veth(id + "6", r2, "p0", h2, "e0");
        Netns.veth(id + "7", r1, "p2", z1, "e0");
        Netns.veth(id + "8", r1, "p3", z2, "e0");
        // The IPv4-only host: the ordinary Linux stack, default route via r1.
        Netns.run("ip", "-n", v4, "addr", "add", V4_HOST + "/24", "dev", "e0");
        Netns.run("ip", "-n", v4, "route", "add", "default", "via", "10.1.0.254");
        Netns.run("ip", "-n", v4, "addr", "add", V4_HOST_SEG_D + "/24", "dev", "e1");

        step("routers r1 (AS " + ASN_A + "), r2 (AS " + ASN_B + ") and r3 (AS " + ASN_A + ", r1's gateway-pair peer) " +
            "on DPDK net_af_packet");
        final RouterDaemon router1 = startRouter("r1", r1, r1Config());
        final RouterDaemon router2 = startRouter("r2", r2, r2Config());
        startRouter("r3", r3, r3Config());
        // The daemons made their TAPs (ipv8-p1, with the interface's IPv4 address); their kernels route via t.
        Netns.run("ip", "-n", r1, "route", "add", "default", "via", T_R1_SIDE);
        Netns.run("ip", "-n", r2, "route", "add", "default", "via", T_R2_SIDE);
        // r2's first connect ran before that route existed; restart it now rather than wait for ConnectRetry.
        final var cleared = router2.request("clear", List.of("bgp", "*"));
        if (!cleared.ok())
        {
            throw new IOException("r2: clear bgp *: " + cleared.error());
        }
        step("BGP8 r2 -> r1 over the transit; r1 validates " + B_PREFIX + " with WHOIS8 before installing it");
        awaitRoute(router1, H2, B_PREFIX, true, Duration.ofSeconds(45));

        step("IPv8 hosts h1, h2, z1, z2, hp, h3 (Java host stack over AF_PACKET)");
        addHost("h1", Ipv8HostConfig.builder("e0").netns(h1).address(H1 + "/24").gateway(R1_SEG_A));
        addHost("h2", Ipv8HostConfig.builder("e0").netns(h2).address(H2 + "/24").gateway(R2_SEG_B));
        addHost("z1", Ipv8HostConfig.builder("e0").netns(z1).address(Z1 + "/56").gateway(Z1_GATEWAY));
        addHost("z2", Ipv8HostConfig.builder("e0").netns(z2).address(Z2 + "/56").gateway(Z2_GATEWAY));
        addHost("hp", Ipv8HostConfig.builder("e0").netns(hp).address(HP + "/24").gateway("64496.10.4.0.254")
            .gateway("64496.10.4.0.253"));
        addHost("h3", Ipv8HostConfig.builder("e0").netns(h3).address(H3 + "/24").gateway("64496.10.3.0.254")
            .gateway("64496.10.3.0.253"));
        for (final String role : List.of("h1", "h2"))
        {
            startUdpEcho(role);
        }
        step("fabric " + id + " is up");
    }

    /** A bridged segment member: veth id+{@code tag}, end {@code iface} in {@code ns}, bridge port {@code port}. */
    private record Leg(String tag, String ns, String iface, String port)
    {
    }

    /** A Linux bridge br0 in namespace {@code segment}, each leg a veth from its namespace enslaved to it. */
    private void bridgeSegment(final String segment, final Leg... legs) throws IOException
    {
        Netns.bridge(segment, "br0");
        for (final Leg leg : legs)
        {
            Netns.veth(id + leg.tag(), leg.ns(), leg.iface(), segment, leg.port());
        }
        for (final Leg leg : legs)
        {
            Netns.enslave(segment, leg.port(), "br0");
        }
    }

    /** Starts router {@code role} in namespace {@code ns}; registered before its start so close() stops it. */
    private RouterDaemon startRouter(final String role, final String ns, final String config) throws IOException
    {
        final RouterDaemon router = new RouterDaemon(role, ns, dir, options.classpath());
        routers.put(role, router);
        router.start(config, "f8" + id + role, options.routerStartTimeout());
        return router;
    }

    private static Whois8Record record(final long asn, final String prefix, final long serial)
    {
        final Instant now = Instant.now();
        return Whois8Record.builder(asn).holder("Fabric AS" + asn, "RIPE", "DE").authorizedOrigins(asn)
            .maxHostPrefixLength(16).routes(prefix).validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
            .serial(serial).build();
    }

    /** The record of AS 64497 as the registry first serves it (put it back to restore after a revocation). */
    public static Whois8Record as64497Record()
    {
        return record(ASN_B, B_PREFIX, 1);
    }

    private void startRegistry(final String wh) throws IOException
    {
        final KeyPair keys = Ed25519Keys.generate();
        registryStore = RegistryStore.of(List.of(record(ASN_A, "64496.10.1.0.0/16", 1), as64497Record()), 1);
        final InetAddress bind = InetAddress.getByName(REGISTRY);
        registry = NetworkNamespace.open(wh, () -> Whois8RegistryServer.start(registryStore, keys, "fabric-" + id,
            new Whois8RegistryServer.Options().bindAddress(bind).httpPort(0).threads(4)
                .maxAge(WHOIS8_POLL_SECONDS, WHOIS8_POLL_SECONDS)));
        closeables.add(registry);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("trust-anchors.txt"), "# kid raw-Ed25519-public-key (base64)\nfabric-" + id + " " +
            Base64.getEncoder().encodeToString(Ed25519Keys.rawPublic(keys.getPublic())) + "\n");
    }

    /** The WHOIS8 registry's store: revoke or put records while the fabric runs. */
    public RegistryStore registryStore()
    {
        return registryStore;
    }

    /** Base URL of the fabric's WHOIS8 registry (reachable from the routers' namespaces). */
    public String registryUri()
    {
        return "http://" + REGISTRY + ":" + registry.httpPort();
    }

    /**
     * Waits until {@code router}'s {@code show route ADDRESS} resolves through the route for {@code prefix} (as
     * {@code show route} prints it, e.g. {@value #B_PREFIX}) when {@code present}, or through any other route (or
     * none) when not; returns the milliseconds waited.
     */
    public static long awaitRoute(final RouterDaemon router, final String address, final String prefix,
        final boolean present, final Duration timeout) throws IOException
    {
        final long t0 = System.nanoTime();
        final long deadline = t0 + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline)
        {
            final var route = router.showJson("route", address).path("route");
            last = route.isMissingNode() || route.isNull() ? "miss" :
                route.path("prefix").asText() + " (" + route.path("kind").asText() + ")";
            if (last.startsWith(prefix + " ") == present)
            {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
        }
        throw new IOException("router " + router.name() + ": 'show route " + address + "' still " + last + " after " +
            timeout.toSeconds() + " s (wanted " + (present ? "" : "not ") + prefix + ")\n--- show bgp summary\n" +
            safeShow(router, "bgp", "summary") + "\n--- show bgp routes\n" + safeShow(router, "bgp", "routes") +
            "\n" + router.tail(30));
    }

    private static String safeShow(final RouterDaemon router, final String... args)
    {
        try
        {
            return router.show(args);
        }
        catch (final IOException ex)
        {
            return "(" + ex.getMessage() + ")";
        }
    }

    private void addHost(final String role, final Ipv8HostConfig.Builder builder) throws IOException
    {
        final Ipv8Host host = Ipv8Host.open(builder.announce(1, 100_000_000L).build());
        hosts.put(role, host);
        closeables.add(host);
    }

    private void startUdpEcho(final String role) throws IOException
    {
        final Ipv8DatagramSocket socket = hosts.get(role).openDatagramSocket();
        socket.bind(Ipv8SocketAddress.ANY.withPort(ECHO_PORT));
        final Thread thread = Thread.ofPlatform().daemon().name("udp-echo-" + role).start(() ->
        {
            while (!closed)
            {
                try
                {
                    final Ipv8Datagram datagram = socket.receive(Duration.ofMillis(200));
                    if (datagram != null)
                    {
                        socket.send(datagram.source(), datagram.data());
                    }
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                catch (final IOException ex)
                {
                    if (closed)
                    {
                        return;
                    }
                }
            }
        });
        closeables.add(0, () ->
        {
            socket.close();
            thread.interrupt();
        });
    }

    /** The configuration of r1 (AS 64496). */
    public String r1Config()
    {
        return """
            ! fabric %s: r1, AS 64496 (generated by org.ipv8router.testbed.fabric.Fabric)
            ipv8 routing
            ipv8 asn 64496
            ipv8 route 198.51.100.0/24 203.0.113.2
            ! AS 64497's prefixes come from BGP8 (WHOIS8-validated); without one, its traffic is dropped here
            ipv8 route 64497.0.0.0.0/0 drop
            ! r2 as an 8to4 endpoint (decapsulation accepts it; the Tier 1 route is the drop above)
            ipv8 8to4 peer 64497 198.51.100.1
            ipv8 zone-permit 1 2
            ipv8 gateway-pair hello-interval 200
            ipv8 gateway-pair dead-interval 1000
            interface p0
             port dpdk net_af_packet0,iface=p0
             ipv8 role internal
             ipv8 address 64496.10.1.0.254/24
            interface p1
             port dpdk net_af_packet1,iface=p1
             ipv8 role external
             ipv8 address 203.0.113.1/24
             exception-path tap
            interface p2
             port dpdk net_af_packet2,iface=p2
             ipv8 role internal
             ipv8 address 127.1.0.0.10.11.0.254/56
             ipv8 zone 127.1.0.0 group 1
            interface p3
             port dpdk net_af_packet3,iface=p3
             ipv8 role internal
             ipv8 address 127.2.0.0.10.12.0.254/56
             ipv8 zone 127.2.0.0 group 2
            interface p4
             port dpdk net_af_packet4,iface=p4
             ipv8 role internal
             ipv8 address 64496.10.3.0.254/24
             ipv8 gateway-pair even peer 64496.10.3.0.253
            interface p5
             port dpdk net_af_packet5,iface=p5
             ipv8 role internal
             ipv8 address 64496.10.4.0.254/24
             ipv8 gateway-pair even peer 64496.10.4.0.253
            router bgp8 64496
             router-id 203.0.113.1
             listen 203.0.113.1
             neighbor 198.51.100.1 remote-as 64497 passive
             network 64496.10.1.0.0/16 8to4-endpoint 203.0.113.1
            whois8
             registry %s
             trust-anchor %s
             poll %d
            """.formatted(id, registryUri(), dir.resolve("trust-anchors.txt"), WHOIS8_POLL_SECONDS);
    }

    /** The configuration of r2 (AS 64497). */
    public String r2Config()
    {
        return """
            ! fabric %s: r2, AS 64497 (generated by org.ipv8router.testbed.fabric.Fabric)
            ipv8 routing
            ipv8 asn 64497
            ipv8 route 203.0.113.0/24 198.51.100.2
            ipv8 8to4 peer 64496 203.0.113.1
            interface p0
             port dpdk net_af_packet0,iface=p0
             ipv8 role internal
             ipv8 address 64497.10.2.0.254/24
            interface p1
             port dpdk net_af_packet1,iface=p1
             ipv8 role external
             ipv8 address 198.51.100.1/24
             exception-path tap
            router bgp8 64497
             router-id 198.51.100.1
             neighbor 203.0.113.1 remote-as 64496
             network 64497.10.2.0.0/16 8to4-endpoint 198.51.100.1
            whois8
             registry %s
             trust-anchor %s
             poll %d
            """.formatted(id, registryUri(), dir.resolve("trust-anchors.txt"), WHOIS8_POLL_SECONDS);
    }

    /** The configuration of r3 (AS 64496): the odd member (.253) of the gateway pair on segments A and C. */
    public String r3Config()
    {
        return """
            ! fabric %s: r3, AS 64496, r1's gateway-pair peer (generated by org.ipv8router.testbed.fabric.Fabric)
            ipv8 routing
            ipv8 asn 64496
            ipv8 gateway-pair hello-interval 200
            ipv8 gateway-pair dead-interval 1000
            interface p0
             port dpdk net_af_packet0,iface=p0
             ipv8 role internal
             ipv8 address 64496.10.4.0.253/24
             ipv8 gateway-pair odd peer 64496.10.4.0.254
            interface p1
             port dpdk net_af_packet1,iface=p1
             ipv8 role internal
             ipv8 address 64496.10.3.0.253/24
             ipv8 gateway-pair odd peer 64496.10.3.0.254
            """.formatted(id);
    }

    /** Starts a capture on {@code iface} of namespace role {@code role}; closed with the fabric at the latest. */
    public LinkCapture capture(final String label, final String role, final String iface) throws IOException
    {
        final LinkCapture capture = LinkCapture.start(label, ns(role), iface);
        closeables.add(0, capture);
        return capture;
    }

    /** Result of {@link #ping}. */
    public record PingResult(int sent, int received, List<Double> rttMs, List<String> errors)
    {
        public double lossPercent()
        {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }

        public String summary()
        {
            final double avg = rttMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            return sent + " sent, " + received + " received, " + String.format("%.0f", lossPercent()) + "% loss" +
                (rttMs.isEmpty() ? "" : String.format(", rtt avg %.2f ms", avg)) +
                (errors.isEmpty() ? "" : ", errors " + errors.stream().distinct().toList());
        }
    }

    /** ICMPv8 echo from {@code host} to {@code destination}: {@code count} requests {@code interval} apart. */
    public static PingResult ping(final Ipv8Host host, final String destination, final int count, final Duration interval,
        final Duration lastWait) throws IOException, InterruptedException
    {
        final long dst = Ipv8Address.parse(destination);
        final List<Double> rtts = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final long[] sentAt = new long[count + 1];
        int received = 0;
        try (var socket = host.openPingSocket())
        {
            for (int seq = 1; seq <= count; seq++)
            {
                sentAt[seq] = System.nanoTime();
                socket.send(dst, seq, 64, new byte[56]);
                final long until = System.nanoTime() + (seq == count ? lastWait : interval).toNanos();
                while (true)
                {
                    final long left = until - System.nanoTime();
                    if (left <= 0)
                    {
                        break;
                    }
                    final Record record = socket.receive(Duration.ofNanos(left));
                    if (record instanceof org.ipv8router.testbed.host.EchoReply reply)
                    {
                        if (reply.sequence() >= 1 && reply.sequence() <= count)
                        {
                            received++;
                            rtts.add((reply.receivedAtNanos() - sentAt[reply.sequence()]) / 1e6);
                        }
                        if (received == count)
                        {
                            break;
                        }
                    }
                    else if (record instanceof org.ipv8router.testbed.host.IcmpError error)
                    {
                        errors.add(error.type() + "/" + error.code());
                    }
                }
            }
        }
        return new PingResult(count, received, rtts, errors);
    }

    /** Result of {@link #udpEcho}. */
    public record UdpResult(int sent, int echoed, int ipVersionOfEchoes)
    {
        public String summary()
        {
            return sent + " datagrams sent, " + echoed + " echoed" + (echoed > 0 ? " (IPv" + ipVersionOfEchoes + ")" : "");
        }
    }

    /**
     * Sends {@code count} UDP datagrams from {@code host} to the fabric's echo service ({@value #ECHO_PORT}) at
     * {@code destination} and counts the echoes whose payload matches.
     */
    public static UdpResult udpEcho(final Ipv8Host host, final String destination, final int count, final Duration wait)
        throws IOException, InterruptedException
    {
        final Ipv8SocketAddress to = Ipv8SocketAddress.of(Ipv8Address.parse(destination), ECHO_PORT);
        int echoed = 0;
        int version = 0;
        try (Ipv8DatagramSocket socket = host.openDatagramSocket())
        {
            socket.bind(Ipv8SocketAddress.ANY);
            for (int i = 0; i < count; i++)
            {
                socket.send(to, ("fabric udp " + i).getBytes());
                final long until = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < until)
                {
                    final Ipv8Datagram d = socket.receive(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
                    if (d != null && new String(d.data()).equals("fabric udp " + i))
                    {
                        echoed++;
                        version = d.ipVersion();
                        break;
                    }
                }
            }
        }
        return new UdpResult(count, echoed, version);
    }

    /** Tears everything down: captures, hosts, routers (SIGTERM), namespaces. Safe to call more than once. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        step("tearing down");
        for (final AutoCloseable c : closeables)
        {
            try
            {
                c.close();
            }
            catch (final Exception ex)
            {
                log.println("WARNING: fabric " + id + ": closing " + c + ": " + ex.getMessage());
            }
        }
        for (final RouterDaemon router : routers.values())
        {
            router.close();
        }
        for (final String name : namespaces.reversed())
        {
            Netns.deleteNamespace(name);
        }
        OPEN.remove(this);
        if (keepWorkDir)
        {
            step("torn down; configs and daemon logs kept in " + dir);
        }
        else
        {
            deleteTree(dir);
            step("torn down");
        }
    }

    private static void deleteTree(final Path root)
    {
        try (var paths = Files.walk(root))
        {
            for (final Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException ex)
        {
            System.err.println("WARNING: could not remove the fabric's work directory " + root + ": " + ex.getMessage());
        }
    }
}
