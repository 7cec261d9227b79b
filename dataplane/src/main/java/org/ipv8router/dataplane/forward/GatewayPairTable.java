package org.ipv8router.dataplane.forward;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Prefix;

/**
 * The .254/.253 gateway pair as the forwarding nodes see it (spec 7.7, profile section 9): per port, the two VIPs,
 * their virtual MACs and two live bits the control plane flips while the worker forwards:
 * <ul>
 *   <li>{@code OWN_ACTIVE}: we answer ARP/ARP8 for our own VIP with its virtual MAC and accept frames sent to
 *       that MAC;</li>
 *   <li>{@code PEER_HELD}: the peer is dead and we stand in for it: we also answer for the peer's VIP with the
 *       peer's virtual MAC, accept frames to that MAC and deliver packets for the peer's VIP locally.</li>
 * </ul>
 * The VIPs and MACs are fixed when the router is built; the bits are written by the control plane with release
 * stores and read by the worker with acquire loads (a plain load on x86): no lock, no queue, the worker never waits,
 * and the next packet after the store sees the new state.
 * <p>
 * <b>For the fast path.</b> {@link #activeOn(int)} says whether a pair runs on a port at all (fixed for the
 * router's life); a fused node that skips ethernet-input/arp-input/ip8-local must step aside for such ports.
 */
public final class GatewayPairTable
{
    /** Our own VIP is answered. */
    public static final int OWN_ACTIVE = 1;
    /** The peer's VIP is answered too (takeover). */
    public static final int PEER_HELD = 2;
    /** {@code 255.255.0.0.224.0.0.1}, all IPv8 routers: the IPv8 destination of every hello (profile 9.1). */
    public static final long ALL_ROUTERS = 0xFFFF_0000_E000_0001L;
    /** Answer MAC meaning "a VIP of the pair that we must not answer now". */
    public static final long NOT_ANSWERED = -1L;

    private static final VarHandle BITS = MethodHandles.arrayElementVarHandle(int[].class);

    private final boolean[] configured;
    private final boolean[] even;
    private final long[] ownVip;
    private final long[] peerVip;
    private final long[] ownMac;
    private final long[] peerMac;
    private final int[] vlan;
    private final int[] bits;
    /** Ports whose PEER_HELD bit is set, as a bit mask (ports >= 64 share bit 63): lets ip8-local skip the check. */
    private volatile long heldMask;

    GatewayPairTable(final List<RouterSpec.GatewayPair> pairs, final InterfaceTable interfaces, final RouterSpec spec)
    {
        final int n = interfaces.size();
        configured = new boolean[n];
        even = new boolean[n];
        ownVip = new long[n];
        peerVip = new long[n];
        ownMac = new long[n];
        peerMac = new long[n];
        vlan = new int[n];
        bits = new int[n];
        for (final RouterSpec.GatewayPair p : pairs)
        {
            final RouterSpec.Interface i = find(spec, p.interfaceName());
            final int port = i.portIndex();
            if (configured[port])
            {
                throw new IllegalArgumentException("interface " + i.name() + ": more than one gateway pair");
            }
            check(i, p);
            configured[port] = true;
            even[port] = p.even();
            ownVip[port] = p.ownVip();
            peerVip[port] = p.peerVip();
            vlan[port] = p.vlan();
            ownMac[port] = virtualMac(p.vlan(), p.even());
            peerMac[port] = virtualMac(p.vlan(), !p.even());
        }
    }

    private static RouterSpec.Interface find(final RouterSpec spec, final String name)
    {
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            if (i.name().equals(name))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("gateway pair: no interface " + name);
    }

