package org.ipv8router.perf;

import java.nio.ByteOrder;

import org.agrona.UnsafeApi;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * The C reference's checked loop ({@code forward()} in {@code perf/src/main/c/ip8_fast_reference.c}) written in Java,
 * statement for statement: {@code ip8-fast}'s per-packet work for the pipeline benchmark's router, fused into one
 * loop with no graph, no scratch arrays, no counters and constants in place of the interface table, FIB and
 * neighbour cache. A calibration run by {@link PipelineFloor}, not part of the router. With the C program and the
 * brief's loop it fills a two-by-two table: {brief's loop, every check} x {C, Java}, so the router's figure splits
 * into what the language costs and what the router's structure costs.
 * <p>
 * Per packet: frame long enough, no ARP or 802.1Q (the whole vector would go slow), IPv8 (0x87 on the IPv8 EtherType)
 * or IPv4 (0x45 on 0x0800), then in one non-short-circuit test: unicast source MAC, destination MAC ours, header
 * checksum, Total Length within the frame, source not unspecified, no address class the internal role refuses (the
 * first-octet table behind the same pre-test as {@code FastPathNode}), TTL > 1, not r = 0 at both ends of an IPv8
 * packet, destination not ours (64-bit filter, then the two addresses). Then the one-r lookup the batch makes for a
 * burst to one foreign ASN (else a DIR-24-8 first-level load), one adjacency per run of one next hop, the egress
 * checks (class rule, IPv8-capable neighbour, MTU), TTL - 1 with the RFC 1624 update, the Ethernet header in two
 * stores, padding trimmed, the tx port.
 */
final class FusedFastPathLoop
{
    private static final int L2 = 14;
    private static final int IPV8_ETHER_TYPE = 0x8080;
    private static final long LOW_32 = 0xFFFF_FFFFL;
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    /** Address classes by first octet (r at [0, 256), n at [256, 512)), as {@code FastPathNode.CLASS_OF}. */
    private static final int N = 256;
    private static final byte CLASS_SLOW = 1;
    private static final byte CLASS_RINE = 2;
    private static final byte CLASS_INTERIOR = 4;
    /** The classes an internal port refuses on ingress. */
    private static final int REFUSED_CLASSES = CLASS_SLOW | CLASS_RINE;
    /** No n below 222/8 has a class (the pre-test's bound). */
    private static final int N_CLASS_FLOOR = 222 << 24;
    private static final long MAC_MASK = 0xFFFF_FFFF_FFFF_0000L;

    /** The router's addresses in the pipeline benchmark: 64496.192.0.2.254 (p0) and 203.0.113.1 (p1). */
    private static final long OURS_0 = PipelineBenchmark.address(64496, 192, 0, 2, 254);
    private static final long OURS_1 = PipelineBenchmark.address(0, 203, 0, 113, 1);
    /** The burst's one foreign ASN and the next hop its single Tier 1 probe gives. */
    private static final long CACHED_R = 64497;
    private static final int CACHED_HOP = 7;

    private final byte[] classOf = new byte[512];
    private final int[] tbl24 = new int[1 << 24];
    /** p0's MAC (the frames' destination, 02:00:00:00:00:00) in the top 48 bits. */
    private final long ourMac = 0x02_00_00_00_00_00L << 16;
    private final long oursFilter = (1L << (OURS_0 & 63)) | (1L << (OURS_1 & 63));

    // The adjacency of next hop 7: the Ethernet header words in wire order, egress port, MTU, refused classes, IPv8.
    private final long adjacencyMacs = wireOrder(0x0200_0000_0202_0200L);
    private final long adjacencySource8 = wireOrder(0x0200_0000_0101_8080L);
    private final long adjacencySource4 = wireOrder(0x0200_0000_0101_0800L);
    private final int adjacencyPort = 1;
    private final int adjacencyMtu = 1500;
    private final int adjacencyRefusedClasses = CLASS_RINE | CLASS_INTERIOR;
    private final boolean adjacencyIpv8 = true;

    FusedFastPathLoop()
    {
        classOf[127] = CLASS_SLOW;
        classOf[255] = CLASS_SLOW;
        classOf[100] = CLASS_RINE;
        for (int octet = 224; octet < 256; octet++)
        {
            classOf[N + octet] = CLASS_SLOW;
        }
        classOf[N + 222] = CLASS_INTERIOR;
    }

