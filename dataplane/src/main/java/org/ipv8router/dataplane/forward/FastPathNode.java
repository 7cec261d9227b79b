package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.WireProfile;

/**
 * {@code ip8-fast}: the fused fast path for plain forwarding (VPP's other tool besides small nodes). It is the
 * graph's start node; in one node it does what ethernet-input, ip8-input/ip4-input, role-filter, zone-filter,
 * ip8-local, ip8-ttl, ip8-lookup, ip8-egress-filter, ip8-rewrite, ip8-neighbor, ip8-tx-decide, ip8-mtu and
 * l2-rewrite would do to a packet of the common case, and hands the packet to port-output. Every packet that is
 * not the common case goes, untouched, to ethernet-input and takes the slow graph exactly as before, so the
 * behaviour (output bytes, punts, ICMP errors, drop reasons) is that of the slow graph by construction: this node
 * only forwards a packet when each slow node would have passed it on unchanged to the same next node (or applied
 * the same rewrite), and it changes no state anywhere.
 * Each test may reject more than the slow path would (the packet then simply takes the graph); none may accept
 * less. {@code FastPathDifferentialTest} runs random traffic through the router with and without this node.
 * <pre>
 *   pass 1, per run of packets from one ingress port, per packet (no table but the interface table):
 *     ingress interface eligible ({@link FastPathEligibility}) and without ACL8, frame long enough, untagged,
 *     source MAC unicast, destination MAC ours (or any MAC accepted); EtherType = IPv8 with 0x87, 0x0800 with 0x45
 *     (IPv4) or with 0x87 if the profile accepts v8 on 0x0800; no options (IHL 7 / 5); Total Length fits; header
 *     checksum ok; no address class the role refuses, from one table by first octet: r 255.x (ff.ff broadcast
 *     class, cross-ASN and border multicast, reserved) and r 127.x (zones) on either end, n in 224/3 (multicast,
 *     class E, limited broadcast), and 100.x RINE r unless the port is RINE (spec 1.5, 2.5, 7.1 steps 4-5, 7.3,
 *     7.4); source not unspecified; destination not ours (a 64-bit filter, then the set) nor a held gateway-pair
 *     VIP; TTL > 1; not an IPv8 packet with r = 0 on both ends (A16 downgrade); on an external port
 *     RoleFilterNode.check itself
 *   pass 2: one batch FIB lookup of the survivors (l3fwd style)
 *   pass 3, per run of survivors with the same next hop (and, on a connected subnet, neighbour): an adjacency
 *     (VPP's rewrite record) when the next hop is CONNECTED (no 8to4, no local, no drop), the egress interface is
 *     eligible and the neighbour resolved without side effects ({@link Arp8Cache#peekResolved})
 *   pass 4, per survivor with an adjacency: ip8-egress-filter passes (from the same class table: towards an
 *     external port no interior-link n 222.x under an r, towards every role but RINE no RINE r), egress
 *     validation not in scope, for version 8 a neighbour proven IPv8-capable (spec 3.2), Total Length within the
 *     egress MTU; then TTL - 1 with the RFC 1624 checksum update, the Ethernet header written in two stores,
 *     padding trimmed, tx port set -> port-output
 *   everything else -> ethernet-input, untouched
 * </pre>
 * <b>Same-pass state.</b> The slow graph may change state other packets of the same pass read: arp-input updates
 * neighbour entries before ip8-neighbor runs. A vector holding an ARP or an 802.1Q-tagged frame (which may be ARP)
 * therefore goes to the slow graph whole. Resolving other neighbours in ip8-neighbor touches only their own
 * entries (no eviction), and an entry this node used had nothing pending ({@code peekResolved}), so the slow
 * path would have answered the same for it.
 * <p>
 * <b>Order.</b> Fast packets reach port-output before the slow packets of the same burst; packets of one flow take
 * the same path unless its state changes (TTL, neighbour), as between the slow graph's own branches. While
 * re-injected packets (held packets released by a resolved neighbour, ICMP errors, fragments) wait in the graph,
 * the whole burst takes the graph, so a flow's new packets queue up behind its released ones as they would there.
 * <p>
 * <b>QSBR.</b> Next-hop indices from the lookup are used within this pass, before the worker's quiescent point,
 * as in ip8-lookup.
 */
