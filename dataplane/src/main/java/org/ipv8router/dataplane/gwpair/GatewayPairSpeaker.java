package org.ipv8router.dataplane.gwpair;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.forward.ControlTxQueue;
import org.ipv8router.dataplane.forward.GatewayPairTable;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.neighbor.Arp8Announcer;
import org.ipv8router.wire.ArpPacket;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.UdpHeader;
import org.ipv8router.wire.WireProfile;

/**
 * The control-plane side of every .254/.253 gateway pair of one {@link Router} (spec 7.7, profile section 9): one
 * {@link GatewayPairFsm} per pair interface, the hello sender and parser, gratuitous ARP8/ARP on takeover and on
 * claiming our own VIP, and the counters. Decisions are applied to the router's {@link GatewayPairTable} (release
 * stores the worker reads per packet) and frames leave through its {@link ControlTxQueue}: nothing here blocks or
 * waits on the forwarding worker.
 * <p>
 * <b>Threading.</b> Single thread: call {@link #start}, {@link #poll} (at least every few ms; it sends what is due)
 * and {@link #onFrame} (every punted frame; it takes hellos) from one thread, e.g. the daemon's forwarding control
 * thread. {@link #status()} from the same thread. Allocation: none per hello or per poll; events allocate a reason
 * string (rare).
 */
public final class GatewayPairSpeaker
{
    /** {@code 255.255.0.0.224.0.0.1}: all IPv8 routers (spec 1.6, link-local group). */
    public static final long ALL_ROUTERS = GatewayPairTable.ALL_ROUTERS;
    /**
     * Ethernet destination of hellos with {@code hello-destination multicast}: the IPv4 mapping of n = 224.0.0.1
     * (profile section 3.3). The default, unicast, sends them to the peer's MAC instead ({@link Status#helloMac()}).
     */
    public static final long ALL_ROUTERS_MAC = 0x0100_5E00_0001L;
    /** IPv8 TTL of hellos; a hello with any other TTL came from off the segment and is dropped (GTSM-like). */
    public static final int HELLO_TTL = 255;
    /** DSCP CS6 (network control). */
    private static final int HELLO_TOS = 0xC0;

    /** What the speaker decided or saw (for structured logs). */
    @FunctionalInterface
    public interface Events
    {
        /**
         * @param interfaceName the pair's interface.
         * @param event         own-vip-active, takeover, give-back, peer-up, peer-down, bad-hello, timers-mismatch.
         * @param detail        why (reason text).
         */
        void onEvent(String interfaceName, String event, String detail);
    }

    /** One pair as {@code show gateway-pair} prints it. */
    public record Status(
        String interfaceName,
        boolean even,
        long ownVip,
        long peerVip,
        int vlan,
        long ownMac,
        long peerMac,
        boolean ownActive,
        boolean peerHeld,
        GatewayPairFsm.PeerState peer,
        long lastHelloAgeMs,
        long lastPeerSequence,
        long hellosSent,
        long hellosReceived,
        long hellosBad,
        long takeovers,
        long giveBacks,
        String lastBadReason,
        long helloMac)
    {
        /** @return the summary state: takeover, active, standby (own VIP not yet claimed). */
        public String state()
        {
            return peerHeld ? "takeover" : ownActive ? "active" : "standby";
        }
    }

    private final List<Pair> pairs = new ArrayList<>();
    private final GatewayPairTimers timers;
    private final Events events;
    private final ControlTxQueue tx;
    private final WireProfile profile;
    private final GatewayPairTable table;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv8Header ip = new Ipv8Header();
    private final UdpHeader udp = new UdpHeader();
    private final GatewayPairHello hello = new GatewayPairHello();
    private final ArpPacket arp = new ArpPacket();
    private final long helloIntervalNs;

