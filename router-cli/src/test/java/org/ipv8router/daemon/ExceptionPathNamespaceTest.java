package org.ipv8router.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.cli.Json;
import org.ipv8router.cli.Main;
import org.ipv8router.dpdk.NetNamespaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4 end to end: {@code ipv8 router} as a process with {@code port dpdk net_af_packet} on a veth into a
 * namespace and {@code exception-path tap}; BIRD in the namespace connects to the daemon's {@code router bgp8}
 * listener at the router's own address (TCP through the wire, the exception path and the kernel TAP to the
 * speaker's socket, the kernel's answers back out of the DPDK port), the session comes up and BIRD's route lands
 * in the FIB ({@code show route}). Then issue 7: IPv4 {@code ping} and an IPv8 echo (raw EtherType 0x8080 from a
 * python3 host) from the namespace are answered by the router's data plane ({@code ip8-echo replied} counted).
 * The EAL runs with the config's {@code dpdk} block. Needs root, DPDK, /dev/net/tun and bird2; skips loudly without
 * them.
 */
class ExceptionPathNamespaceTest
{
    /**
     * An IPv8 host in the namespace (Debian's python3, raw AF_PACKET): sends COUNT ICMPv8 echo requests on
     * EtherType 0x8080 from SRC64 to DST64 and prints each matching reply; exit 0 when all were answered.
     * Args: IFACE SRC-MAC DST-MAC SRC64 DST64 COUNT.
     */
    private static final String PING8 = """
        import socket, struct, sys, time, select
        iface, smac, dmac = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])
        src, dst, count = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
        def csum(b):
            if len(b) % 2: b += b'\\0'
            s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
            while s >> 16: s = (s & 0xffff) + (s >> 16)
            return ~s & 0xffff
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x8080))
        s.bind((iface, 0x8080))
        got = set()
        for seq in range(1, count + 1):
            icmp = struct.pack('!BBHHH', 8, 0, 0, 0x5151, seq) + b'ipv8-echo-test!!'
            icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
            hdr = struct.pack('!BBHHHBBHQQ', 0x87, 0, 28 + len(icmp), seq, 0, 64, 1, 0, src, dst)
            hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
            s.send(dmac + smac + b'\\x80\\x80' + hdr + icmp)
            deadline = time.time() + 3
            while time.time() < deadline and seq not in got:
                r, _, _ = select.select([s], [], [], 0.2)
                if not r:
                    continue
                f = s.recv(2048)
                if len(f) < 50 or f[12:14] != b'\\x80\\x80' or f[14] != 0x87 or f[23] != 1:
                    continue
                rsrc, rdst = struct.unpack('!QQ', f[26:42])
                t, code, ck, ident, rseq = struct.unpack('!BBHHH', f[42:50])
                if t == 0 and ident == 0x5151 and rsrc == dst and rdst == src:
                    total = struct.unpack('!H', f[16:18])[0]
                    ok = csum(f[14:42]) == 0 and csum(f[42:14 + total]) == 0
                    print('reply seq=%d ttl=%d checksums=%s' % (rseq, f[22], 'ok' if ok else 'bad'), flush=True)
                    got.add(rseq)
        sys.exit(0 if len(got) == count else 1)
        """;

    @TempDir
    Path dir;

    private Process router;
    private Process bird;