    /**
     * Checks the pair against the interface: our VIP must be one of its addresses, the peer's VIP on the same
     * connected prefix, and the two at broadcast - 1 (even) and broadcast - 2 (odd) of that prefix (.254/.253 on a
     * /24, profile section 9).
     */
    private static void check(final RouterSpec.Interface i, final RouterSpec.GatewayPair p)
    {
        RouterSpec.Address own = null;
        for (final RouterSpec.Address a : i.addresses())
        {
            if (a.address() == p.ownVip())
            {
                own = a;
            }
        }
        final String where = "interface " + i.name() + ": gateway-pair " + (p.even() ? "even" : "odd") + " peer " +
            Ipv8Address.toString(p.peerVip());
        if (own == null)
        {
            throw new IllegalArgumentException(where + ": our VIP " + Ipv8Address.toString(p.ownVip()) +
                " is not an address of the interface");
        }
        final long mask = Ipv8Prefix.mask64(own.length64());
        if ((own.address() & mask) != (p.peerVip() & mask))
        {
            throw new IllegalArgumentException(where + ": the peer is not on " +
                Ipv8Prefix.of(own.address() & mask, own.length64()));
        }
        if (own.length64() > 62)
        {
            throw new IllegalArgumentException(where + ": the segment " + Ipv8Prefix.of(own.address() & mask,
                own.length64()) + " is too small for a gateway pair (needs at least 4 addresses)");
        }
        final long broadcast = own.address() | ~mask;
        final long evenVip = broadcast - 1;
        final long oddVip = broadcast - 2;
        final long wantOwn = p.even() ? evenVip : oddVip;
        final long wantPeer = p.even() ? oddVip : evenVip;
        if (p.ownVip() != wantOwn || p.peerVip() != wantPeer)
        {
            throw new IllegalArgumentException(where + ": the " + (p.even() ? "even" : "odd") + " member must be " +
                Ipv8Address.toString(wantOwn) + " and its peer " + Ipv8Address.toString(wantPeer) +
                " (broadcast - 1 is even, broadcast - 2 is odd)");
        }
    }

    /**
     * The virtual MAC of a VIP (profile section 9): locally administered {@code 02:08:00:<VLAN hi>:<VLAN lo>:fe}
     * for the even member (.254) and {@code ...:fd} for the odd one (.253).
     *
     * @param vlan VLAN ID 0..4095 (0 on an untagged segment).
     * @param even which member.
     * @return the MAC in the low 48 bits.
     */
    public static long virtualMac(final int vlan, final boolean even)
    {
        return 0x0208_0000_0000L | ((long)(vlan & 0xFFFF) << 8) | (even ? 0xFE : 0xFD);
    }

    // ------------------------------------------------------------------------------------------ any thread

    /** @return true if a gateway pair runs on the port (fixed for the router's life): the fast path steps aside. */
    public boolean activeOn(final int port)
    {
        return port >= 0 && port < configured.length && configured[port];
    }

    /** @return true if any port has a gateway pair. */
    public boolean any()
    {
        for (final boolean c : configured)
        {
            if (c)
            {
                return true;
            }
        }
        return false;
    }

    public boolean isEven(final int port)
    {
        return even[port];
    }

    public long ownVip(final int port)
    {
        return ownVip[port];
    }

    public long peerVip(final int port)
    {
        return peerVip[port];
    }

    public long ownMac(final int port)
    {
        return ownMac[port];
    }

    public long peerMac(final int port)
    {
        return peerMac[port];
    }

    public int vlan(final int port)
    {
        return vlan[port];
    }

    /** @return {@link #OWN_ACTIVE} and {@link #PEER_HELD} bits of the port (acquire load). */
    public int bits(final int port)
    {
        return (int)BITS.getAcquire(bits, port);
    }

    public boolean ownActive(final int port)
    {
        return (bits(port) & OWN_ACTIVE) != 0;
    }

    public boolean peerHeld(final int port)
    {
        return (bits(port) & PEER_HELD) != 0;
    }

    // ------------------------------------------------------------------------------------------ control plane

    /**
     * Starts or stops answering for our own VIP. One control-plane thread at a time; never blocks the worker.
     *
     * @throws IllegalArgumentException if the port has no pair.
     */
    public void ownActive(final int port, final boolean active)
    {
        update(port, OWN_ACTIVE, active);
    }

