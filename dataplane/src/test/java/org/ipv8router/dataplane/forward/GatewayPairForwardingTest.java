package org.ipv8router.dataplane.forward;

import java.util.List;

import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data-plane side of the .254/.253 pair: ARP/ARP8 answers with virtual MACs, accepted MACs, local delivery. */
class GatewayPairForwardingTest
{
    private static final int R = 64496;
    private static final long EVEN = Ipv8Address.of(R, 0xC000_02FE);   // 64496.192.0.2.254
    private static final long ODD = Ipv8Address.of(R, 0xC000_02FD);    // 64496.192.0.2.253
    private static final long HOST = Ipv8Address.of(R, 0xC000_020A);   // 64496.192.0.2.10
    private static final long HOST_MAC = 0x0200_0000_0A0AL;
    private static final long FE = 0x0208_0000_0AFEL;                  // VLAN 10
    private static final long FD = 0x0208_0000_0AFDL;

    private TestRouter t;

    private TestRouter router(final boolean even)
    {
        final RouterSpec.Builder b = RouterSpec.builder().localAsn(R)
            .addInterface("seg", 0, RouterSpec.Role.INTERNAL, even ? EVEN : ODD, 56)
            .addInterface("up", 1, RouterSpec.Role.INTERNAL, Ipv8Address.of(R, 0xC633_6401), 56)
            .gatewayPair(new RouterSpec.GatewayPair("seg", even, even ? EVEN : ODD, even ? ODD : EVEN, 10));
        t = new TestRouter(b, 2, false);
        return t;
    }

    @AfterEach
    void close()
    {
        if (t != null)
        {
            t.close();
        }
    }

    @Test
    void virtualMacEncodesVlanAndParity()
    {
        assertEquals(FE, GatewayPairTable.virtualMac(10, true));
        assertEquals(FD, GatewayPairTable.virtualMac(10, false));
        assertEquals(0x0208_000F_FFFEL, GatewayPairTable.virtualMac(4095, true));
        assertEquals(0x0208_0000_00FDL, GatewayPairTable.virtualMac(0, false));
    }

    @Test
    void ownVipIsAnsweredWithItsVirtualMacOnlyWhileActive()
    {
        final TestRouter t = router(true);
        final byte[] request = Pkt.ether(-1L >>> 16, HOST_MAC, 0x0806, Pkt.arp8(1, HOST_MAC, HOST, 0, EVEN));
        t.inject(0, request);
        t.run();
        assertTrue(t.sent(0).isEmpty(), "own VIP not active yet: no answer");
        assertEquals(1, t.drops(DropReason.ARP_NOT_FOR_US));

        t.router.gatewayPairs().ownActive(0, true);
        t.inject(0, request);
        t.run();
        final List<byte[]> out = t.sent(0);
        assertEquals(1, out.size());
        final byte[] reply = out.get(0);
        assertEquals(HOST_MAC, Pkt.mac(reply, 0));
        assertEquals(FE, Pkt.mac(reply, 6), "Ethernet source is the virtual MAC");
        assertEquals(2, Pkt.u16(reply, 14 + 6));
        assertEquals(FE, Pkt.mac(reply, 14 + 8), "ARP8 sender hardware address is the virtual MAC");
        assertEquals(EVEN, Pkt.u64(reply, 14 + 14));

        // ARP4 for the n.n.n.n of the VIP, from an IPv4-only host
        t.inject(0, Pkt.ether(-1L >>> 16, HOST_MAC, 0x0806, Pkt.arp4(1, HOST_MAC, 0xC000_020A, 0, 0xC000_02FE)));
        t.run();
        final byte[] reply4 = t.sent(0).get(0);
        assertEquals(FE, Pkt.mac(reply4, 6));
        assertEquals(FE, Pkt.mac(reply4, 14 + 8));
    }