    @AfterEach
    void kill() throws Exception
    {
        for (final Process p : new Process[] {bird, router})
        {
            if (p != null && p.isAlive())
            {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS))
                {
                    p.destroyForcibly();
                }
            }
        }
    }

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run cli(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String file(final String name)
    {
        try
        {
            final Path p = dir.resolve(name);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + name + ")";
        }
        catch (final IOException e)
        {
            return "(" + name + ": " + e + ")";
        }
    }

    private String diagnostics(final String socket)
    {
        return "\n--- router.log\n" + file("router.log") + "\n--- stderr\n" + file("stderr.txt") + "\n--- bird.log\n" +
            file("bird.log") + "\n--- show interfaces\n" + cli("show", "interfaces", "--control", socket).out() +
            "\n--- show bgp summary\n" + cli("show", "bgp", "summary", "--control", socket).out();
    }

    private JsonNode awaitJson(final String socket, final Predicate<JsonNode> done, final String what,
        final String... command) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--json", "--control", socket));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline)
        {
            final Run run = cli(args.toArray(new String[0]));
            if (run.exitCode() == 0)
            {
                last = Json.MAPPER.readTree(run.out());
                if (done.test(last))
                {
                    return last;
                }
            }
            if (!router.isAlive())
            {
                throw new AssertionError("router exited with " + router.exitValue() + diagnostics(socket));
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " within 60 s; last " + last + diagnostics(socket));
    }

    @Test
    void birdInTheNamespaceEstablishesBgpThroughTheTapAndItsRouteLandsInTheFib() throws Exception
    {
        try
        {
            org.ipv8router.dpdk.DpdkShim.load();
        }
        catch (final RuntimeException ex)
        {
            NetNamespaces.skip("DPDK shim not loadable: " + ex.getMessage());
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/bird")))
        {
            NetNamespaces.skip("bird is not installed: apt-get install -y bird2");
        }
        try (NetNamespaces nets = new NetNamespaces("d8"))
        {
            NetNamespaces.requireTun();
            final int subnet = (int)(ProcessHandle.current().pid() % 250) + 1;
            final String routerIp = "198.19." + subnet + ".1";
            final String peerIp = "198.19." + subnet + ".2";
            final int bgpPort = 11_000 + (int)(ProcessHandle.current().pid() % 5_000);
            final String ns = nets.namespace("n");
            final String outer = nets.name("o");
            nets.veth(ns, nets.name("i"), peerIp + "/24", outer);
            final String tap = nets.name("k");
            final String innerMac = NetNamespaces.run(true, "ip", "netns", "exec", ns, "cat",
                "/sys/class/net/" + nets.name("i") + "/address").trim();
            final String routerMac = Files.readString(Path.of("/sys/class/net", outer, "address")).trim();

            final Path config = Files.writeString(dir.resolve("r.conf"), """
                ipv8 routing
                ipv8 asn 64496
                interface p0
                 port dpdk net_af_packet%s,iface=%s
                 exception-path tap %s
                 ipv8 address %s/24
                 ipv8 address 64496.10.99.0.1/24
                 ipv8 neighbor 64496.10.99.0.2 %s ipv8
                router bgp8 64496
                 router-id %s
                 listen %s port %d
                 neighbor %s remote-as 65020 passive
                dpdk
                 file-prefix %s
                 pci off
                 log-level lib.eal:notice
                """.formatted(nets.tag(), outer, tap, routerIp, innerMac, routerIp, routerIp, bgpPort, peerIp,
                nets.tag()));
            final String socket = dir.resolve("r.sock").toString();
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            router = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "router", "--config", config.toString(), "--instance", nets.tag(), "--control", socket,
                "--counters", dir.resolve("counters.dat").toString(), "--log-file", dir.resolve("router.log").toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!file("router.log").contains("INFO  daemon started "))
            {
                if (!router.isAlive() || System.nanoTime() > deadline)
                {
                    throw new AssertionError("router did not start" + diagnostics(socket));
                }
                Thread.sleep(100);
            }
            assertTrue(file("stderr.txt").contains("--file-prefix=" + nets.tag()) &&
                file("stderr.txt").contains("--no-pci"), "the EAL ran with the dpdk block's options: " +
                file("stderr.txt"));
            final String kernelSide = NetNamespaces.run(true, "ip", "-4", "address", "show", "dev", tap);
            assertTrue(kernelSide.contains("inet " + routerIp + "/24"), "the TAP holds the router's address: " +
                kernelSide);

            Files.writeString(dir.resolve("bird.conf"), """
                router id %s;
                log "%s/bird.log" all;
                protocol device { }
                protocol static s4 {
                  ipv4;
                  route 10.77.0.0/16 blackhole;
                }
                protocol bgp peer1 {
                  local %s as 65020;
                  neighbor %s port %d as 64496;
                  hold time 9;
                  connect retry time 1;
                  error wait time 1, 2;
                  ipv4 { import all; export where proto = "s4"; };
                }
                """.formatted(peerIp, dir, peerIp, routerIp, bgpPort));
            bird = new ProcessBuilder("ip", "netns", "exec", ns, "bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bird.out").toFile()).start();

            final JsonNode summary = awaitJson(socket,
                j -> "Established".equals(j.get("neighbors").get(0).get("state").asText()),
                "BGP8 session with BIRD Established", "show", "bgp", "summary");
            assertEquals(peerIp, summary.get("neighbors").get(0).get("address").asText());
            final JsonNode route = awaitJson(socket, j -> "route".equals(j.get("result").asText()) &&
                "fib".equals(j.get("route").get("kind").asText()), "BIRD's 10.77.0.0/16 in the FIB",
                "show", "route", "10.77.1.2");
            assertEquals("10.77.0.0/16", route.get("route").get("prefix").asText(), route.toString());
            assertEquals(peerIp, route.get("route").get("next_hop").asText(), route.toString());
            assertEquals("p0", route.get("route").get("interface").asText(), route.toString());

            final JsonNode p0 = awaitJson(socket, j -> true, "show interfaces", "show", "interfaces", "p0")
                .get("interfaces").get(0);
            final JsonNode path = p0.get("exception_path");
            assertEquals(tap, path.get("kernel_interface").asText(), p0.toString());
            assertTrue(path.get("to_kernel").asLong() >= 4, "TCP handshake, OPEN, KEEPALIVE, UPDATE went to the " +
                "kernel: " + p0);
            assertTrue(path.get("from_kernel").asLong() >= 4, "the kernel's segments left through the wire: " + p0);
            assertTrue(path.get("arp_copied").asLong() >= 1, "BIRD's ARP for the router reached the kernel: " + p0);

            // Issue 7 end to end: the data plane answers pings to the router, IPv4 (the kernel's ping to the r = 0
            // address: ICMP echo is not punted to the TAP) and IPv8 (an IPv8 host on EtherType 0x8080).
            final String ping = NetNamespaces.run(false, "ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2",
                "-W", "2", routerIp);
            assertTrue(ping.contains("3 received"), "IPv4 ping to the router: " + ping + diagnostics(socket));
            final Process ping8 = new ProcessBuilder("ip", "netns", "exec", ns, "/usr/bin/python3", "-c", PING8,
                nets.name("i"), innerMac.replace(":", ""), routerMac.replace(":", ""),
                Long.toString(0x0000FBF0_0A630002L), Long.toString(0x0000FBF0_0A630001L), "3")
                .redirectErrorStream(true).start();
            final String ping8Out = new String(ping8.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ping8.waitFor(30, TimeUnit.SECONDS) && ping8.exitValue() == 0,
                "IPv8 echo to 64496.10.99.0.1 answered: " + ping8Out + diagnostics(socket));
            assertTrue(ping8Out.contains("reply seq=3 ttl=64 checksums=ok"), ping8Out);
            final String counters = cli("show", "counters", "--all", "--counters", dir.resolve("counters.dat").toString())
                .out();
            final Matcher replied = Pattern.compile("ip8-echo replied\\s+(\\d+)")
                .matcher(counters);
            assertTrue(replied.find() && Long.parseLong(replied.group(1)) >= 6, "6 echo replies counted: " + counters);

            router.destroy(); // SIGTERM: clean stop removes the TAP
            assertTrue(router.waitFor(60, TimeUnit.SECONDS), "router stopped" + diagnostics(socket));
            assertEquals(0, router.exitValue(), file("router.log"));
            assertTrue(!Files.exists(Path.of("/sys/class/net", tap)), "the TAP is gone after the stop");
        }
    }
}
