package org.ipv8router.testbed.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The issue 8 scenarios on one shared two-ASN {@link Fabric} (root + DPDK only; skipped loudly elsewhere).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricScenariosTest
{
    private Fabric fabric;

    @BeforeAll
    void up() throws IOException
    {
        final String reason = Netns.unavailableReason();
        Assumptions.assumeTrue(reason == null, "SKIPPED: the two-ASN fabric cannot run here: " + reason);
        fabric = Fabric.start(Fabric.Options.defaults());
    }

    @AfterAll
    void down()
    {
        if (fabric != null)
        {
            fabric.close();
        }
    }

    @Test
    void ping8AndUdpAcrossTheTwoAsns() throws Exception
    {
        final Fabric.PingResult ping = Fabric.ping(fabric.host("h1"), Fabric.H2, 5, Duration.ofMillis(200),
            Duration.ofSeconds(2));
        System.err.println("ping8 h1 -> h2: " + ping.summary());
        assertEquals(5, ping.received(), ping.summary() + "\n" + fabric.router("r1").tail(30));
        final Fabric.UdpResult udp = Fabric.udpEcho(fabric.host("h2"), Fabric.H1, 5, Duration.ofSeconds(2));
        assertEquals(5, udp.echoed(), udp.summary());
        assertTrue(true);
    }
}
