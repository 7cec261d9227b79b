package org.ipv8router.daemon.gwpair;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.ipv8router.control.ControlClient;
import org.ipv8router.control.ControlProtocol;
import org.ipv8router.daemon.DaemonOptions;
import org.ipv8router.daemon.RouterDaemon;
import org.ipv8router.daemon.forward.ForwardingModule;
import org.ipv8router.daemon.forward.PortFactoryRegistry;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingSegment;
import org.ipv8router.log.Log;
import org.ipv8router.log.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two daemons in one JVM, even (.254) and odd (.253), whose ring ports share a {@link RingSegment} with a host
 * station: hellos on the real module path (punt ring in, control transmit queue out), {@code show gateway-pair}
 * text and JSON, takeover when the even daemon stops (clean stop: its resign hello makes the odd daemon take over
 * at once), structured log lines. Timers are shortened by config
 * (hello 100 ms, dead 400 ms) to keep the test quick.
 */
class GatewayPairModuleTest
{
    private static final long FE = 0x0208_0000_00FEL;
    private static final long HOST_MAC = 0x0200_0000_0A0AL;

    @TempDir
    Path dir;

    private final RingSegment segment = new RingSegment();
    private final List<Daemon> daemons = new ArrayList<>();

    /** One daemon, its log and control client. */
    private final class Daemon
    {
        final ByteArrayOutputStream logged = new ByteArrayOutputStream();
        final RouterDaemon daemon;
        final ForwardingModule forwarding;
        final Thread main;
        final ControlClient client;

        Daemon(final String name, final boolean even) throws Exception
        {
            final String config = """
                ipv8 routing
                ipv8 asn 64496
                ipv8 gateway-pair hello-interval 100
                ipv8 gateway-pair dead-interval 400
                interface seg
                 port ring
                 mac MAC
                 ipv8 address 64496.192.0.2.OWN/24
                 ipv8 gateway-pair PARITY peer 64496.192.0.2.PEER
                """.replace("MAC", even ? "02:00:00:00:00:aa" : "02:00:00:00:00:bb")
                .replace("OWN", even ? "254" : "253").replace("PEER", even ? "253" : "254")
                .replace("PARITY", even ? "even" : "odd");
            final Path file = Files.writeString(dir.resolve(name + ".conf"), config);
            final Path socket = dir.resolve(name + ".sock");
            final DaemonOptions options = new DaemonOptions(file, name, socket, dir.resolve(name + ".counters"),
                DaemonOptions.defaultPidFile(socket), null, LogLevel.INFO);
            final Log log = new Log(LogLevel.INFO, System::currentTimeMillis,
                new PrintStream(logged, true, StandardCharsets.UTF_8));
            forwarding = new ForwardingModule(new PortFactoryRegistry(), Dir24_8.Layout.DIR_16_8_8);
            daemon = new RouterDaemon(options, log, List.of(forwarding, new GatewayPairModule(forwarding)));
            daemon.start();
            segment.attach(name, forwarding.ringHost("seg"));
            main = Thread.ofPlatform().name(name + "-main").start(daemon::run);
            client = new ControlClient(socket, Duration.ofSeconds(30));
            daemons.add(this);
        }

        JsonNode pair() throws Exception
        {
            final ControlProtocol.Response r = client.request("show gateway-pair", List.of(), true);
            assertTrue(r.ok(), r.error());
            return r.data().get("pairs").get(0);
        }

        String text() throws Exception
        {
            final ControlProtocol.Response r = client.request("show gateway-pair", List.of(), false);
            assertTrue(r.ok(), r.error());
            return r.text();
        }

        void stop() throws Exception
        {
            if (main.isAlive())
            {
                daemon.requestStop("test");
                main.join(30_000);
            }
        }
    }

    @AfterEach
    void close() throws Exception
    {
        for (final Daemon d : daemons)
        {
            d.stop();
        }
        segment.close();
    }