final class FastPathNode implements Node
{
    static final String NAME = "ip8-fast";
    private static final int NEXT_SLOW = 0;
    private static final int NEXT_TX = 1;

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    private static final int L2 = EthernetFrame.HEADER_LENGTH;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    /*
     * Address classes by first octet, one table for r and one for n (each bit covers more than the slow path treats
     * specially, so whatever has none of the bits a role asks about is plain forwarding for every slow node).
     */
    /** Never fast, whatever the role: r 127.x (zones, spec 7.4), r 255.x (ff.ff broadcast class, cross-ASN and
     * border multicast, reserved: 1.5, 2.5, 19.6), n 224/3 (link multicast, class E and the limited broadcast).
     * (n 0.x is a valid n under r != 0, e.g. RINE hosts: the unspecified source is tested on its own.) */
    private static final byte CLASS_SLOW = 1;
    /** r 100.x: RINE (spec 7.3), refused by the role and egress filters of every role but RINE. */
    private static final byte CLASS_RINE = 2;
    /** n 222.x: an interior router link when r != 0 (A15), refused towards an external interface. */
    private static final byte CLASS_INTERIOR = 4;
    /** The classes by first octet: of r at [0, 256), of n at [256, 512). */
    private static final byte[] CLASS_OF = new byte[512];
    private static final int N = 256;

    static
    {
        CLASS_OF[Ipv8Address.R_ZONE_OCTET] = CLASS_SLOW;
        CLASS_OF[0xFF] = CLASS_SLOW;
        CLASS_OF[Ipv8Address.R_RINE_OCTET] = CLASS_RINE;
        for (int octet = 224; octet < 256; octet++)
        {
            CLASS_OF[N + octet] = CLASS_SLOW;
        }
        CLASS_OF[N + Ipv8Address.N_INTERIOR_LINK_OCTET] = CLASS_INTERIOR;
    }

    /**
     * The class pre-test of pass 1 (see {@link #classesOf}): no n below this has a class, nor has an r whose first
     * octet is 0. Derived from the table, so a class added to it moves the bound with it.
     */
    private static final int N_CLASS_FLOOR = lowestClassedN() << 24;

    private static int lowestClassedN()
    {
        if (CLASS_OF[0] != 0)
        {
            throw new IllegalStateException("ip8-fast: r first octet 0 must have no class (the pass 1 pre-test)");
        }
        int octet = 0;
        while (octet < 256 && CLASS_OF[N + octet] == 0)
        {
            octet++;
        }
        return octet;
    }

    /** Per-survivor header word: Total Length (0-15), checksum (16-31), TTL|Protocol (32-47), version 8 (48),
     * padded (49), address classes of both ends (56-63). Bits 16-47 are the header's octets 8-11 as they are. */
    private static final int HEADER_WORD_SHIFT = 16;
    private static final int HEADER_V8_BIT = 48;
    /** The frame is longer than its Total Length: Ethernet padding to trim. */
    private static final int HEADER_PADDED_BIT = 49;
    private static final int HEADER_CLASS_SHIFT = 56;

    // An adjacency record: four longs in FastPathNode.adjacencies.
    private static final int ADJACENCY_LONGS = 4;
    private static final long ADJACENCY_MACS = 0;          // destination MAC, source MAC's first two octets
    private static final long ADJACENCY_SOURCE_TYPE8 = 8;  // source MAC, IPv8 EtherType
    private static final long ADJACENCY_SOURCE_TYPE4 = 16; // source MAC, 0x0800
    private static final long ADJACENCY_INFO = 24;         // the fields below
    private static final int INFO_MTU_SHIFT = 16;          // port 0-15, MTU 16-31
    private static final int INFO_CLASS_SHIFT = 32;        // egress-refused address classes 32-39
    private static final long INFO_IPV8 = 1L << 40;        // neighbour proven IPv8-capable
    private static final long INFO_VALIDATED = 1L << 41;   // egress validation on for this port
    private static final long LONG_ARRAY_BASE = UnsafeApi.arrayBaseOffset(long[].class);
    /** 16 slots: a vector's distinct neighbours beyond that only cost a neighbour lookup more. */
    private static final int ADJACENCY_CACHE_BITS = 4;
    /** Marks a used slot of cachedHopKeys (the key is the next-hop index, which may be any int). */
    private static final long HOP_KEY_USED = 1L << 32;

    private final ForwardingState state;
    private final InterfaceTable interfaces;
    private final Fib fib;
    private final NextHopTable nextHops;
    private final Arp8Cache[] caches;
    private final FastPathEligibility eligibility;
    /** Optional features whose state changes while running (ACL8, egress validation, return flows): read live. */
    private final ForwardingFeatures features;
    /** The .254/.253 pairs: a VIP we hold for a dead peer is ours (ip8-local), so such packets go slow. */
    private final GatewayPairTable pairs;
    private final AtomicCounter forwarded;
    private final int ipv8EtherType;
    private final boolean acceptV8On0800;
    private final boolean acceptAnyMac;
    /** Per port: the address classes role-filter refuses on ingress (external ports also run its own check). */
    private final int[] ingressClasses;
    /** Per port: role EXTERNAL on ingress: RoleFilterNode.check itself (source ASN, RFC 1918, ...). */
    private final boolean[] externalIngress;
    /** Per port: the address classes ip8-egress-filter refuses towards it. */
    private final int[] egressClasses;
    /** Per port: role INTERNAL (egress validation checks only packets that came in on one). */
    private final boolean[] internal;
    /** Per port: role EXTERNAL (egress validation checks only packets that leave on one). */
    private final boolean[] external;