    /**
     * Starts (takeover) or stops (give-back) standing in for the peer's VIP. One control-plane thread at a time.
     *
     * @throws IllegalArgumentException if the port has no pair.
     */
    public void peerHeld(final int port, final boolean held)
    {
        update(port, PEER_HELD, held);
    }

    private void update(final int port, final int bit, final boolean set)
    {
        if (!activeOn(port))
        {
            throw new IllegalArgumentException("port " + port + " has no gateway pair");
        }
        final int old = (int)BITS.getAcquire(bits, port);
        final int now = set ? old | bit : old & ~bit;
        BITS.setRelease(bits, port, now);
        long mask = 0;
        for (int p = 0; p < bits.length; p++)
        {
            if (((int)BITS.getAcquire(bits, p) & PEER_HELD) != 0)
            {
                mask |= 1L << Math.min(p, 63);
            }
        }
        heldMask = mask;
    }

    // ------------------------------------------------------------------------------------------ worker (hot path)

    /** @return true if some port stands in for its peer now (one volatile load; ip8-local reads it per vector). */
    boolean anyHeld()
    {
        return heldMask != 0;
    }

    /**
     * @return true if {@code address} (64 bits, or the r = 0 form an IPv4-only host uses) is a peer VIP we hold.
     */
    boolean isHeldVip(final long address)
    {
        for (int p = 0; p < configured.length; p++)
        {
            if (configured[p] && (peerVip[p] == address || (peerVip[p] & 0xFFFF_FFFFL) == address) &&
                ((int)BITS.getAcquire(bits, p) & PEER_HELD) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /** @return true if a unicast frame to {@code mac} on {@code port} is for us because of the pair. */
    /**
     * Whether a unicast frame to {@code mac} is a hello candidate although {@link #acceptsMac} refused it: the
     * peer sends hellos to our virtual MAC before it has heard us (profile 9.1), and we must hear them in every
     * state, also before our VIP is active and while the peer holds it. ethernet-input then accepts the frame only
     * if it is IPv8 to {@link #ALL_ROUTERS} (punted, never forwarded), so hosts' traffic to a virtual MAC we do not
     * answer is still dropped.
     */
    boolean isOwnVirtualMac(final int port, final long mac)
    {
        return configured[port] && mac == ownMac[port];
    }

    boolean acceptsMac(final int port, final long mac)
    {
        if (!configured[port])
        {
            return false;
        }
        final int b = (int)BITS.getAcquire(bits, port);
        return (mac == ownMac[port] && (b & OWN_ACTIVE) != 0) || (mac == peerMac[port] && (b & PEER_HELD) != 0);
    }

    /**
     * The MAC to answer an ARP8 request for {@code target} with.
     *
     * @return the virtual MAC, 0 if the target is not a VIP of this port's pair (answer as usual), or
     *         {@link #NOT_ANSWERED} if it is a VIP we must not answer now.
     */
    long answerMac(final int port, final long target)
    {
        if (!configured[port])
        {
            return 0;
        }
        if (target == ownVip[port])
        {
            return ((int)BITS.getAcquire(bits, port) & OWN_ACTIVE) != 0 ? ownMac[port] : NOT_ANSWERED;
        }
        if (target == peerVip[port])
        {
            return ((int)BITS.getAcquire(bits, port) & PEER_HELD) != 0 ? peerMac[port] : NOT_ANSWERED;
        }
        return 0;
    }

    /** {@link #answerMac} for an ARP4 request: the target is the n.n.n.n of a VIP. */
    long answerMacIpv4(final int port, final int target)
    {
        if (!configured[port])
        {
            return 0;
        }
        if (target == (int)ownVip[port])
        {
            return answerMac(port, ownVip[port]);
        }
        if (target == (int)peerVip[port])
        {
            return answerMac(port, peerVip[port]);
        }
        return 0;
    }

    /** The MAC our own ARP requests carry as sender hardware address: the virtual MAC when sent from our VIP. */
    long senderMac(final int port, final long senderAddress, final long interfaceMac)
    {
        return configured[port] && senderAddress == ownVip[port] ? ownMac[port] : interfaceMac;
    }
}