    private static void await(final String what, final BooleanSupplier condition) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean check(final Daemon d, final String field, final String value)
    {
        try
        {
            return d.pair().get(field).asText().equals(value);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] arp8Request(final long target)
    {
        final ByteBuffer f = ByteBuffer.allocate(60);
        for (int i = 0; i < 6; i++)
        {
            f.put(i, (byte)0xFF);
            f.put(6 + i, (byte)(HOST_MAC >>> (40 - 8 * i)));
            f.put(22 + i, (byte)(HOST_MAC >>> (40 - 8 * i)));
        }
        f.putShort(12, (short)0x0806);
        f.putShort(14, (short)1).putShort(16, (short)0x8080).put(18, (byte)6).put(19, (byte)8).putShort(20, (short)1);
        f.putLong(28, 0x0000_FBF0_C000_020AL);
        f.putLong(42, target);
        return f.array();
    }

    /** Sends an ARP8 request for .254 from the host and returns the sender MACs of the replies seen in 300 ms. */
    private static List<Long> whoHas254(final RingHost host) throws Exception
    {
        host.drainAll();
        host.inject(arp8Request(0x0000_FBF0_C000_02FEL));
        Thread.sleep(300);
        final List<Long> macs = new ArrayList<>();
        for (final byte[] f : host.drainAll())
        {
            if ((f[12] & 0xFF) == 0x08 && f[13] == 0x06 && f[21] == 2 && f[0] == 0x02 && f[5] == 0x0A)
            {
                long m = 0;
                for (int i = 0; i < 6; i++)
                {
                    m = (m << 8) | (f[22 + i] & 0xFF);
                }
                macs.add(m);
            }
        }
        return macs;
    }

    @Test
    void pairComesUpAndTheSurvivorTakesOver() throws Exception
    {
        final Daemon even = new Daemon("even", true);
        final Daemon odd = new Daemon("odd", false);
        final RingHost host = segment.station("host");
        segment.start();

        await("both see their peer", () -> check(even, "peer_state", "up") && check(odd, "peer_state", "up"));
        final JsonNode e = even.pair();
        assertEquals("active", e.get("state").asText());
        assertEquals("even", e.get("parity").asText());
        assertEquals("64496.192.0.2.254", e.get("own_vip").asText());
        assertEquals("02:08:00:00:00:fe", e.get("own_mac").asText());
        assertEquals("64496.192.0.2.253", e.get("peer_vip").asText());
        assertEquals(0, e.get("hellos_bad").asLong());
        assertTrue(e.get("hellos_sent").asLong() >= 1);
        final String text = odd.text();
        assertTrue(text.contains("interface seg  odd  vlan 0  state active"), text);
        assertTrue(text.contains("timers: hello 100 ms, dead 400 ms, preempt-delay 0 ms, udp-port 8254, " +
            "hello-destination unicast"), text);
        assertEquals("02:08:00:00:00:fd", e.get("hello_mac").asText(), "hellos go to where odd was heard from");
        assertTrue(text.contains("hellos    to 02:08:00:00:00:fe sent "), text);
        assertEquals(List.of(FE), whoHas254(host), "only the even daemon answers .254");

        even.stop();
        await("the odd daemon takes .254 over", () -> check(odd, "state", "takeover"));
        final JsonNode o = odd.pair();
        assertEquals(1, o.get("takeovers").asLong());
        assertEquals("down", o.get("peer_state").asText());
        assertEquals(List.of(FE), whoHas254(host), "the odd daemon answers .254 with the even VIP's MAC");
        final String log = odd.logged.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("takeover") && log.contains("64496.192.0.2.254 on 02:08:00:00:00:fe"), log);
        assertTrue(log.contains("peer-down") && log.contains("peer resigned (clean stop)"), log);
        assertTrue(even.logged.toString(StandardCharsets.UTF_8).contains("gateway-pair resigned hellos=1"),
            even.logged.toString(StandardCharsets.UTF_8));
    }
}