    /**
     * @param router   the router whose pairs ({@code RouterSpec.gatewayPairs()}) this speaker runs.
     * @param timers   timers and hello port.
     * @param counters where the per-interface counters go (hellos sent/received/bad, takeovers, give-backs);
     *                 null keeps them only in {@link #status()}.
     * @param events   receives decisions and bad hellos.
     */
    public GatewayPairSpeaker(
        final Router router, final GatewayPairTimers timers, final DataplaneCounters counters, final Events events)
    {
        this.timers = timers;
        this.events = events;
        this.tx = router.controlTx();
        this.profile = router.spec().profile();
        this.table = router.gatewayPairs();
        this.helloIntervalNs = timers.helloIntervalMs() * 1_000_000L;
        for (int port = 0; port < router.interfaces().size(); port++)
        {
            if (table.activeOn(port))
            {
                pairs.add(new Pair(port, router.interfaces().name(port), router.interfaces().mac(port), counters));
            }
        }
    }

    /** @return true if the router has at least one pair. */
    public boolean hasPairs()
    {
        return !pairs.isEmpty();
    }

    /** Starts every pair at {@code now} (first hello goes out on the next {@link #poll}). */
    public void start(final long now)
    {
        for (final Pair p : pairs)
        {
            p.nextHelloAt = now;
            p.fsm.start(now);
        }
    }

    /** Sends due hellos and announcements, expires dead peers. @return frames sent. */
    public int poll(final long now)
    {
        int work = 0;
        for (final Pair p : pairs)
        {
            p.now = now;
            p.fsm.poll(now);
            if (p.flagsChanged || now - p.nextHelloAt >= 0)
            {
                p.flagsChanged = false;
                sendHello(p, p.fsm.helloFlags());
                p.nextHelloAt = now + helloIntervalNs;
                work++;
            }
            work += p.announcer.poll(now);
        }
        return work;
    }

    /**
     * Clean stop: sends one hello with the R flag (and neither O nor H) on every pair, so each peer takes over at
     * once; then this speaker must not be polled again. Frames are queued; the forwarding worker must run a little
     * longer to send them ({@link ControlTxQueue#isEmpty()}).
     *
     * @return hellos queued.
     */
    public int resign()
    {
        int sent = 0;
        for (final Pair p : pairs)
        {
            sendHello(p, GatewayPairHello.FLAG_RESIGN);
            sent++;
        }
        return sent;
    }