    /**
     * The loop: returns the packets forwarded (tx port set), or -1 for a vector with an ARP or tagged frame. A
     * refused packet keeps {@link PacketVector#NO_PORT}: its slow path is not here.
     */
    int forward(final PacketVector vector)
    {
        final int[] tbl24 = this.tbl24;
        final byte[] classOf = this.classOf;
        final long ourMac = this.ourMac;
        final long oursFilter = this.oursFilter;
        int lastHop = -1;
        boolean adjacency = false;
        int sent = 0;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            vector.txPort(i, PacketVector.NO_PORT);
            final long f = vector.dataAddress(i);
            final int l3Length = vector.length(i) - L2;
            if (l3Length < 20)
            {
                continue;
            }
            final long macWord = PipelineFloor.getU64(f);
            final long typeWord = PipelineFloor.getU64(f + 6);
            final int etherType = (int)typeWord & 0xFFFF;
            if (etherType == 0x0806 || etherType == 0x8100)
            {
                return -1;
            }
            final long l3 = f + L2;
            final long w0 = PipelineFloor.getU64(l3);
            final long w1 = PipelineFloor.getU64(l3 + 8);
            final int first = (int)(w0 >>> 56);
            final long sum;
            final long src;
            final long dst;
            final int headerLength;
            final boolean v8;
            if (first == 0x87 && etherType == IPV8_ETHER_TYPE)
            {
                final long w2 = PipelineFloor.getU64(l3 + 16);
                final long w3 = PipelineFloor.getU64(l3 + 24) >>> 32;
                sum = (w0 >>> 32) + (w0 & LOW_32) + (w1 >>> 32) + (w1 & LOW_32) + (w2 >>> 32) + (w2 & LOW_32) + w3;
                src = (w1 << 32) | (w2 >>> 32);
                dst = (w2 << 32) | w3;
                headerLength = 28;
                v8 = true;
            }
            else if (first == 0x45 && etherType == 0x0800)
            {
                final long w2 = PipelineFloor.getU64(l3 + 16) >>> 32;
                sum = (w0 >>> 32) + (w0 & LOW_32) + (w1 >>> 32) + (w1 & LOW_32) + w2;
                src = w1 & LOW_32;
                dst = w2;
                headerLength = 20;
                v8 = false;
            }
            else
            {
                continue;
            }
            final int total = (int)(w0 >>> 32) & 0xFFFF;
            final int classes = ((src | dst) >>> 56) == 0 & Integer.compareUnsigned((int)src, N_CLASS_FLOOR) < 0 &
                Integer.compareUnsigned((int)dst, N_CLASS_FLOOR) < 0 ? 0 :
                classOf[(int)(src >>> 56)] | classOf[(int)(dst >>> 56)] | classOf[N + ((int)src >>> 24)] |
                    classOf[N + ((int)dst >>> 24)];
            if ((typeWord & (1L << 56)) != 0 | ((macWord ^ ourMac) & MAC_MASK) != 0 | !onesComplementAllOnes(sum) |
                total < headerLength | total > l3Length | src == 0 | (classes & REFUSED_CLASSES) != 0 |
                (w1 >>> 48) < 0x0200 | (v8 & ((src | dst) >>> 32) == 0) | ((oursFilter >>> dst) & 1) != 0)
            {
                if ((typeWord & (1L << 56)) != 0 || ((macWord ^ ourMac) & MAC_MASK) != 0 ||
                    !onesComplementAllOnes(sum) || total < headerLength || total > l3Length || src == 0 ||
                    (classes & REFUSED_CLASSES) != 0 || (w1 >>> 48) < 0x0200 ||
                    (v8 && ((src | dst) >>> 32) == 0) || dst == OURS_0 || dst == OURS_1)
                {
                    continue;
                }
            }
            final int hop = (dst >>> 32) == CACHED_R ? CACHED_HOP : tbl24[(int)dst >>> 8];
            if (hop != lastHop)
            {
                lastHop = hop;
                adjacency = hop == CACHED_HOP; // made once per run of one next hop
            }
            if (!adjacency || (classes != 0 && (classes & adjacencyRefusedClasses) != 0) ||
                (v8 && !adjacencyIpv8) || total > adjacencyMtu)
            {
                continue;
            }
            final int ttlWord = (int)(w1 >>> 32); // TTL, Protocol, checksum
            final int s = (~ttlWord & 0xFFFF) + 0xFEFF; // RFC 1624 update for TTL - 1
            final int checksum = ~((s & 0xFFFF) + (s >>> 16)) & 0xFFFF;
            PipelineFloor.putU32(l3 + 8, ((ttlWord - 0x0100_0000) & 0xFFFF_0000) | checksum);
            UnsafeApi.putLong(f, adjacencyMacs);
            UnsafeApi.putLong(f + 6, v8 ? adjacencySource8 : adjacencySource4);
            if (total != l3Length)
            {
                vector.length(i, L2 + total);
            }
            vector.txPort(i, adjacencyPort);
            sent++;
        }
        return sent;
    }

    /** The unfolded one's complement sum is 0xFFFF folded: a multiple of 0xFFFF (as FastPathNode tests it). */
    private static boolean onesComplementAllOnes(final long sum)
    {
        return Long.compareUnsigned(sum * 0xFFFE_FFFE_FFFE_FFFFL, 0x0001_0001_0001_0001L) <= 0;
    }

    private static long wireOrder(final long value)
    {
        return NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value);
    }
}
