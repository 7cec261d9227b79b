package org.ipv8router.dataplane.forward;

import java.nio.ByteOrder;
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
 *   pass 1, per packet (no table but the interface table):
 *     ingress interface eligible ({@link FastPathEligibility}), frame long enough, untagged, source MAC unicast,
 *     destination MAC ours (or any MAC accepted); EtherType = IPv8 with 0x87, 0x0800 with 0x45 (IPv4) or with
 *     0x87 if the profile accepts v8 on 0x0800; no options (IHL 7 / 5); Total Length fits; header checksum ok;
 *     no r = ff.ff.x.x (broadcast class, cross-ASN multicast, reserved) and no 127.x zone r on either end, no n in
 *     224/4, source not unspecified or 255.255.255.255, destination not 255.255.255.255 and not ours (spec 1.5,
 *     2.5, 7.1 steps 4-5, 7.4); TTL > 1; not an IPv8 packet with r = 0 on both ends (A16 downgrade);
 *     role-filter passes (external interfaces: RoleFilterNode.check itself; internal and interior-link: no 100.x
 *     r; RINE: nothing left to check)
 *   pass 2: one batch FIB lookup of the survivors (l3fwd style)
 *   pass 3, per survivor: CONNECTED next hop (no 8to4, no local, no drop); egress interface eligible;
 *     ip8-egress-filter passes (external: EgressFilterNode.check itself; internal and interior-link: no 100.x r;
 *     RINE: nothing left); neighbour resolved without side effects
 *     ({@link Arp8Cache#peekResolved}) and, for version 8, proven IPv8-capable (spec 3.2); Total Length within the
 *     egress MTU; then TTL - 1 with the RFC 1624 checksum update, L2 header rewritten in place, padding trimmed,
 *     tx port set -> port-output
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

    /** Interface role classes for the filters: internal/interior-link, RINE, external. */
    private static final byte ROLE_PLAIN = 0;
    private static final byte ROLE_RINE = 1;
    private static final byte ROLE_EXTERNAL = 2;

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    private static final int L2 = EthernetFrame.HEADER_LENGTH;

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
    /** Per port: ROLE_PLAIN, ROLE_RINE or ROLE_EXTERNAL (from the read-only interface table). */
    private final byte[] roleClass;
    /** Per port: role INTERNAL (egress validation checks only packets that came in on one). */
    private final boolean[] internal;
    /** Per port: role EXTERNAL (egress validation checks only packets that leave on one). */
    private final boolean[] external;

    // Per-vector scratch (l3fwd's gather/scatter arrays): survivors of pass 1 and their keys.
    private final int[] index;
    private final long[] destinations;
    private final long[] sources;
    /** Per survivor: Total Length (bits 0-15), TTL|Protocol word (16-31), header checksum (32-47), IPv8 (bit 48). */
    private final long[] headers;
    private final int[] results;
    /** Per packet: ingress interface eligible and without ACL8 (the live reads, made once per port run). */
    private final boolean[] ingressOk;
    /** Per survivor: egress port of a CONNECTED, egress-eligible next hop, else -1 (live reads, once per hop run). */
    private final int[] hopPorts;
    /** Per survivor with a hop port: the neighbour's Arp8Cache slot from peekResolved (-1: not usable). */
    private final int[] slots;

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
        this.roleClass = new byte[interfaces.size()];
        this.internal = new boolean[interfaces.size()];
        this.external = new boolean[interfaces.size()];
        for (int p = 0; p < roleClass.length; p++)
        {
            final RouterSpec.Role role = interfaces.exists(p) ? interfaces.role(p) : RouterSpec.Role.EXTERNAL;
            roleClass[p] = role == RouterSpec.Role.EXTERNAL ? ROLE_EXTERNAL :
                role == RouterSpec.Role.RINE ? ROLE_RINE : ROLE_PLAIN;
            internal[p] = interfaces.role(p) == RouterSpec.Role.INTERNAL; // as ForwardingFeatures asks
            external[p] = interfaces.role(p) == RouterSpec.Role.EXTERNAL;
        }
        this.ingressOk = new boolean[vectorCapacity];
        this.hopPorts = new int[vectorCapacity];
        this.slots = new int[vectorCapacity];
        this.index = new int[vectorCapacity];
        this.destinations = new long[vectorCapacity];
        this.sources = new long[vectorCapacity];
        this.headers = new long[vectorCapacity];
        this.results = new int[vectorCapacity];
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
        if (state.reinjector.anyWaitingInGraph())
        {
            slowAll(vector, count); // older packets (released, ICMP errors, fragments) go first, as in the graph
            return;
        }
        final int[] index = this.index;
        final long[] destinations = this.destinations;
        final long[] sources = this.sources;
        final long[] headers = this.headers;
        final ForwardingFeatures features = this.features;
        // ip4-return-flow may turn an IPv4 reply back into IPv8 (spec 3.5): while it holds flows, IPv4 goes slow.
        final boolean ipv4Slow = features.returnFlowRestoring();
        final boolean anyHeld = pairs.anyHeld();
        // ip8-egress-validate's mode, read once for the vector (the table's own contract: a change takes effect
        // with the worker's next vector).
        final boolean validationActive = features.egressValidationActive();
        // The live per-port reads (eligibility, ACL8) are acquire/volatile loads: done here, once per run of one
        // ingress port, and not in the loops below, where each would make C2 reload every field and array of the
        // vector and keep all the range checks (measured: ~4 of 43 ns/packet).
        final boolean[] ingressOk = this.ingressOk;
        int lastPort = -1;
        boolean lastOk = false;
        for (int i = 0; i < count; i++)
        {
            final int port = vector.ingressPort(i);
            if (port != lastPort)
            {
                lastPort = port;
                lastOk = (eligibility.eligible(port) & FastPathEligibility.INGRESS_OK) != 0 && !features.acl8On(port);
            }
            ingressOk[i] = lastOk;
        }
        final long[] macs = interfaces.macs();
        final byte[] roleClass = this.roleClass;
        int survivors = 0;
        for (int i = 0; i < count; i++)
        {
            vector.next(i, NEXT_SLOW);
            final long frame = vector.dataAddress(i);
            final int length = vector.length(i);
            if (length < L2 + Ipv4Header.MIN_HEADER_LENGTH)
            {
                continue; // the slow path drops it with the precise reason
            }
            final int etherType = u16(frame + EthernetFrame.ETHER_TYPE_OFFSET);
            if (etherType == EtherTypes.ARP || etherType == EtherTypes.VLAN)
            {
                slowAll(vector, count); // arp-input changes neighbour state the rest of the burst reads
                return;
            }
            final int port = vector.ingressPort(i);
            if (!ingressOk[i] || (UnsafeApi.getByte(frame + EthernetFrame.SOURCE_OFFSET) & 1) != 0 ||
                (!acceptAnyMac && mac(frame) != macs[port]))
            {
                continue;
            }
            final long l3 = frame + L2;
            final int l3Length = length - L2;
            final int first = UnsafeApi.getByte(l3) & 0xFF;
            final boolean v8;
            if (first == Ipv8Header.FIRST_OCTET_NO_OPTIONS &&
                (etherType == ipv8EtherType || (etherType == EtherTypes.IPV4 && acceptV8On0800)))
            {
                v8 = true;
                if (l3Length < Ipv8Header.MIN_HEADER_LENGTH || !checksumOk28(l3))
                {
                    continue;
                }
            }
            else if (first == Ipv4Header.FIRST_OCTET_NO_OPTIONS && etherType == EtherTypes.IPV4 && !ipv4Slow)
            {
                v8 = false;
                if (!checksumOk20(l3))
                {
                    continue;
                }
            }
            else
            {
                continue;
            }
            final int headerLength = v8 ? Ipv8Header.MIN_HEADER_LENGTH : Ipv4Header.MIN_HEADER_LENGTH;
            final int total = u16(l3 + Ipv8Header.TOTAL_LENGTH_OFFSET);
            if (total < headerLength || total > l3Length)
            {
                continue;
            }
            final long src = v8 ? u64(l3 + Ipv8Header.SOURCE_OFFSET) : u32(l3 + Ipv4Header.SOURCE_OFFSET);
            final long dst = v8 ? u64(l3 + Ipv8Header.DESTINATION_OFFSET) : u32(l3 + Ipv4Header.DESTINATION_OFFSET);
            final int srcR = (int)(src >>> 32);
            final int dstR = (int)(dst >>> 32);
            // A few wide tests, each covering more than the slow path treats specially (so whatever passes is
            // plain forwarding for every slow node): r = ff.ff.x.x is broadcast class, cross-ASN multicast or
            // reserved (spec 1.5, 2.5, ip8-input, ip8-local); 127.x is a zone (zone-filter, border filters);
            // n in 224/4 is link multicast (ip8-local, 2.5); then unspecified and limited-broadcast sources, the
            // limited broadcast destination, and our own addresses (ip8-local, ip4-input's 8to4).
            if ((srcR >>> 16) == 0xFFFF || (dstR >>> 16) == 0xFFFF || (srcR >>> 24) == Ipv8Address.R_ZONE_OCTET ||
                (dstR >>> 24) == Ipv8Address.R_ZONE_OCTET || ((int)src >>> 28) == 0xE || ((int)dst >>> 28) == 0xE ||
                src == 0 || src == 0xFFFF_FFFFL || dst == 0xFFFF_FFFFL || interfaces.isOurs(dst) ||
                (anyHeld && pairs.isHeldVip(dst)))
            {
                continue;
            }
            final int ttlWord = u16(l3 + Ipv8Header.TTL_OFFSET);
            if (ttlWord < 0x0200 || (v8 && srcR == 0 && dstR == 0))
            {
                continue; // TTL <= 1: Time Exceeded; r = 0 both ends: downgrade (A16)
            }
            // role-filter: on internal and interior-link interfaces it only rejects 100.x RINE r; on RINE ones only
            // 127.x (already out); external interfaces get the node's own check.
            final byte role = roleClass[port];
            if (role == ROLE_EXTERNAL ? RoleFilterNode.check(state, port, false, src, dst) != DropReason.NONE :
                role == ROLE_PLAIN && ((srcR >>> 24) == Ipv8Address.R_RINE_OCTET ||
                (dstR >>> 24) == Ipv8Address.R_RINE_OCTET))
            {
                continue;
            }
            index[survivors] = i;
            destinations[survivors] = dst;
            sources[survivors] = src;
            // Pass 3 then only writes to the packet: its cache line may be gone by then (64 buffers 2 KiB apart
            // share two L1 sets), and stores do not wait for the line the way loads do.
            headers[survivors] = total | ((long)ttlWord << 16) | ((long)u16(l3 + Ipv8Header.CHECKSUM_OFFSET) << 32) |
                (v8 ? 1L << 48 : 0);
            survivors++;
        }
        if (survivors == 0)
        {
            return;
        }

        final int[] results = this.results;
        fib.lookup(destinations, results, survivors);

        final NextHopTable nextHops = this.nextHops;
        final Arp8Cache[] caches = this.caches;
        // Per survivor, before the rewrite loop: the live next-hop reads (kind, egress eligibility: acquire loads)
        // once per run of one next hop, and the neighbour once per run of one target. Kept out of the rewrite loop:
        // an acquire load or a call there (Arp8Cache.find is not inlined), even a rare one, makes C2 reload the
        // vector's arrays with their range checks on every packet. Consecutive packets mostly share next hop and
        // neighbour (no state changes in between, see the class comment; peekResolved has no side effect).
        final int[] hopPorts = this.hopPorts;
        final int[] slots = this.slots;
        final long now = state.now;
        int prevHop = 0;
        int prevPort = -1;
        long prevHopAddress = 0;
        Arp8Cache prevCache = null;
        boolean haveTarget = false;
        long prevTarget = 0;
        int prevSlot = -1;
        for (int k = 0; k < survivors; k++)
        {
            final int hop = results[k];
            if (k == 0 || hop != prevHop)
            {
                prevHop = hop;
                prevPort = -1;
                haveTarget = false;
                if (!Fib.isMiss(hop) && nextHops.kind(hop) == NextHopTable.CONNECTED) // no 8to4, local, drop
                {
                    final int tx = nextHops.port(hop);
                    if ((eligibility.eligible(tx) & FastPathEligibility.EGRESS_OK) != 0)
                    {
                        prevPort = tx;
                        prevHopAddress = nextHops.address(hop);
                        prevCache = caches[tx];
                    }
                }
            }
            hopPorts[k] = prevPort;
            if (prevPort < 0)
            {
                continue;
            }
            final long target = prevHopAddress != 0 ? prevHopAddress : destinations[k];
            if (!haveTarget || target != prevTarget)
            {
                haveTarget = true;
                prevTarget = target;
                prevSlot = prevCache.peekResolved(target, now); // no side effect: nothing to undo if it goes slow
            }
            slots[k] = prevSlot;
        }

        final boolean[] internal = this.internal;
        final boolean[] external = this.external;
        boolean haveHop = false;
        int lastHop = 0;
        boolean hopOk = false;
        int tx = 0;
        byte egressRole = ROLE_PLAIN;
        Arp8Cache cache = null;
        int mtu = 0;
        long ourMac = 0;
        int sent = 0;
        for (int k = 0; k < survivors; k++)
        {
            final int hop = results[k];
            if (!haveHop || hop != lastHop)
            {
                haveHop = true;
                lastHop = hop;
                tx = hopPorts[k];
                hopOk = tx >= 0;
                if (hopOk)
                {
                    egressRole = roleClass[tx];
                    cache = caches[tx];
                    mtu = interfaces.mtu(tx);
                    ourMac = macs[tx];
                }
            }
            if (!hopOk)
            {
                continue;
            }
            final long dst = destinations[k];
            final long src = sources[k];
            // ip8-egress-filter: towards internal/interior-link only 100.x r is refused, towards RINE only 127.x
            // (already out); external interfaces get the node's own check.
            if (egressRole == ROLE_EXTERNAL ?
                EgressFilterNode.check(RouterSpec.Role.EXTERNAL, src, dst) != DropReason.NONE :
                egressRole == ROLE_PLAIN && ((src >>> 56) == Ipv8Address.R_RINE_OCTET ||
                (dst >>> 56) == Ipv8Address.R_RINE_OCTET))
            {
                continue;
            }
            // ForwardingFeatures.egressValidationOn(ingress, tx) with the mode read once for the vector.
            if (validationActive && external[tx] && internal[vector.ingressPort(index[k])])
            {
                continue; // ip8-egress-validate (spec 7.5) decides
            }
            final int slot = slots[k];
            if (slot < 0)
            {
                continue;
            }
            final long header = headers[k];
            final boolean v8 = (header & (1L << 48)) != 0;
            if (v8 && !cache.isIpv8Capable(slot))
            {
                continue; // spec 3.2: downgrade or 8to4 in the slow path
            }
            final int total = (int)header & 0xFFFF;
            if (total > mtu)
            {
                continue;
            }

            // Committed: from here on the packet is forwarded, exactly as ip8-rewrite and l2-rewrite would.
            final int i = index[k];
            final long frame = vector.dataAddress(i);
            final long l3 = frame + L2;
            final int oldWord = (int)(header >>> 16) & 0xFFFF;
            putU16(l3 + Ipv8Header.TTL_OFFSET, oldWord - 0x0100);
            putU16(l3 + Ipv8Header.CHECKSUM_OFFSET, ttlDecrementedChecksum((int)(header >>> 32) & 0xFFFF));
            final long neighbourMac = cache.mac(slot);
            putU16(frame + EthernetFrame.DESTINATION_OFFSET, (int)(neighbourMac >>> 32));
            putU32(frame + EthernetFrame.DESTINATION_OFFSET + 2, (int)neighbourMac);
            putU16(frame + EthernetFrame.SOURCE_OFFSET, (int)(ourMac >>> 32));
            putU32(frame + EthernetFrame.SOURCE_OFFSET + 2, (int)ourMac);
            putU16(frame + EthernetFrame.ETHER_TYPE_OFFSET, v8 ? ipv8EtherType : EtherTypes.IPV4);
            if (vector.length(i) != L2 + total)
            {
                vector.length(i, L2 + total); // Ethernet padding, as ethernet-input trims it
            }
            vector.txPort(i, tx);
            vector.next(i, NEXT_TX);
            sent++;
        }
        if (sent > 0)
        {
            forwarded.getAndAddRelease(sent);
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

    private static void slowAll(final PacketVector vector, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            vector.next(i, NEXT_SLOW);
        }
    }

    /** RFC 1071 check of a 28-octet IPv8 header (no options): the same sum as {@link Checksum#verify}. */
    private static boolean checksumOk28(final long l3)
    {
        final long a = u64(l3);
        final long b = u64(l3 + 8);
        final long c = u64(l3 + 16);
        final long sum = (a >>> 32) + (a & 0xFFFF_FFFFL) + (b >>> 32) + (b & 0xFFFF_FFFFL) +
            (c >>> 32) + (c & 0xFFFF_FFFFL) + u32(l3 + 24);
        return isOnesComplementAllOnes(sum);
    }

    /** RFC 1071 check of a 20-octet IPv4 header (no options). */
    private static boolean checksumOk20(final long l3)
    {
        final long a = u64(l3);
        final long b = u64(l3 + 8);
        final long sum = (a >>> 32) + (a & 0xFFFF_FFFFL) + (b >>> 32) + (b & 0xFFFF_FFFFL) + u32(l3 + 16);
        return isOnesComplementAllOnes(sum);
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

    /** Destination MAC as the 48-bit value {@code InterfaceTable.mac} holds. */
    private static long mac(final long frame)
    {
        return ((long)u16(frame) << 32) | u32(frame + 2);
    }

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

    private static void putU16(final long address, final int value)
    {
        final short s = (short)value;
        UnsafeApi.putShort(address, NATIVE_BIG_ENDIAN ? s : Short.reverseBytes(s));
    }

    private static void putU32(final long address, final int value)
    {
        UnsafeApi.putInt(address, NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value));
    }
}