    /**
     * A punted frame (with its Ethernet header).
     *
     * @param ingressPort the port it arrived on.
     * @return true if it was a gateway-pair hello (valid or not), so other consumers may skip it.
     */
    public boolean onFrame(final int ingressPort, final DirectBuffer buffer, final int offset, final int length, final long now)
    {
        if (length < EthernetFrame.HEADER_LENGTH)
        {
            return false;
        }
        ethernet.wrap(buffer, offset, length);
        final int type = ethernet.etherType();
        final int l3 = offset + ethernet.payloadOffset();
        final int l3Length = length - (l3 - offset);
        if (l3Length < Ipv8Header.MIN_HEADER_LENGTH || ((buffer.getByte(l3) & 0xFF) >>> 4) != Ipv8Header.VERSION ||
            (type != profile.ipv8EtherType() && type != EtherTypes.IPV4))
        {
            return false;
        }
        ip.wrap(buffer, l3, l3Length);
        if (ip.destination() != ALL_ROUTERS || ip.protocol() != IpProtocols.UDP)
        {
            return false;
        }
        final int l4 = l3 + ip.headerLength();
        final int l4Length = Math.min(ip.totalLength(), l3Length) - ip.headerLength();
        if (l4Length < UdpHeader.HEADER_LENGTH)
        {
            return false;
        }
        udp.wrap(buffer, l4, l4Length);
        if (udp.destinationPort() != timers.udpPort())
        {
            return false;
        }
        final Pair p = pairOn(ingressPort);
        if (p == null)
        {
            return true; // a hello on an interface without a pair: not ours to judge, not counted
        }
        if (ip.ttl() != HELLO_TTL)
        {
            return bad(p, "TTL " + ip.ttl() + " (not 255: not from this segment)");
        }
        if (udp.udpLength() < UdpHeader.HEADER_LENGTH || udp.udpLength() > l4Length)
        {
            return bad(p, "UDP length " + udp.udpLength() + " (datagram has " + l4Length + " octets)");
        }
        if (udp.checksum() != UdpHeader.NO_CHECKSUM && !udp.verifyChecksum(ip.source(), ip.destination(),
            profile.l4PseudoHeader()))
        {
            return bad(p, "UDP checksum");
        }
        hello.wrap(buffer, l4 + UdpHeader.HEADER_LENGTH, Math.min(udp.udpLength(), l4Length) - UdpHeader.HEADER_LENGTH);
        if (!hello.isComplete())
        {
            return bad(p, "short hello (" + hello.length() + " octets)");
        }
        if (hello.version() != GatewayPairHello.VERSION || hello.type() != GatewayPairHello.TYPE_HELLO)
        {
            return bad(p, "version " + hello.version() + " type " + hello.type());
        }
        final long peerVip = table.peerVip(p.port);
        final long ownVip = table.ownVip(p.port);
        if (hello.senderVip() != peerVip || ip.source() != peerVip)
        {
            return bad(p, "sender " + Ipv8Address.toString(hello.senderVip()) + " is not the configured peer " +
                Ipv8Address.toString(peerVip));
        }
        if (hello.peerVip() != ownVip)
        {
            return bad(p, "the peer pairs with " + Ipv8Address.toString(hello.peerVip()) + ", not with us (" +
                Ipv8Address.toString(ownVip) + ")");
        }
        if ((hello.parity() == GatewayPairHello.PARITY_EVEN) == table.isEven(p.port))
        {
            return bad(p, "the peer claims the same parity (" + (table.isEven(p.port) ? "even" : "odd") + ")");
        }
        if (hello.vlan() != table.vlan(p.port))
        {
            return bad(p, "VLAN " + hello.vlan() + ", ours is " + table.vlan(p.port));
        }
        // The peer sits where this frame came from: the bridge has just learned its source there, so unicast hellos
        // to it reach the peer and nobody else (read before the FSM runs: announcements rewrap the flyweight).
        final long from = ethernet.source();
        if (!EthernetFrame.isMulticastMac(from))
        {
            p.peerSeenAt = from;
        }
        p.received++;
        p.count(p.receivedCounter);
        p.lastSequence = hello.sequence();
        final boolean mismatch = hello.helloIntervalMs() != Math.min(65_535L, timers.helloIntervalMs()) ||
            hello.deadIntervalMs() != Math.min(65_535L, timers.deadIntervalMs());
        if (mismatch && !p.timersMismatch)
        {
            // Each member applies its own timers; different ones make takeover times asymmetric: say so once.
            events.onEvent(p.name, "timers-mismatch", "peer hello " + hello.helloIntervalMs() + " ms dead " +
                hello.deadIntervalMs() + " ms, ours hello " + timers.helloIntervalMs() + " ms dead " +
                timers.deadIntervalMs() + " ms");
        }
        p.timersMismatch = mismatch;
        p.now = now;
        if (hello.resigning())
        {
            p.fsm.onResign(now);
        }
        else
        {
            p.fsm.onHello(now, hello.ownActive(), hello.holdsPeer());
        }
        return true;
    }

    private boolean bad(final Pair p, final String reason)
    {
        p.bad++;
        p.count(p.badCounter);
        if (!reason.equals(p.lastBadReason))
        {
            events.onEvent(p.name, "bad-hello", reason); // first of a kind; the counter has the rest
        }
        p.lastBadReason = reason;
        return true;
    }

    private Pair pairOn(final int port)
    {
        for (final Pair p : pairs)
        {
            if (p.port == port)
            {
                return p;
            }
        }
        return null;
    }