    // Per-vector scratch, indexed like the vector (every pass is a counted loop over the packets, so C2 checks the
    // array bounds once per loop, not per packet): the keys of pass 1 (header word 0 = not a survivor), the FIB
    // results, the adjacency of each packet.
    private final long[] destinations;
    private final long[] headers;
    /** Per survivor: the frame's address (read in pass 1, where the vector's arrays stay in registers). */
    private final long[] frames;
    private final int[] results;
    /** Per packet: the egress port pass 4 chose, or {@link PacketVector#NO_PORT}. */
    private final int[] txPorts;
    /** Per packet: its adjacency (below), or -1 when it is no survivor or its next hop or neighbour is not fast. */
    private final int[] adjacencyOf;
    /**
     * Adjacencies (VPP's rewrite records), one per run of survivors with the same next hop and neighbour, as
     * {@link #ADJACENCY_LONGS} longs each: the 14-octet Ethernet header as two overlapping 8-octet words in wire
     * order (source MAC and EtherType for version 8 and for IPv4), and the egress port, MTU, egress-refused classes,
     * the neighbour's IPv8 capability and egress validation in one more. The rewrite loop reads them with
     * {@link UnsafeApi}: the index comes from {@link #adjacencyOf}, so the JIT would check it on every read, and
     * every value there is one {@link #resolveAdjacencies} wrote, below the vector capacity.
     */
    private final long[] adjacencies;
    /** This vector's next hops (egress port or -1, gateway address) by next-hop index, direct-mapped (pass 3). */
    private final long[] cachedHopKeys = new long[1 << ADJACENCY_CACHE_BITS];
    private final int[] cachedHopTx = new int[1 << ADJACENCY_CACHE_BITS];
    private final long[] cachedHopAddresses = new long[1 << ADJACENCY_CACHE_BITS];
    /** This vector's adjacencies by egress port and neighbour address, direct-mapped (pass 3). */
    private final int[] cachedTx = new int[1 << ADJACENCY_CACHE_BITS];
    private final long[] cachedTargets = new long[1 << ADJACENCY_CACHE_BITS];
    private final int[] cachedAdjacency = new int[1 << ADJACENCY_CACHE_BITS];

    FastPathNode(
        final ForwardingState state,
        final FastPathEligibility eligibility,
        final boolean acceptAnyMac,
        final AtomicCounter forwarded,
        final int vectorCapacity)
    {
        final WireProfile profile = state.profile;
        this.state = state;
        this.interfaces = state.interfaces;
        this.fib = state.fib;
        this.nextHops = state.nextHops;
        this.caches = state.caches;
        this.eligibility = eligibility;
        this.features = state.features;
        this.pairs = state.pairs;
        this.forwarded = forwarded;
        this.ipv8EtherType = profile.ipv8EtherType();
        this.acceptV8On0800 = profile.acceptV8On0800();
        this.acceptAnyMac = acceptAnyMac;
        final int ports = interfaces.size();
        if (ports > 0xFFFF)
        {
            throw new IllegalArgumentException("ip8-fast: " + ports + " ports, an adjacency holds a 16-bit port index");
        }
        this.ingressClasses = new int[ports];
        this.externalIngress = new boolean[ports];
        this.egressClasses = new int[ports];
        this.internal = new boolean[ports];
        this.external = new boolean[ports];
        for (int p = 0; p < ports; p++)
        {
            final RouterSpec.Role role = interfaces.exists(p) ? interfaces.role(p) : RouterSpec.Role.EXTERNAL;
            // role-filter (RoleFilterNode.check): internal and interior-link refuse only RINE r; RINE only zones
            // (CLASS_SLOW already); external runs the check itself.
            ingressClasses[p] = CLASS_SLOW | (role == RouterSpec.Role.RINE ? 0 : CLASS_RINE);
            externalIngress[p] = role == RouterSpec.Role.EXTERNAL;
            // ip8-egress-filter (EgressFilterNode.check): zones and border multicast are CLASS_SLOW; towards
            // external also interior links; towards every role but RINE also RINE r.
            egressClasses[p] = (role == RouterSpec.Role.RINE ? 0 : CLASS_RINE) |
                (role == RouterSpec.Role.EXTERNAL ? CLASS_INTERIOR : 0);
            internal[p] = interfaces.role(p) == RouterSpec.Role.INTERNAL; // as ForwardingFeatures asks
            external[p] = interfaces.role(p) == RouterSpec.Role.EXTERNAL;
        }
        this.destinations = new long[vectorCapacity];
        this.headers = new long[vectorCapacity];
        this.frames = new long[vectorCapacity];
        this.results = new int[vectorCapacity];
        this.txPorts = new int[vectorCapacity];
        this.adjacencyOf = new int[vectorCapacity];
        this.adjacencies = new long[vectorCapacity * ADJACENCY_LONGS];
    }