    @Test
    void peerVipIsAnsweredAcceptedAndLocalOnlyWhileHeld()
    {
        final TestRouter t = router(true);
        final GatewayPairTable pairs = t.router.gatewayPairs();
        pairs.ownActive(0, true);
        assertTrue(pairs.activeOn(0));
        assertTrue(!pairs.activeOn(1));

        t.inject(0, Pkt.ether(-1L >>> 16, HOST_MAC, 0x0806, Pkt.arp8(1, HOST_MAC, HOST, 0, ODD)));
        final byte[] toPeerVip = Pkt.ether(FD, HOST_MAC, 0x8080, Pkt.ipv8(HOST, ODD, 64, 17, 0, new byte[8]));
        t.inject(0, toPeerVip);
        t.run();
        assertTrue(t.sent(0).isEmpty());
        assertEquals(1, t.drops(DropReason.ARP_NOT_FOR_US));
        assertEquals(1, t.drops(DropReason.L2_NOT_FOR_US), "frames to the peer's virtual MAC are not ours");

        pairs.peerHeld(0, true);
        final long puntedBefore = t.router.punt().size();
        t.inject(0, Pkt.ether(-1L >>> 16, HOST_MAC, 0x0806, Pkt.arp8(1, HOST_MAC, HOST, 0, ODD)));
        t.inject(0, toPeerVip);
        t.run();
        final List<byte[]> out = t.sent(0);
        assertEquals(1, out.size());
        assertEquals(FD, Pkt.mac(out.get(0), 6));
        assertEquals(FD, Pkt.mac(out.get(0), 14 + 8));
        assertEquals(ODD, Pkt.u64(out.get(0), 14 + 14));
        assertTrue(t.router.punt().size() > puntedBefore, "a packet for the held VIP is delivered locally");
        assertEquals(1, t.drops(DropReason.L2_NOT_FOR_US));

        pairs.peerHeld(0, false);
        t.inject(0, toPeerVip);
        t.run();
        assertEquals(2, t.drops(DropReason.L2_NOT_FOR_US), "after give-back the peer's MAC is not ours again");
    }

    @Test
    void framesToTheOwnVirtualMacAreForwarded()
    {
        final TestRouter t = router(true);
        t.router.gatewayPairs().ownActive(0, true);
        final long dst = Ipv8Address.of(R, 0xC633_6409); // on "up"
        t.router.neighbors(1).addStatic(dst, 0x0200_0000_0909L, org.ipv8router.dataplane.neighbor.NeighborCapability.IPV8);
        t.inject(0, Pkt.ether(FE, HOST_MAC, 0x8080, Pkt.ipv8(HOST, dst, 64, 17, 0, new byte[8])));
        t.run();
        final List<byte[]> out = t.sent(1);
        assertEquals(1, out.size());
        assertEquals(0x0200_0000_0909L, Pkt.mac(out.get(0), 0));
    }

    @Test
    void theOwnVirtualMacTakesOnlyAllRoutersPacketsWhileNotActive()
    {
        // The peer's unicast hellos go to our virtual MAC before our VIP is active (profile 9.1): they must be
        // punted; anything else to that MAC is still not ours until the VIP is.
        final TestRouter t = router(true);
        final long dst = Ipv8Address.of(R, 0xC633_6409); // on "up"
        t.router.neighbors(1).addStatic(dst, 0x0200_0000_0909L, org.ipv8router.dataplane.neighbor.NeighborCapability.IPV8);
        final byte[] hello = Pkt.ether(FE, FD, 0x8080, Pkt.ipv8(ODD, GatewayPairTable.ALL_ROUTERS, 255, 17, 0,
            new byte[8]));
        t.router.punt().drain((port, buffer, offset, length) -> { }, 1024);
        t.inject(0, hello);
        t.inject(0, Pkt.ether(FE, HOST_MAC, 0x8080, Pkt.ipv8(HOST, dst, 64, 17, 0, new byte[8])));
        t.inject(0, Pkt.ether(FE, HOST_MAC, 0x8080, Pkt.ipv8(HOST, EVEN, 64, 17, 0, new byte[8])));
        t.inject(0, Pkt.ether(FD, HOST_MAC, 0x8080, Pkt.ipv8(ODD, GatewayPairTable.ALL_ROUTERS, 255, 17, 0,
            new byte[8])));
        t.run();
        final List<Long> punted = new java.util.ArrayList<>();
        t.router.punt().drain((port, buffer, offset, length) ->
            punted.add(buffer.getLong(offset + 14 + 20, java.nio.ByteOrder.BIG_ENDIAN)), 1024);
        assertEquals(List.of(GatewayPairTable.ALL_ROUTERS), punted, "only the hello to our virtual MAC is punted");
        assertTrue(t.sent(1).isEmpty(), "nothing to our inactive virtual MAC is forwarded");
        assertEquals(3, t.drops(DropReason.L2_NOT_FOR_US),
            "a forwarded packet, one for our VIP, and an all-routers packet to the peer's MAC are not ours");
    }

