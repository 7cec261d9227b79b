package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.graph.ForwardingAgent;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;
import org.junit.jupiter.api.Test;

/**
 * Bad input through the DPDK path: every malformed kind the receive validation knows (and random garbage) goes
 * through a net_ring port into the graph; each is counted under its drop reason, only the valid frames come out,
 * and the dataplane keeps forwarding afterwards.
 */
class MalformedFramesTest
{
    private static final long PEER = 0x02_00_00_00_0C_0CL;
    private static final long PORT_MAC = 0x02_22_22_22_22_01L;
    /** The pipeline under test (with receive validation): swap in the IPv8 pipeline here. */
    private static final ForwardingPipelines.Factory PIPELINE =
        ForwardingPipelines.macRewrite(new int[]{1, -1}, new long[]{0, PORT_MAC}, new long[]{0, PEER}, true);

    private record Case(String what, byte[] frame, DropReason reason)
    {
    }

    private static byte[] ethernet(final int etherType, final int payload)
    {
        final byte[] frame = new byte[14 + payload];
        final byte[] header = {2, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0, 8, (byte)(etherType >> 8), (byte)etherType};
        System.arraycopy(header, 0, frame, 0, 14);
        return frame;
    }

    /** A valid IPv8 packet (ASN 65000 hosts) in an Ethernet frame, with an 8-octet payload. */
    private static byte[] ipv8(final int firstOctet, final int totalLength, final boolean goodChecksum)
    {
        final byte[] frame = ethernet(WireProfile.DEFAULT.ipv8EtherType(), 36);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final Ipv8Header header = new Ipv8Header().wrap(buffer, 14, 36);
        buffer.putByte(14, (byte)firstOctet);
        header.totalLength(totalLength).ttl(64).protocol(17)
            .source(0x0000_FDE8_0A00_0001L).destination(0x0000_FDE8_0A00_0002L);
        header.checksum(0);
        final int checksum = org.ipv8router.wire.Checksum.compute(buffer, 14, 28);
        header.checksum(goodChecksum ? checksum : checksum ^ 0x5555);
        return frame;
    }

    /** A valid IPv4 packet with a 20-octet header and 8 octets of payload. */
    private static byte[] ipv4(final int firstOctet, final boolean goodChecksum)
    {
        final byte[] frame = ethernet(0x0800, 28);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        buffer.putByte(14, (byte)firstOctet);
        buffer.putShort(16, (short)28, ByteOrder.BIG_ENDIAN);
        buffer.putByte(22, (byte)64);
        buffer.putByte(23, (byte)17);
        buffer.putInt(26, 0x0A000001, ByteOrder.BIG_ENDIAN);
        buffer.putInt(30, 0x0A000002, ByteOrder.BIG_ENDIAN);
        final int checksum = org.ipv8router.wire.Checksum.compute(buffer, 14, 20);
        buffer.putShort(24, (short)(goodChecksum ? checksum : checksum ^ 0x1111), ByteOrder.BIG_ENDIAN);
        return frame;
    }