    public String name()
    {
        return NAME;
    }

    public List<String> nextNodes()
    {
        return List.of(EthernetInputNode.NAME, PortOutputNode.NAME);
    }

    public void process(final PacketVector vector)
    {
        final int count = vector.count();
        // Older packets waiting in the graph (released, ICMP errors, fragments) go first, as they would there. A
        // vector longer than the scratch arrays (none of this router's ports makes one) takes the graph as well, so
        // the unchecked adjacency reads never pass the end of their array.
        if (state.reinjector.anyWaitingInGraph() || count > headers.length)
        {
            vector.nextAll(NEXT_SLOW);
            return;
        }
        final int survivors = parse(vector, count);
        if (survivors <= 0)
        {
            return; // none fast, or -1: the whole vector went slow
        }
        if (survivors < count)
        {
            keyNonSurvivors(count);
        }
        fib.lookup(destinations, results, count);
        if (resolveAdjacencies(count) > 0)
        {
            rewrite(vector, count);
        }
    }

    /**
     * Pass 1: ethernet-input, ip8-input/ip4-input, the filters and ip8-local/ip8-ttl for every packet, without a
     * table but the interface table, one run of packets from the same ingress port at a time (a burst is normally
     * one run: everything that depends on the port is then a constant of the loop).
     *
     * @return survivors (their destinations and header words are in the scratch arrays, at the packet's index; the
     *         header word of every other packet is 0), or -1 when the vector holds an ARP or tagged frame and all of
     *         it was sent to the slow graph.
     */
    private int parse(final PacketVector vector, final int count)
    {
        vector.nextAll(NEXT_SLOW);
        int survivors = 0;
        int from = 0;
        while (from < count)
        {
            final int port = vector.ingressPort(from);
            int to = from + 1;
            while (to < count && vector.ingressPort(to) == port)
            {
                to++;
            }
            // The live per-port reads (eligibility, ACL8: acquire/volatile loads) once per run, outside the loop; a
            // run of an ineligible port stays slow, except that ARP still sends the whole vector slow.
            if ((eligibility.eligible(port) & FastPathEligibility.INGRESS_OK) != 0 && !features.acl8On(port))
            {
                survivors = parseRun(vector, from, to, port, survivors);
            }
            else
            {
                Arrays.fill(headers, from, to, 0L);
                if (anyArpOrTagged(vector, from, to))
                {
                    survivors = -1;
                }
            }
            if (survivors < 0)
            {
                return -1; // arp-input changes neighbour state the rest of the burst reads: all of it stays slow
            }
            from = to;
        }
        return survivors;
    }