    @Test
    void ourArpRequestsFromTheVipCarryTheVirtualMac()
    {
        final TestRouter t = router(false);
        final long dst = Ipv8Address.of(R, 0xC000_0263);
        t.inject(1, Pkt.ether(MacAddress.local(1), 0x0200_0000_0101L, 0x8080,
            Pkt.ipv8(Ipv8Address.of(R, 0xC633_6409), dst, 64, 17, 0, new byte[8])));
        t.run();
        final List<byte[]> out = t.sent(0);
        assertTrue(!out.isEmpty());
        final byte[] request = out.get(0);
        assertEquals(0x0806, Pkt.etherType(request));
        assertEquals(FD, Pkt.mac(request, 14 + 8), "sender hardware address: the odd VIP's virtual MAC");
        assertEquals(ODD, Pkt.u64(request, 14 + 14));
    }

    @Test
    void controlTxSendsFramesAsTheyAre()
    {
        final TestRouter t = router(true);
        final byte[] frame = Pkt.ether(-1L >>> 16, FE, 0x0806, Pkt.arp8(1, FE, EVEN, 0, EVEN));
        assertTrue(t.router.controlTx().offer(0, new org.agrona.concurrent.UnsafeBuffer(frame), 0, frame.length));
        t.run();
        final List<byte[]> out = t.sent(0);
        assertEquals(1, out.size());
        assertEquals(60, out.get(0).length, "padded to the Ethernet minimum");
        assertEquals(Pkt.hex(frame), Pkt.hex(java.util.Arrays.copyOf(out.get(0), frame.length)));
        assertEquals(0, t.router.controlTx().dropped());
    }

    @Test
    void aPairMustSitAtBroadcastMinusOneAndTwo()
    {
        final RouterSpec.Builder b = RouterSpec.builder().localAsn(R)
            .addInterface("seg", 0, RouterSpec.Role.INTERNAL, Ipv8Address.of(R, 0xC000_0201), 56)
            .gatewayPair(new RouterSpec.GatewayPair("seg", true, Ipv8Address.of(R, 0xC000_0201), ODD, 0));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TestRouter(b, 1, false));
        assertTrue(e.getMessage().contains("the even member must be 64496.192.0.2.254"), e.getMessage());
        assertTrue(e.getMessage().contains("interface seg"), e.getMessage());

        final RouterSpec.Builder notMine = RouterSpec.builder().localAsn(R)
            .addInterface("seg", 0, RouterSpec.Role.INTERNAL, EVEN, 56)
            .gatewayPair(new RouterSpec.GatewayPair("seg", true, ODD, EVEN, 0));
        final IllegalArgumentException e2 =
            assertThrows(IllegalArgumentException.class, () -> new TestRouter(notMine, 1, false));
        assertTrue(e2.getMessage().contains("is not an address of the interface"), e2.getMessage());
    }
}