    /** @return every pair's state and counters (speaker thread). */
    public List<Status> status(final long now)
    {
        final List<Status> list = new ArrayList<>();
        for (final Pair p : pairs)
        {
            final long last = p.fsm.lastHelloAt();
            list.add(new Status(p.name, table.isEven(p.port), table.ownVip(p.port), table.peerVip(p.port),
                table.vlan(p.port), table.ownMac(p.port), table.peerMac(p.port), p.fsm.ownActive(), p.fsm.peerHeld(),
                p.fsm.peer(), last == Long.MIN_VALUE ? -1 : (now - last) / 1_000_000L, p.lastSequence, p.sent,
                p.received, p.bad, p.takeovers, p.giveBacks, p.lastBadReason, helloDestination(p)));
        }
        return list;
    }

    /** @return the timers in force. */
    public GatewayPairTimers timers()
    {
        return timers;
    }

    // ------------------------------------------------------------------------------------------------ frames

    private void sendHello(final Pair p, final int flags)
    {
        final int port = p.port;
        final long src = p.fsm.ownActive() ? table.ownMac(port) : p.interfaceMac;
        final int l3 = ethernet.wrap(out, 0).writeHeader(helloDestination(p), src, profile.ipv8EtherType());
        final int udpLength = UdpHeader.HEADER_LENGTH + GatewayPairHello.LENGTH;
        final int l4 = l3 + ip.wrap(out, l3).writeHeader(HELLO_TOS, Ipv8Header.MIN_HEADER_LENGTH + udpLength,
            (int)(p.sequence & 0xFFFF), Ipv8Header.FLAG_DF, HELLO_TTL, IpProtocols.UDP, table.ownVip(port), ALL_ROUTERS);
        udp.wrap(out, l4).writeHeader(timers.udpPort(), timers.udpPort(), udpLength);
        hello.wrap(out, l4 + UdpHeader.HEADER_LENGTH).write(table.isEven(port), flags, table.vlan(port),
            timers.helloIntervalMs(), timers.deadIntervalMs(), p.sequence, table.ownVip(port), table.peerVip(port));
        udp.wrap(out, l4, udpLength).updateChecksum(table.ownVip(port), ALL_ROUTERS, profile.l4PseudoHeader());
        p.sequence = (p.sequence + 1) & 0xFFFF_FFFFL;
        if (tx.offer(port, out, 0, l4 + udpLength))
        {
            p.sent++;
            p.count(p.sentCounter);
        }
    }

    /**
     * The Ethernet destination of the next hello. Unicast (default): the source MAC of the peer's last valid hello
     * (its virtual MAC while its VIP is active, else its interface MAC: where a learning bridge has seen it last), or
     * the peer's virtual MAC (deterministic from the pair) until a hello arrived and again after the peer was
     * declared dead. Not simply always the peer's virtual MAC: after a takeover the bridge has that MAC at us (our
     * gratuitous ARP moved it), and a returning peer that waits out its preempt delay sends from its interface MAC,
     * so hellos to its virtual MAC would never reach it.
     */
    private long helloDestination(final Pair p)
    {
        return timers.helloDestination() == GatewayPairTimers.HelloDestination.MULTICAST ? ALL_ROUTERS_MAC :
            p.peerSeenAt;
    }

    /** One gratuitous round for {@code vip}: ARP8 then ARP4, both from the VIP's virtual MAC, broadcast. */
    private void announce(final Pair p, final long vip)
    {
        final int port = p.port;
        final long mac = vip == table.ownVip(port) ? table.ownMac(port) : table.peerMac(port);
        int l3 = ethernet.wrap(out, 0).writeHeader(EthernetFrame.BROADCAST_MAC, mac, EtherTypes.ARP);
        int n = arp.wrap(out, l3).writeArp8Gratuitous(profile.ipv8EtherType(), mac, vip);
        tx.offer(port, out, 0, l3 + n);
        l3 = ethernet.wrap(out, 0).writeHeader(EthernetFrame.BROADCAST_MAC, mac, EtherTypes.ARP);
        n = arp.wrap(out, l3).writeArp4Gratuitous(mac, (int)vip);
        tx.offer(port, out, 0, l3 + n);
    }