    /**
     * Pass 1 over packets [from, to) of one eligible ingress port. The header is read as the three 8-octet words
     * and one 4-octet word the checksum adds up anyway, and every field comes out of those; the address checks are
     * one class table (behind a pre-test that passes almost every packet without it) and one 64-bit filter of our
     * own addresses. Only what every packet needs is kept in locals (the loop is short of registers); the rare
     * checks re-read their state in {@link #rareRefusal}.
     *
     * @return survivors so far, or -1 on an ARP or 802.1Q frame.
     */
    private int parseRun(
        final PacketVector vector, final int from, final int to, final int port, final int survivorsSoFar)
    {
        final long macMask = acceptAnyMac ? 0 : 0xFFFF_FFFF_FFFF_0000L; // the destination MAC's 48 bits
        final long ourMac = interfaces.macs()[port] << 16;
        final long oursFilter = interfaces.oursFilter();
        final int refusedClasses = ingressClasses[port];
        final boolean rare = pairs.anyHeld() || externalIngress[port];
        final int ipv8EtherType = this.ipv8EtherType;
        // The EtherTypes a version-8 header may come in: its own, and 0x0800 if the profile accepts that.
        final int v8OnIpv4 = acceptV8On0800 ? EtherTypes.IPV4 : ipv8EtherType;
        // ip4-return-flow may turn an IPv4 reply back into IPv8 (spec 3.5): while it holds flows, IPv4 goes slow.
        final int ipv4EtherType = features.returnFlowRestoring() ? -1 : EtherTypes.IPV4;
        final long[] destinations = this.destinations;
        final long[] headers = this.headers;
        final long[] frames = this.frames;
        int survivors = survivorsSoFar;
        for (int i = from; i < to; i++)
        {
            headers[i] = 0; // not a survivor (yet)
            final long frame = vector.dataAddress(i);
            final int l3Length = vector.length(i) - L2;
            if (l3Length < Ipv4Header.MIN_HEADER_LENGTH)
            {
                continue; // the slow path drops it with the precise reason
            }
            final long macWord = u64(frame); // destination MAC (6 octets), source MAC's first two
            final long typeWord = u64(frame + EthernetFrame.SOURCE_OFFSET); // source MAC (6), EtherType (2)
            final int etherType = (int)typeWord & 0xFFFF;
            if (etherType == EtherTypes.ARP || etherType == EtherTypes.VLAN)
            {
                return -1;
            }
            final long l3 = frame + L2;
            // The frame is at least 34 octets and its buffer far longer: reading 28 header octets is safe before
            // the length checks below decide whether they are a header.
            final long w0 = u64(l3);      // version|IHL, TOS, Total Length, Identification, flags|fragment
            final long w1 = u64(l3 + 8);  // TTL, Protocol, checksum, then source r (v8) or source n (v4)
            final int first = (int)(w0 >>> 56);
            final long sum;
            final long src;
            final long dst;
            final int headerLength;
            final long v8Bit;
            if (first == Ipv8Header.FIRST_OCTET_NO_OPTIONS && (etherType == ipv8EtherType || etherType == v8OnIpv4))
            {
                final long w2 = u64(l3 + 16); // source n, destination r
                final long w3 = u32(l3 + 24); // destination n
                sum = (w0 >>> 32) + (w0 & LOW_32) + (w1 >>> 32) + (w1 & LOW_32) + (w2 >>> 32) + (w2 & LOW_32) + w3;
                src = (w1 << 32) | (w2 >>> 32);
                dst = (w2 << 32) | w3;
                headerLength = Ipv8Header.MIN_HEADER_LENGTH;
                v8Bit = 1L << HEADER_V8_BIT;
            }
            else if (first == Ipv4Header.FIRST_OCTET_NO_OPTIONS && etherType == ipv4EtherType)
            {
                final long w2 = u32(l3 + 16); // destination address
                sum = (w0 >>> 32) + (w0 & LOW_32) + (w1 >>> 32) + (w1 & LOW_32) + w2;
                src = w1 & LOW_32;
                dst = w2;
                headerLength = Ipv4Header.MIN_HEADER_LENGTH;
                v8Bit = 0;
            }
            else
            {
                continue;
            }
            final int total = (int)(w0 >>> 32) & 0xFFFF;
            // Almost every packet has no class at either end: r below 2^24 (first octet 0: every allocated public
            // ASN) and n below 222/8. One test of that takes the four table loads off the common case (3 ns a
            // packet); anything else (private 4-octet ASNs, zones, RINE, multicast) asks the table.
            final int classes = ((src | dst) >>> 56) == 0 & Integer.compareUnsigned((int)src, N_CLASS_FLOOR) < 0 &
                Integer.compareUnsigned((int)dst, N_CLASS_FLOOR) < 0 ? 0 : classesOf(src, dst);
            // Non-short-circuit: one branch for the common case. Multicast source MAC or not our MAC (ethernet-input),
            // header checksum (2.5), Total Length, the address classes (spec 1.5, 2.5, 7.1, 7.3, 7.4), TTL <= 1
            // (Time Exceeded: the TTL|Protocol word below 0x0200), r = 0 at both ends of an IPv8 packet (A16
            // downgrade), the unspecified source, and the cheap half of "is it ours".
            if ((typeWord & (1L << 56)) != 0 | ((macWord ^ ourMac) & macMask) != 0 | !isOnesComplementAllOnes(sum) |
                total < headerLength | total > l3Length | src == 0 | (classes & refusedClasses) != 0 |
                (w1 >>> 48) < 0x0200 | (v8Bit != 0 & ((src | dst) >>> 32) == 0) | ((oursFilter >>> dst) & 1) != 0)
            {
                if ((typeWord & (1L << 56)) != 0 || ((macWord ^ ourMac) & macMask) != 0 ||
                    !isOnesComplementAllOnes(sum) || total < headerLength || total > l3Length || src == 0 ||
                    (classes & refusedClasses) != 0 || (w1 >>> 48) < 0x0200 ||
                    (v8Bit != 0 && ((src | dst) >>> 32) == 0) || interfaces.isOurs(dst))
                {
                    continue; // a failed check, or ours: ip8-local, ip4-input's 8to4
                }
            }
            if (rare && rareRefusal(port, src, dst))
            {
                continue;
            }
            destinations[i] = dst;
            frames[i] = frame;
            // The rewrite pass then only writes to the packet: stores do not wait for its cache line.
            headers[i] = total | ((w1 >>> 32) << HEADER_WORD_SHIFT) | v8Bit | (long)classes << HEADER_CLASS_SHIFT |
                (total != l3Length ? 1L << HEADER_PADDED_BIT : 0);
            survivors++;
        }
        return survivors;
    }