    private static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        cases.add(new Case("valid IPv8", ipv8(0x87, 36, true), DropReason.NONE));
        cases.add(new Case("valid IPv4", ipv4(0x45, true), DropReason.NONE));
        cases.add(new Case("1-byte frame", new byte[]{42}, DropReason.FRAME_TRUNCATED));
        cases.add(new Case("13-byte frame", new byte[13], DropReason.FRAME_TRUNCATED));
        final byte[] multicastSource = ipv8(0x87, 36, true);
        multicastSource[6] = 1;
        cases.add(new Case("multicast source MAC", multicastSource, DropReason.SOURCE_MAC_MULTICAST));
        cases.add(new Case("IPv6 EtherType", ethernet(0x86DD, 40), DropReason.UNKNOWN_ETHERTYPE));
        cases.add(new Case("IPv8 truncated", java.util.Arrays.copyOf(ipv8(0x87, 36, true), 14 + 20),
            DropReason.PACKET_TRUNCATED));
        cases.add(new Case("IPv8 version 9", ipv8(0x97, 36, true), DropReason.BAD_VERSION));
        cases.add(new Case("IPv8 IHL 5", ipv8(0x85, 36, true), DropReason.BAD_IHL));
        cases.add(new Case("IPv8 IHL 15 beyond frame", ipv8(0x8F, 36, true), DropReason.HEADER_EXCEEDS_FRAME));
        cases.add(new Case("IPv8 total length 20", ipv8(0x87, 20, true), DropReason.TOTAL_LENGTH_TOO_SMALL));
        cases.add(new Case("IPv8 total length 400", ipv8(0x87, 400, true), DropReason.TOTAL_LENGTH_EXCEEDS_FRAME));
        cases.add(new Case("IPv8 bad checksum", ipv8(0x87, 36, false), DropReason.BAD_HEADER_CHECKSUM));
        cases.add(new Case("IPv4 bad checksum", ipv4(0x45, false), DropReason.BAD_HEADER_CHECKSUM));
        cases.add(new Case("version 6 on 0x0800", ipv4(0x65, true), DropReason.BAD_VERSION));
        final byte[] arp = ethernet(0x0806, 28);
        arp[14 + 1] = 2; // HTYPE 2
        cases.add(new Case("ARP HTYPE 2", arp, DropReason.ARP_BAD_HTYPE));
        final Random random = new Random(8);
        final ReceiveValidator oracle = new ReceiveValidator(WireProfile.DEFAULT);
        for (int k = 0; k < 200; k++)
        {
            final byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            if (k % 2 == 0 && garbage.length > 14)
            {
                // Plausible headers with garbage behind them reach the deeper checks.
                final int[] types = {0x0800, 0x0806, WireProfile.DEFAULT.ipv8EtherType()};
                garbage[6] &= (byte)0xFE;
                garbage[12] = (byte)(types[k % 3] >> 8);
                garbage[13] = (byte)types[k % 3];
            }
            cases.add(new Case("garbage " + k, garbage, oracle.validateFrame(new UnsafeBuffer(garbage), 0,
                garbage.length)));
        }
        return cases;
    }

    @Test
    void everyMalformedKindIsCountedAndTheDataplaneKeepsForwarding()
    {
        final List<Case> cases = cases();
        final ReceiveValidator oracle = new ReceiveValidator(WireProfile.DEFAULT);
        for (final Case c : cases)
        {
            assertEquals(c.reason(), oracle.validateFrame(new UnsafeBuffer(c.frame()), 0, c.frame().length),
                "the test frame '" + c.what() + "' is malformed the intended way");
        }

        DpdkTestSupport.eal();
        final DpdkMempool mempool = DpdkTestSupport.pool();
        final int inUseBefore = mempool.inUse();
        final DpdkPacketPool pool = new DpdkPacketPool(mempool);
        final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
        try (DataplaneCounters counters = DataplaneCounters.inMemory(512);
            MbufBurst burst = new MbufBurst(32))
        {
            final DpdkPort in = DpdkPort.start("in", 0,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""), pool,
                counters.newPortCounters(0, "in"));
            final DpdkPort out = DpdkPort.start("out", 1,
                DpdkEthDev.createVdev(DpdkTestSupport.uniqueName("net_ring"), ""), pool,
                counters.newPortCounters(1, "out"));
            try
            {
                final ForwardingAgent agent = new ForwardingAgent("bad-input",
                    PIPELINE.build(counters, List.of(in, out)), List.of(in), false);
                final List<byte[]> expectedOut = new ArrayList<>();
                final Map<DropReason, Integer> expectedDrops = new EnumMap<>(DropReason.class);
                for (int round = 0; round < 2; round++)
                {
                    for (int k = 0; k < cases.size(); k += 32)
                    {
                        final int n = Math.min(32, cases.size() - k);
                        assertTrue(mempool.allocBulk(burst, n));
                        for (int j = 0; j < n; j++)
                        {
                            final Case c = cases.get(k + j);
                            Frames.store(burst.get(j), c.frame(), scratch);
                            if (c.reason() == DropReason.NONE)
                            {
                                final byte[] expected = c.frame().clone();
                                for (int b = 0; b < 6; b++)
                                {
                                    expected[b] = (byte)(PEER >>> (40 - 8 * b));
                                    expected[6 + b] = (byte)(PORT_MAC >>> (40 - 8 * b));
                                }
                                expectedOut.add(expected);
                            }
                            else
                            {
                                expectedDrops.merge(c.reason(), 1, Integer::sum);
                            }
                        }
                        assertEquals(n, in.device().txBurst(0, burst, n));
                        final long target = (long)round * cases.size() + k + n;
                        for (int idle = 0; idle < 100 && in.counters().rxPackets() < target; )
                        {
                            if (agent.doWork() == 0)
                            {
                                idle++;
                            }
                        }
                    }
                }
                assertEquals(2L * cases.size(), in.counters().rxPackets(), "every frame was received");
                for (final Map.Entry<DropReason, Integer> e : expectedDrops.entrySet())
                {
                    assertEquals((long)e.getValue(), counters.dropReasons().count(e.getKey().ordinal()),
                        "drops counted as " + e.getKey().label());
                }
                final List<byte[]> forwarded = new ArrayList<>();
                for (int n; (n = out.device().rxBurst(0, burst, 32)) > 0; )
                {
                    for (int j = 0; j < n; j++)
                    {
                        forwarded.add(Frames.load(burst.get(j), scratch));
                    }
                    DpdkMempool.freeBulk(burst, n);
                }
                assertEquals(expectedOut.size(), forwarded.size(), "only the valid frames are forwarded");
                assertTrue(expectedOut.size() >= 4, "valid frames before and after the bad ones");
                for (int k = 0; k < forwarded.size(); k++)
                {
                    assertArrayEquals(expectedOut.get(k), forwarded.get(k), "forwarded frame " + k);
                }
                agent.onClose();
            }
            finally
            {
                in.close();
                out.close();
                pool.close();
            }
        }
        assertEquals(inUseBefore, mempool.inUse(), "dropped frames went back to the pool");
    }
}