    /** One pair interface: its FSM, announcer, sequence and counters. */
    private final class Pair implements GatewayPairFsm.Listener
    {
        final int port;
        final String name;
        final long interfaceMac;
        final GatewayPairFsm fsm;
        final Arp8Announcer announcer;
        final AtomicCounter sentCounter;
        final AtomicCounter receivedCounter;
        final AtomicCounter badCounter;
        final AtomicCounter takeoverCounter;
        final AtomicCounter giveBackCounter;
        long now;
        long nextHelloAt;
        long sequence;
        long lastSequence = -1;
        /** Where the peer was last heard from (Ethernet source of its last valid hello), else its virtual MAC. */
        long peerSeenAt;
        boolean flagsChanged;
        boolean timersMismatch;
        long sent;
        long received;
        long bad;
        long takeovers;
        long giveBacks;
        String lastBadReason;

        Pair(final int port, final String name, final long interfaceMac, final DataplaneCounters counters)
        {
            this.port = port;
            this.name = name;
            this.interfaceMac = interfaceMac;
            this.peerSeenAt = table.peerMac(port);
            this.fsm = new GatewayPairFsm(timers, this);
            this.announcer = new Arp8Announcer(2, timers.announceCount(), timers.announceIntervalMs() * 1_000_000L,
                vip -> announce(this, vip));
            sentCounter = counter(counters, "hellos-sent");
            receivedCounter = counter(counters, "hellos-received");
            badCounter = counter(counters, "hellos-bad");
            takeoverCounter = counter(counters, "takeovers");
            giveBackCounter = counter(counters, "give-backs");
        }

        private AtomicCounter counter(final DataplaneCounters counters, final String what)
        {
            return counters == null ? null :
                counters.newCounter(CounterTypes.OTHER, port, "gateway-pair " + name + " " + what);
        }

        void count(final AtomicCounter counter)
        {
            if (counter != null)
            {
                counter.increment();
            }
        }

        @Override
        public void onOwnVipActive(final String reason)
        {
            table.ownActive(port, true);
            flagsChanged = true;
            announcer.start(table.ownVip(port), now);
            events.onEvent(name, "own-vip-active", Ipv8Address.toString(table.ownVip(port)) + " on " +
                EthernetFrame.formatMac(table.ownMac(port)) + ": " + reason);
        }

        @Override
        public void onPeerVipHeld(final boolean held, final String reason)
        {
            table.peerHeld(port, held);
            flagsChanged = true;
            final String vip = Ipv8Address.toString(table.peerVip(port)) + " on " +
                EthernetFrame.formatMac(table.peerMac(port)) + ": " + reason;
            if (held)
            {
                takeovers++;
                count(takeoverCounter);
                announcer.start(table.peerVip(port), now);
                events.onEvent(name, "takeover", vip);
            }
            else
            {
                giveBacks++;
                count(giveBackCounter);
                events.onEvent(name, "give-back", vip);
            }
        }

        @Override
        public void onPeerState(final GatewayPairFsm.PeerState from, final GatewayPairFsm.PeerState to, final String reason)
        {
            if (to != GatewayPairFsm.PeerState.UP)
            {
                peerSeenAt = table.peerMac(port); // it may come back on another MAC; its virtual one is the known place
            }
            events.onEvent(name, to == GatewayPairFsm.PeerState.UP ? "peer-up" : "peer-down",
                from.name().toLowerCase() + " -> " + to.name().toLowerCase() + ": " + reason);
        }
    }
}