    /** The address classes of both ends from the first-octet table: of r at [0, 256), of n at [256, 512). */
    private static int classesOf(final long src, final long dst)
    {
        final byte[] classOf = CLASS_OF;
        return classOf[(int)(src >>> 56)] | classOf[(int)(dst >>> 56)] |
            classOf[N + ((int)src >>> 24)] | classOf[N + ((int)dst >>> 24)];
    }

    /** The checks only some routers need: a held gateway-pair VIP is ours; an external port's own role rules. */
    private boolean rareRefusal(final int port, final long src, final long dst)
    {
        return (pairs.anyHeld() && pairs.isHeldVip(dst)) ||
            (externalIngress[port] && RoleFilterNode.check(state, port, false, src, dst) != DropReason.NONE);
    }

    private static boolean anyArpOrTagged(final PacketVector vector, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (vector.length(i) >= L2 + Ipv4Header.MIN_HEADER_LENGTH)
            {
                final int etherType = u16(vector.dataAddress(i) + EthernetFrame.ETHER_TYPE_OFFSET);
                if (etherType == EtherTypes.ARP || etherType == EtherTypes.VLAN)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Gives every packet that is no survivor the destination of the first survivor, so that the batch lookup over
     * the whole vector sees the one r a burst usually has (and takes its single-table form) and an
     * unspecified result is never read: those results are ignored.
     */
    private void keyNonSurvivors(final int count)
    {
        final long[] headers = this.headers;
        final long[] destinations = this.destinations;
        int first = 0;
        while (headers[first] == 0)
        {
            first++; // parse found a survivor, so this stops below count
        }
        final long key = destinations[first];
        for (int i = 0; i < count; i++)
        {
            if (headers[i] == 0)
            {
                destinations[i] = key;
            }
        }
    }

    /**
     * Pass 3: the next hop and neighbour of every survivor, as an adjacency per run of survivors sharing them:
     * a CONNECTED next hop (no 8to4, local, drop) on an egress-eligible port and a neighbour resolved without side
     * effects ({@link Arp8Cache#peekResolved}). The live reads (next-hop kind, eligibility: acquire loads) and the
     * neighbour lookup (a call) are made here, once per run, and not in the rewrite loop, where even a rare one
     * makes C2 reload the vector's arrays with their range checks on every packet. Consecutive packets often share
     * next hop and neighbour; when they do not (flows interleaved over several neighbours), two small direct-mapped
     * caches of this vector's next hops (by index) and adjacencies (by egress port and neighbour address) find what
     * was already read or made (nothing they hold changes within the pass, see the class comment).
     *
     * @return the number of adjacencies made (0: no survivor can be forwarded here).
     */
    private int resolveAdjacencies(final int count)
    {
        final long[] headers = this.headers;
        final int[] results = this.results;
        final long[] destinations = this.destinations;
        final int[] adjacencyOf = this.adjacencyOf;
        final NextHopTable nextHops = this.nextHops;
        final long now = state.now;
        final boolean validationActive = features.egressValidationActive(); // read once for the vector
        Arrays.fill(cachedTx, -1); // the caches hold this vector's next hops and adjacencies only
        Arrays.fill(cachedHopKeys, 0);
        int adjacencies = 0;
        int current = -1;
        int prevHop = 0;
        boolean started = false;
        int tx = -1;
        long hopAddress = 0;
        long prevTarget = 0;
        for (int i = 0; i < count; i++)
        {
            if (headers[i] == 0)
            {
                adjacencyOf[i] = -1; // no survivor
                continue;
            }
            final int hop = results[i];
            boolean hopChanged = false;
            if (!started || hop != prevHop)
            {
                started = true;
                hopChanged = true;
                prevHop = hop;
                current = -1;
                final int hopSlot = (hop * 0x9E37_79B9) >>> (32 - ADJACENCY_CACHE_BITS);
                final long hopKey = HOP_KEY_USED | (hop & 0xFFFF_FFFFL);
                if (cachedHopKeys[hopSlot] == hopKey)
                {
                    tx = cachedHopTx[hopSlot];
                    hopAddress = cachedHopAddresses[hopSlot];
                }
                else
                {
                    tx = -1;
                    if (!Fib.isMiss(hop) && nextHops.kind(hop) == NextHopTable.CONNECTED)
                    {
                        final int port = nextHops.port(hop);
                        if ((eligibility.eligible(port) & FastPathEligibility.EGRESS_OK) != 0)
                        {
                            tx = port;
                            hopAddress = nextHops.address(hop);
                        }
                    }
                    cachedHopKeys[hopSlot] = hopKey;
                    cachedHopTx[hopSlot] = tx;
                    cachedHopAddresses[hopSlot] = hopAddress;
                }
            }
            if (tx >= 0)
            {
                // A gateway next hop's neighbour is its address; on a connected subnet it is the destination.
                final long target = hopAddress != 0 ? hopAddress : destinations[i];
                if (hopChanged || target != prevTarget)
                {
                    prevTarget = target;
                    final int slot = (int)((target ^ target >>> 32) * 0x9E37_79B9L) >>> (32 - ADJACENCY_CACHE_BITS);
                    if (cachedTx[slot] == tx && cachedTargets[slot] == target)
                    {
                        current = cachedAdjacency[slot];
                    }
                    else
                    {
                        current = adjacency(adjacencies, tx, target, now, validationActive);
                        if (current >= 0)
                        {
                            adjacencies++;
                        }
                        cachedTx[slot] = tx;
                        cachedTargets[slot] = target;
                        cachedAdjacency[slot] = current;
                    }
                }
            }
            adjacencyOf[i] = current;
        }
        return adjacencies;
    }

    /** Fills adjacency {@code a} for a neighbour on port {@code tx}; returns a, or -1 if it is not resolved. */
    private int adjacency(final int a, final int tx, final long target, final long now, final boolean validationActive)
    {
        final Arp8Cache cache = caches[tx];
        final int slot = cache.peekResolved(target, now); // no side effect: nothing to undo if it goes slow
        if (slot < 0)
        {
            return -1;
        }
        final long neighbourMac = cache.mac(slot);
        final long ourMac = interfaces.macs()[tx];
        final int base = a * ADJACENCY_LONGS;
        // In memory order (network order laid out for this CPU): the rewrite stores them as they are.
        adjacencies[base] = wireOrder((neighbourMac << 16) | (ourMac >>> 32));
        adjacencies[base + 1] = wireOrder((ourMac << 16) | ipv8EtherType);
        adjacencies[base + 2] = wireOrder((ourMac << 16) | EtherTypes.IPV4);
        final int mtu = Math.min(interfaces.mtu(tx), 0xFFFF); // a Total Length has 16 bits
        adjacencies[base + 3] = tx | (long)mtu << INFO_MTU_SHIFT |
            (long)egressClasses[tx] << INFO_CLASS_SHIFT | (cache.isIpv8Capable(slot) ? INFO_IPV8 : 0) |
            (validationActive && external[tx] ? INFO_VALIDATED : 0); // ForwardingFeatures.egressValidationOn
        return a;
    }

    /**
     * Pass 4, per survivor with an adjacency: ip8-egress-filter, ip8-egress-validate's scope, the transmit
     * decision (spec 3.2: version 8 only to a proven IPv8 neighbour), the MTU; then TTL - 1 with the RFC 1624
     * checksum update in one 4-octet store, the Ethernet header in two, padding trimmed, tx port set.
     */
    private void rewrite(final PacketVector vector, final int count)
    {
        final long[] headers = this.headers;
        final long[] frames = this.frames;
        final int[] adjacencyOf = this.adjacencyOf;
        final long[] adjacencies = this.adjacencies;
        final int[] txPorts = this.txPorts;
        int sent = 0;
        boolean padded = false;
        for (int i = 0; i < count; i++)
        {
            txPorts[i] = PacketVector.NO_PORT;
            final int a = adjacencyOf[i];
            if (a < 0)
            {
                continue;
            }
            final long record = LONG_ARRAY_BASE + ((long)a << 5); // ADJACENCY_LONGS * 8 octets
            final long info = UnsafeApi.getLong(adjacencies, record + ADJACENCY_INFO);
            final long header = headers[i];
            final boolean v8 = (header & (1L << HEADER_V8_BIT)) != 0;
            final int total = (int)header & 0xFFFF;
            final int classes = (int)(header >>> HEADER_CLASS_SHIFT); // almost always 0 (pass 1's pre-test)
            if ((classes != 0 && egressRefuses(info, classes, v8)) || (v8 && (info & INFO_IPV8) == 0) ||
                total > ((int)info >>> INFO_MTU_SHIFT))
            {
                continue; // ip8-egress-filter, spec 3.2 (downgrade or 8to4), ip8-mtu: the slow path decides
            }
            if ((info & INFO_VALIDATED) != 0 && internal[vector.ingressPort(i)])
            {
                continue; // ip8-egress-validate (spec 7.5) decides
            }

            // Committed: from here on the packet is forwarded, exactly as ip8-rewrite and l2-rewrite would.
            final long frame = frames[i];
            final int ttlWord = (int)(header >>> HEADER_WORD_SHIFT); // TTL, Protocol, checksum
            putU32(frame + L2 + Ipv8Header.TTL_OFFSET,
                ((ttlWord - 0x0100_0000) & 0xFFFF_0000) | ttlDecrementedChecksum(ttlWord & 0xFFFF));
            UnsafeApi.putLong(frame, UnsafeApi.getLong(adjacencies, record + ADJACENCY_MACS));
            UnsafeApi.putLong(frame + EthernetFrame.SOURCE_OFFSET,
                UnsafeApi.getLong(adjacencies, record + (v8 ? ADJACENCY_SOURCE_TYPE8 : ADJACENCY_SOURCE_TYPE4)));
            padded |= (header & (1L << HEADER_PADDED_BIT)) != 0;
            txPorts[i] = (int)info & 0xFFFF;
            sent++;
        }
        if (sent > 0)
        {
            vector.routeToPorts(txPorts, count, NEXT_TX);
            if (padded)
            {
                trimPadding(vector, count);
            }
            forwarded.getAndAddRelease(sent);
        }
    }

    /** ip8-egress-filter's class rule: the classes the egress port refuses (an IPv4 packet has no interior link). */
    private static boolean egressRefuses(final long info, final int classes, final boolean v8)
    {
        // An IPv4 packet has r = 0 at both ends: n 222.x is no interior link there.
        final int refused = (int)(info >>> INFO_CLASS_SHIFT) & (v8 ? 0xFF : ~CLASS_INTERIOR);
        return (classes & refused) != 0;
    }

    /** Ethernet padding of the forwarded packets trimmed, as ethernet-input trims it. */
    private void trimPadding(final PacketVector vector, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (txPorts[i] != PacketVector.NO_PORT && (headers[i] & (1L << HEADER_PADDED_BIT)) != 0)
            {
                vector.length(i, L2 + ((int)headers[i] & 0xFFFF));
            }
        }
    }

    /**
     * {@link Checksum#update16}{@code (checksum, word, word - 0x0100)} for a TTL|Protocol word of at least 0x0200,
     * in fewer steps: {@code ~word + (word - 0x0100)} is exactly 0xFEFF, and one end-around carry of
     * {@code ~checksum + 0xFEFF} (at most 0x1FEFE) is the full fold. Same value, bit for bit.
     */
    static int ttlDecrementedChecksum(final int checksum)
    {
        final int sum = (~checksum & 0xFFFF) + 0xFEFF;
        return ~((sum & 0xFFFF) + (sum >>> 16)) & 0xFFFF;
    }

    /**
     * {@code Checksum.fold(sum) == 0xFFFF} for a positive unfolded sum, without the carry chain: folding keeps the
     * value modulo 0xFFFF (0x10000 = 1 mod 0xFFFF) and ends in 1..0xFFFF, so it is 0xFFFF exactly when the sum is
     * a multiple of 0xFFFF. (The sums here are never 0: the first header octet is 0x87 or 0x45.) Divisibility by
     * the odd constant 0xFFFF is one multiplication by its inverse modulo 2^64 and one unsigned compare
     * (Granlund-Montgomery): x is a multiple of d exactly when x * d^-1 mod 2^64 <= (2^64 - 1) / d.
     */
    static boolean isOnesComplementAllOnes(final long sum)
    {
        return Long.compareUnsigned(sum * INVERSE_OF_FFFF, MULTIPLES_OF_FFFF_LIMIT) <= 0;
    }

    private static final long INVERSE_OF_FFFF = 0xFFFE_FFFE_FFFE_FFFFL; // 0xFFFF * this = 1 mod 2^64
    private static final long MULTIPLES_OF_FFFF_LIMIT = 0x0001_0001_0001_0001L; // (2^64 - 1) / 0xFFFF

    private static int u16(final long address)
    {
        final short value = UnsafeApi.getShort(address);
        return (NATIVE_BIG_ENDIAN ? value : Short.reverseBytes(value)) & 0xFFFF;
    }

    private static long u32(final long address)
    {
        final int value = UnsafeApi.getInt(address);
        return (NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value)) & 0xFFFF_FFFFL;
    }

    private static long u64(final long address)
    {
        final long value = UnsafeApi.getLong(address);
        return NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value);
    }

    /** A value whose 8 octets are in network order once stored with {@link UnsafeApi#putLong}. */
    private static long wireOrder(final long value)
    {
        return NATIVE_BIG_ENDIAN ? value : Long.reverseBytes(value);
    }

    private static void putU32(final long address, final int value)
    {
        UnsafeApi.putInt(address, NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value));
    }
}
