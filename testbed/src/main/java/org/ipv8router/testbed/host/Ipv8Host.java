package org.ipv8router.testbed.host;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.dataplane.neighbor.Arp8Announcer;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.neighbor.NeighborActions;
import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.neighbor.NeighborState;
import org.ipv8router.testbed.host.link.EthernetLink;
import org.ipv8router.testbed.host.link.NetworkNamespace;
import org.ipv8router.testbed.host.link.RawEthernetSocket;
import org.ipv8router.wire.ArpPacket;
import org.ipv8router.wire.Downgrade;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.UdpHeader;

import java.io.IOException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small userspace IPv8 host on one Ethernet interface: ARP8 dual-probe resolution ({@link Arp8Cache}, spec 4.3)
 * and answers to ARP8 and ARP4 requests for its own addresses, gratuitous ARP8 at start (spec 4.2), ICMPv8 echo,
 * UDP, ICMP errors, and the per-hop version choice of spec 3.2:
 * <pre>
 *  next hop (ARP8 cache)   src.r   dst.r                     sent as
 *  any                     0       0                         IPv4 (plain 20-octet header)
 *  IPV8                    any     any                       IPv8, EtherType 0x8080 (configurable)
 *  IPV4_ONLY               any     0 or one of our r         IPv4 (downgraded with {@link Downgrade})
 *  IPV4_ONLY               any     foreign ASN               dropped; local error 3/6 to the sending socket
 *  probe pending           -       -                         held (32 per neighbour), decided on completion
 *  no answer               -       -                         dropped; local error 3/1 to the sending socket
 * </pre>
 * ({@link WireVersion}), so a neighbour that has not proven IPv8 capability never receives a version-8 header.
 * It also answers plain IPv4 (ARP, ICMP echo, UDP to a bound port), so an ordinary Linux host on the segment can
 * talk to it. Do not give the interface a kernel IPv4 address as well, or both stacks answer.
 * <p>
 * Routing: a destination whose host part lies in the subnet of one of the interface addresses (and whose r is
 * that address's r, or 0) is on-link; everything else goes to the default gateways, the preferred one of a
 * .254/.253 pair first and the other while the first does not resolve. No fragmentation or reassembly
 * (datagrams over the MTU are refused, received fragments dropped and counted).
 * <p>
 * Threading: one receive thread drives the stack (frames, ARP8 timers, announcements); sockets send from their own
 * threads. All stack state sits behind one lock, which keeps {@link Arp8Cache}'s single-owner contract. This is
 * a test host for a few packets per second, not a forwarding path: clarity over speed, though nothing is
 * allocated per frame on the receive path except the copies handed to sockets.
 */
public final class Ipv8Host implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("org.ipv8router.testbed.host");
    private static final int BUFFER_CAPACITY = 65_536 + 128;
    private static final int TX_IP_OFFSET = 64;
    private static final int PENDING_SLOTS = 128;
    private static final long RECEIVE_SLICE_NANOS = 10_000_000L;
    private static final int EPHEMERAL_FIRST = 49_152;

    private final Ipv8HostConfig config;
    private final EthernetLink link;
    private final long mac;
    private final int mtu;
    private final int ipv8EtherType;
    private final L4PseudoHeader pseudoHeader;
    private final InterfaceAddress[] addresses;
    private final long[] gateways;
    private final int[] ownRoutingPrefixes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Arp8Cache arp;
    private final Arp8Announcer announcer;
    private final ReceiveValidator validator;
    private final long[] counters = new long[HostCounter.values().length];
    private final long[] drops = new long[DropReason.count()];

    // Receive side (receive thread; handled under the lock).
    private final UnsafeBuffer rx = new UnsafeBuffer(new byte[BUFFER_CAPACITY]);
    private final ArpPacket rxArp = new ArpPacket();
    private final Ipv8Header rxIp8 = new Ipv8Header();
    private final Ipv4Header rxIp4 = new Ipv4Header();
    private final IcmpMessage rxIcmp = new IcmpMessage();
    private final UdpHeader rxUdp = new UdpHeader();

    // Build and transmit side (under the lock).
    private final UnsafeBuffer build = new UnsafeBuffer(new byte[BUFFER_CAPACITY]);
    private final UnsafeBuffer tx = new UnsafeBuffer(new byte[BUFFER_CAPACITY]);
    private final Ipv8Header txIp8 = new Ipv8Header();
    private final IcmpMessage txIcmp = new IcmpMessage();
    private final UdpHeader txUdp = new UdpHeader();
    private final ArpPacket txArp = new ArpPacket();
    private final EthernetFrame txEth = new EthernetFrame();
    private int nextIdentification = ThreadLocalRandom.current().nextInt(0x10000);

    // Packets waiting for the dual probe: handle = slot index.
    private final UnsafeBuffer[] pending = new UnsafeBuffer[PENDING_SLOTS];
    private final int[] pendingLength = new int[PENDING_SLOTS];
    private final int[] pendingFree = new int[PENDING_SLOTS];
    private int pendingFreeCount;

    // Sockets (under the lock).
    private final Int2ObjectHashMap<Ipv8DatagramSocket> udpSockets = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Ipv8PingSocket> pingSockets = new Int2ObjectHashMap<>();
    private int nextEphemeral = EPHEMERAL_FIRST + ThreadLocalRandom.current().nextInt(16_384);
    private int nextPingIdentifier = ThreadLocalRandom.current().nextInt(0x10000);

    // ICMP error rate limit (token bucket, RFC 1812 style).
    private double errorTokens;
    private long errorTokensAt;

    private final Thread receiver;
    private volatile boolean running = true;
    private boolean sendErrorLogged;

    private Ipv8Host(final Ipv8HostConfig config, final EthernetLink link)
    {
        this.config = config;
        this.link = link;
        this.mac = link.macAddress();
        this.mtu = link.mtu();
        this.ipv8EtherType = config.wireProfile().ipv8EtherType();
        this.pseudoHeader = config.wireProfile().l4PseudoHeader();
        this.addresses = config.addresses().toArray(new InterfaceAddress[0]);
        this.gateways = config.gateways().stream().mapToLong(Long::longValue).toArray();
        this.ownRoutingPrefixes = config.addresses().stream().mapToInt(InterfaceAddress::routingPrefix)
            .filter(r -> r != 0).distinct().toArray();
        this.validator = new ReceiveValidator(config.wireProfile());
        this.arp = new Arp8Cache(config.arpCacheSize(), config.arpTimers(), new Actions());
        this.announcer = new Arp8Announcer(Math.max(1, addresses.length), Math.max(1, config.announceCount()),
            config.announceIntervalNs(), this::sendGratuitousArp8);
        for (int i = 0; i < PENDING_SLOTS; i++)
        {
            pending[i] = new UnsafeBuffer(new byte[mtu + 64]);
            pendingFree[i] = i;
        }
        pendingFreeCount = PENDING_SLOTS;
        errorTokens = Math.min(50, config.icmpErrorsPerSecond());
        errorTokensAt = System.nanoTime();
        receiver = Thread.ofPlatform().daemon().name("ipv8-host-" + link.name()).unstarted(this::receiveLoop);
    }

    /**
     * Opens a raw socket on the configured interface (in the configured network namespace, if any) and starts a
     * host on it. The host owns the socket and closes it.
     *
     * @throws IOException naming the interface or namespace when it cannot be opened.
     */
    public static Ipv8Host open(final Ipv8HostConfig config) throws IOException
    {
        final RawEthernetSocket socket =
            NetworkNamespace.open(config.netns(), () -> RawEthernetSocket.open(config.interfaceName()));
        try
        {
            return start(config, socket);
        }
        catch (final RuntimeException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /** Starts a host on {@code link} (which it then owns): receive thread and gratuitous ARP8 (spec 4.2). */
    public static Ipv8Host start(final Ipv8HostConfig config, final EthernetLink link)
    {
        final Ipv8Host host = new Ipv8Host(config, link);
        host.receiver.start();
        if (config.announceCount() > 0)
        {
            host.lock.lock();
            try
            {
                final long now = System.nanoTime();
                for (final InterfaceAddress address : host.addresses)
                {
                    host.announcer.start(address.address(), now);
                }
            }
            finally
            {
                host.lock.unlock();
            }
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "IPv8 host up on " + link.name() + " (" +
            EthernetFrame.formatMac(link.macAddress()) + "): " + config);
        return host;
    }

    public Ipv8HostConfig config()
    {
        return config;
    }

    public String interfaceName()
    {
        return link.name();
    }

    public long macAddress()
    {
        return mac;
    }

    public int mtu()
    {
        return mtu;
    }

    /** The first configured address. */
    public long primaryAddress()
    {
        return addresses[0].address();
    }

    public List<InterfaceAddress> addresses()
    {
        return config.addresses();
    }

    /** Opens an unbound UDP socket on this host. */
    public Ipv8DatagramSocket openDatagramSocket()
    {
        return new Ipv8DatagramSocket(this);
    }

    /** Opens an ICMP echo socket on this host (its own echo identifier). */
    public Ipv8PingSocket openPingSocket()
    {
        lock.lock();
        try
        {
            int identifier = nextPingIdentifier;
            while (pingSockets.containsKey(identifier & 0xFFFF))
            {
                identifier++;
            }
            identifier &= 0xFFFF;
            nextPingIdentifier = identifier + 1;
            final Ipv8PingSocket socket = new Ipv8PingSocket(this, identifier);
            pingSockets.put(identifier, socket);
            return socket;
        }
        finally
        {
            lock.unlock();
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Neighbours
    // ----------------------------------------------------------------------------------------------------------

    /** The ARP8 cache entry of {@code address}, or null. */
    public NeighborInfo neighbor(final long address)
    {
        lock.lock();
        try
        {
            final int slot = arp.find(address);
            return slot < 0 ? null : info(slot);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** All ARP8 cache entries. */
    public List<NeighborInfo> neighbors()
    {
        lock.lock();
        try
        {
            final List<NeighborInfo> entries = new ArrayList<>();
            arp.forEach(slot -> entries.add(info(slot)));
            return entries;
        }
        finally
        {
            lock.unlock();
        }
    }

    private NeighborInfo info(final int slot)
    {
        return new NeighborInfo(arp.address(slot), arp.mac(slot), arp.state(slot), arp.capability(slot));
    }

    /**
     * Installs a static neighbour (never probed, never ages), e.g. for a peer that cannot answer ARP8 in a test
     * ({@code ipv8 neighbor <address> <mac> ipv8|ipv4}).
     */
    public void addStaticNeighbor(final long address, final long neighborMac,
        final NeighborCapability capability)
    {
        lock.lock();
        try
        {
            arp.addStatic(address, neighborMac, capability);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Runs the dual probe for {@code address} (if it is not resolved yet) and waits until it settles.
     *
     * @return the entry once REACHABLE/STALE/FAILED, or null when {@code timeout} passed first.
     */
    public NeighborInfo resolve(final long address, final Duration timeout) throws InterruptedException
    {
        lock.lock();
        try
        {
            arp.resolve(address, System.nanoTime());
        }
        finally
        {
            lock.unlock();
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final NeighborInfo entry = neighbor(address);
            if (entry != null && entry.isSettled())
            {
                return entry;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return null;
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits until no packet is held for ARP8 resolution any more (sent, or dropped with a local error), so a tool
     * can exit right after a send without losing the datagram.
     *
     * @return false when packets were still pending at the timeout.
     */
    public boolean awaitIdle(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            lock.lock();
            final boolean idle;
            try
            {
                idle = pendingFreeCount == PENDING_SLOTS;
            }
            finally
            {
                lock.unlock();
            }
            if (idle)
            {
                return true;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(5);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Counters
    // ----------------------------------------------------------------------------------------------------------

    public long counter(final HostCounter counter)
    {
        lock.lock();
        try
        {
            return counters[counter.ordinal()];
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Frames dropped by receive validation for {@code reason}. */
    public long drops(final DropReason reason)
    {
        lock.lock();
        try
        {
            return drops[reason.ordinal()];
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Non-zero counters, one per line, for tools' verbose output. */
    public String countersReport()
    {
        lock.lock();
        try
        {
            final StringBuilder sb = new StringBuilder();
            for (final HostCounter counter : HostCounter.values())
            {
                if (counters[counter.ordinal()] != 0)
                {
                    sb.append(String.format("  %-26s %8d  %s%n", counter.name().toLowerCase(),
                        counters[counter.ordinal()], counter.description()));
                }
            }
            for (final DropReason reason : DropReason.values())
            {
                if (drops[reason.ordinal()] != 0)
                {
                    sb.append(String.format("  drop %-21s %8d  %s%n", reason.label(), drops[reason.ordinal()],
                        reason.description()));
                }
            }
            return sb.toString();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void count(final HostCounter counter)
    {
        counters[counter.ordinal()]++;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Sending (socket API)
    // ----------------------------------------------------------------------------------------------------------

    /** Binds a UDP socket; port 0 picks an ephemeral port. Returns the bound address. */
    Ipv8SocketAddress bindUdp(final Ipv8DatagramSocket socket, final Ipv8SocketAddress local) throws IOException
    {
        if (!local.isAnyAddress() && ownAddressIndex(local.address()) < 0)
        {
            throw new IOException("cannot bind to " + local + ": not an address of " + link.name() + " " +
                config.addresses() + " (EADDRNOTAVAIL)");
        }
        lock.lock();
        try
        {
            int port = local.port();
            if (port == 0)
            {
                for (int i = 0; i < 16_384; i++)
                {
                    final int candidate = EPHEMERAL_FIRST + ((nextEphemeral - EPHEMERAL_FIRST + i) & 0x3FFF);
                    if (!udpSockets.containsKey(candidate))
                    {
                        port = candidate;
                        nextEphemeral = candidate + 1;
                        break;
                    }
                }
                if (port == 0)
                {
                    throw new IOException("no free ephemeral UDP port on " + link.name());
                }
            }
            else if (udpSockets.containsKey(port))
            {
                throw new IOException("UDP port " + port + " already in use on " + link.name() + " (EADDRINUSE)");
            }
            udpSockets.put(port, socket);
            return local.withPort(port);
        }
        finally
        {
            lock.unlock();
        }
    }

    void unbindUdp(final int port, final Ipv8DatagramSocket socket)
    {
        lock.lock();
        try
        {
            if (udpSockets.get(port) == socket)
            {
                udpSockets.remove(port);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void closePing(final int identifier, final Ipv8PingSocket socket)
    {
        lock.lock();
        try
        {
            if (pingSockets.get(identifier) == socket)
            {
                pingSockets.remove(identifier);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sends one UDP datagram; {@code source} 0 picks the source address for the destination. */
    void sendUdp(final long source, final int sourcePort, final Ipv8SocketAddress to, final byte[] data,
        final int offset, final int length, final int ttl) throws IOException
    {
        final long destination = to.address();
        checkDestination(destination);
        final int udpLength = UdpHeader.HEADER_LENGTH + length;
        checkSize(Ipv8Header.MIN_HEADER_LENGTH + udpLength);
        lock.lock();
        try
        {
            final long src = source != 0 ? source : selectSource(destination);
            final int l4 = Ipv8Header.MIN_HEADER_LENGTH;
            txUdp.wrap(build, l4, udpLength).writeHeader(sourcePort, to.port(), udpLength);
            build.putBytes(l4 + UdpHeader.HEADER_LENGTH, data, offset, length);
            txUdp.updateChecksum(src, destination, pseudoHeader);
            writeIpv8Header(src, destination, ttl, IpProtocols.UDP, l4 + udpLength);
            transmit(build, 0, l4 + udpLength, System.nanoTime());
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sends one ICMP echo request; {@code source} 0 picks the source address. */
    void sendEcho(final long source, final int identifier, final long destination, final int sequence, final int ttl,
        final byte[] data) throws IOException
    {
        checkDestination(destination);
        final int icmpLength = IcmpMessage.HEADER_LENGTH + data.length;
        checkSize(Ipv8Header.MIN_HEADER_LENGTH + icmpLength);
        lock.lock();
        try
        {
            final long src = source != 0 ? source : selectSource(destination);
            final int l4 = Ipv8Header.MIN_HEADER_LENGTH;
            txIcmp.wrap(build, l4, icmpLength).writeEchoHeader(IcmpMessage.TYPE_ECHO_REQUEST, identifier, sequence);
            build.putBytes(l4 + IcmpMessage.HEADER_LENGTH, data);
            txIcmp.updateChecksum();
            writeIpv8Header(src, destination, ttl, IpProtocols.ICMP, l4 + icmpLength);
            transmit(build, 0, l4 + icmpLength, System.nanoTime());
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The neighbour a packet to {@code destination} is handed to: the destination itself when on-link, else the
     * preferred gateway; 0 when there is no route.
     */
    public long nextHop(final long destination)
    {
        if (onLinkIndex(destination) >= 0)
        {
            return destination;
        }
        return gateways.length == 0 ? 0 : gateways[0];
    }

    /** The source address this host uses towards {@code destination}. */
    public long selectSource(final long destination)
    {
        final int r = Ipv8Address.routingPrefix(destination);
        for (final InterfaceAddress address : addresses)
        {
            if (address.routingPrefix() == r && address.isOnLink(destination))
            {
                return address.address();
            }
        }
        for (final InterfaceAddress address : addresses)
        {
            if (address.isOnLink(destination))
            {
                return address.address();
            }
        }
        for (final InterfaceAddress address : addresses)
        {
            if (address.routingPrefix() == r)
            {
                return address.address();
            }
        }
        return addresses[0].address();
    }

    private void checkDestination(final long destination) throws IOException
    {
        if (destination == 0 || Ipv8Address.isMulticast(destination) || Ipv8Address.isBroadcastClass(destination) ||
            Ipv8Address.host(destination) == 0 || Ipv8Address.host(destination) == -1)
        {
            throw new IOException("cannot send to " + Ipv8Address.toString(destination) +
                ": unspecified, broadcast and multicast destinations are not supported by this host stack");
        }
        if (ownAddressIndex(destination) >= 0)
        {
            throw new IOException("cannot send to " + Ipv8Address.toString(destination) +
                ": it is this host's own address (no loopback in this host stack)");
        }
    }

    private void checkSize(final int ipLength) throws IOException
    {
        if (ipLength > mtu)
        {
            throw new IOException("message too long (EMSGSIZE): " + ipLength + "-octet IPv8 packet exceeds the MTU " +
                mtu + " of " + link.name() + "; this host stack does not fragment");
        }
    }

    private void writeIpv8Header(final long source, final long destination, final int ttl, final int protocol,
        final int totalLength)
    {
        txIp8.wrap(build, 0, totalLength).writeHeader(0, totalLength, nextIdentification++ & 0xFFFF, 0, ttl,
            protocol, source, destination);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Transmit: route, resolve, choose the version (spec 3.2)
    // ----------------------------------------------------------------------------------------------------------

    /** Sends the IPv8 packet at {@code offset}; a downgrade happens at emit time if the next hop is IPv4-only. */
    private void transmit(final UnsafeBuffer packet, final int offset, final int length, final long now)
    {
        final long destination = packet.getLong(offset + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        if (onLinkIndex(destination) >= 0)
        {
            if (!transmitVia(destination, packet, offset, length, now))
            {
                count(HostCounter.HOST_UNREACHABLE);
                localError(packet, offset, length, IcmpMessage.CODE_HOST_UNREACHABLE);
            }
            return;
        }
        if (gateways.length == 0)
        {
            count(HostCounter.NO_ROUTE);
            localError(packet, offset, length, IcmpMessage.CODE_NET_UNREACHABLE);
            return;
        }
        for (final long gateway : gateways)
        {
            if (transmitVia(gateway, packet, offset, length, now))
            {
                return;
            }
        }
        count(HostCounter.HOST_UNREACHABLE);
        localError(packet, offset, length, IcmpMessage.CODE_HOST_UNREACHABLE);
    }

    /** @return false only when {@code nextHop} is known not to answer (negative cache). */
    private boolean transmitVia(final long nextHop, final UnsafeBuffer packet, final int offset, final int length,
        final long now)
    {
        final int slot = arp.resolve(nextHop, now);
        if (slot >= 0)
        {
            emit(packet, offset, length, slot);
            return true;
        }
        if (slot == Arp8Cache.PENDING)
        {
            if (pendingFreeCount == 0 || length > pending[0].capacity())
            {
                count(HostCounter.PENDING_FULL);
                return true;
            }
            final int handle = pendingFree[--pendingFreeCount];
            pending[handle].putBytes(0, packet, offset, length);
            pendingLength[handle] = length;
            if (!arp.enqueue(nextHop, handle))
            {
                pendingFree[pendingFreeCount++] = handle;
                count(HostCounter.PENDING_FULL);
            }
            return true;
        }
        if (slot == Arp8Cache.TABLE_FULL)
        {
            count(HostCounter.PENDING_FULL);
            return true;
        }
        return false;
    }

    /** Puts the packet on the wire to neighbour {@code slot} with the version spec 3.2 allows. */
    private void emit(final DirectBuffer packet, final int offset, final int length, final int slot)
    {
        final long source = packet.getLong(offset + Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final long destination = packet.getLong(offset + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        final WireVersion version = WireVersion.choose(source, destination, arp.capability(slot), ownRoutingPrefixes);
        if (version == WireVersion.REFUSE)
        {
            count(HostCounter.IPV4_ONLY_FOREIGN_ASN);
            localError(packet, offset, length, IcmpMessage.CODE_DESTINATION_ASN_UNKNOWN);
            return;
        }
        tx.putBytes(TX_IP_OFFSET, packet, offset, length);
        if (version == WireVersion.IPV4)
        {
            final int start = Downgrade.toIpv4InPlace(tx, TX_IP_OFFSET, pseudoHeader);
            count(HostCounter.IPV4_SENT);
            sendFrame(arp.mac(slot), EtherTypes.IPV4, start, length - (start - TX_IP_OFFSET));
        }
        else
        {
            count(HostCounter.IPV8_SENT);
            sendFrame(arp.mac(slot), ipv8EtherType, TX_IP_OFFSET, length);
        }
    }

    /** Writes the Ethernet header in front of the L3 packet at {@code l3Offset} of {@link #tx}, pads, sends. */
    private void sendFrame(final long destinationMac, final int etherType, final int l3Offset, final int l3Length)
    {
        final int frameOffset = l3Offset - EthernetFrame.HEADER_LENGTH;
        txEth.wrap(tx, frameOffset).writeHeader(destinationMac, mac, etherType);
        int frameLength = EthernetFrame.HEADER_LENGTH + l3Length;
        if (frameLength < EthernetFrame.MIN_FRAME_LENGTH)
        {
            tx.setMemory(frameOffset + frameLength, EthernetFrame.MIN_FRAME_LENGTH - frameLength, (byte)0);
            frameLength = EthernetFrame.MIN_FRAME_LENGTH;
        }
        try
        {
            link.send(tx, frameOffset, frameLength);
            count(HostCounter.FRAMES_SENT);
        }
        catch (final IOException ex)
        {
            count(HostCounter.SEND_ERRORS);
            if (!sendErrorLogged)
            {
                sendErrorLogged = true;
                LOG.log(System.Logger.Level.WARNING, "IPv8 host on " + link.name() + ": send failed: " + ex.getMessage());
            }
        }
    }

    private void sendGratuitousArp8(final long ownAddress)
    {
        txArp.wrap(tx, TX_IP_OFFSET).writeArp8Gratuitous(ipv8EtherType, mac, ownAddress);
        count(HostCounter.ARP8_REQUESTS_SENT);
        sendFrame(EthernetFrame.BROADCAST_MAC, EtherTypes.ARP, TX_IP_OFFSET, ArpPacket.ARP8_LENGTH);
    }

    /** Callbacks of the ARP8 cache; always called under the lock. */
    private final class Actions implements NeighborActions
    {
        @Override
        public void sendArp8Request(final long target, final long unicastMac)
        {
            txArp.wrap(tx, TX_IP_OFFSET).writeArp8Request(ipv8EtherType, mac, selectSource(target), target);
            count(HostCounter.ARP8_REQUESTS_SENT);
            sendFrame(unicastMac == 0 ? EthernetFrame.BROADCAST_MAC : unicastMac, EtherTypes.ARP, TX_IP_OFFSET,
                ArpPacket.ARP8_LENGTH);
        }

        @Override
        public void sendArp4Request(final long target, final long unicastMac)
        {
            txArp.wrap(tx, TX_IP_OFFSET).writeArp4Request(mac, Ipv8Address.host(selectSource(target)),
                Ipv8Address.host(target));
            count(HostCounter.ARP4_REQUESTS_SENT);
            sendFrame(unicastMac == 0 ? EthernetFrame.BROADCAST_MAC : unicastMac, EtherTypes.ARP, TX_IP_OFFSET,
                ArpPacket.ARP4_LENGTH);
        }

        @Override
        public void transmitQueued(final long packetHandle, final int slot)
        {
            final int handle = (int)packetHandle;
            emit(pending[handle], 0, pendingLength[handle], slot);
            pendingFree[pendingFreeCount++] = handle;
        }

        @Override
        public void dropQueued(final long packetHandle, final long target)
        {
            final int handle = (int)packetHandle;
            count(HostCounter.HOST_UNREACHABLE);
            localError(pending[handle], 0, pendingLength[handle], IcmpMessage.CODE_HOST_UNREACHABLE);
            pendingFree[pendingFreeCount++] = handle;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Receive
    // ----------------------------------------------------------------------------------------------------------

    private void receiveLoop()
    {
        while (running)
        {
            final int length;
            try
            {
                length = link.receive(rx, 0, rx.capacity(), RECEIVE_SLICE_NANOS);
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    LOG.log(System.Logger.Level.WARNING, "IPv8 host on " + link.name() + ": receive failed, stopping: " +
                        ex.getMessage());
                }
                return;
            }
            if (length < 0)
            {
                return;
            }
            lock.lock();
            try
            {
                final long now = System.nanoTime();
                if (length > 0)
                {
                    try
                    {
                        onFrame(length, link.lastFrameFlags(), now);
                    }
                    catch (final RuntimeException ex)
                    {
                        count(HostCounter.HANDLER_ERRORS);
                        LOG.log(System.Logger.Level.WARNING, "IPv8 host on " + link.name() + ": frame handling failed", ex);
                    }
                }
                arp.poll(now);
                announcer.poll(now);
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    private void onFrame(final int length, final int flags, final long now)
    {
        count(HostCounter.FRAMES_RECEIVED);
        final DropReason reason = validator.validateFrame(rx, 0, length);
        if (reason != DropReason.NONE)
        {
            drops[reason.ordinal()]++;
            return;
        }
        final long destinationMac = EthernetFrame.readMac(rx, EthernetFrame.DESTINATION_OFFSET);
        if (destinationMac != mac && !EthernetFrame.isMulticastMac(destinationMac))
        {
            count(HostCounter.NOT_FOR_US);
            return;
        }
        if (EthernetFrame.readMac(rx, EthernetFrame.SOURCE_OFFSET) == mac)
        {
            return;   // our own frame reflected back by a hub-like segment
        }
        switch (validator.kind())
        {
            case ReceiveValidator.KIND_ARP8 -> onArp8(now);
            case ReceiveValidator.KIND_ARP4 -> onArp4(now);
            case ReceiveValidator.KIND_IPV8 -> onIp(true, flags, now);
            case ReceiveValidator.KIND_IPV4 -> onIp(false, flags, now);
            default -> { }
        }
    }

    private void onArp8(final long now)
    {
        count(HostCounter.ARP8_RECEIVED);
        rxArp.wrap(rx, validator.l3Offset(), validator.l3Length());
        final long sender = rxArp.senderProtocolAddress();
        final long senderMac = rxArp.senderHardwareAddress();
        final long target = rxArp.targetProtocolAddress();
        final boolean forUs = ownAddressIndex(target) >= 0;
        if (sender != 0)
        {
            // An ARP8 frame proves the sender IPv8-capable; create an entry when it asks us or announces itself.
            arp.onArp8(sender, senderMac, forUs || sender == target, now);
        }
        if (rxArp.operation() == ArpPacket.OPERATION_REQUEST && forUs && sender != target)
        {
            // Answer with the address as asked (also its r = 0 form): an answer is what proves capability.
            txArp.wrap(tx, TX_IP_OFFSET).writeArp8Reply(ipv8EtherType, mac, target, senderMac, sender);
            count(HostCounter.ARP8_REPLIES_SENT);
            sendFrame(senderMac, EtherTypes.ARP, TX_IP_OFFSET, ArpPacket.ARP8_LENGTH);
        }
    }

    private void onArp4(final long now)
    {
        count(HostCounter.ARP4_RECEIVED);
        rxArp.wrap(rx, validator.l3Offset(), validator.l3Length());
        final int sender = (int)rxArp.senderProtocolAddress();
        final long senderMac = rxArp.senderHardwareAddress();
        final int target = (int)rxArp.targetProtocolAddress();
        if (sender != 0)
        {
            // The ARP4 sender n.n.n.n stands for r = 0 and for our own r on this segment (Arp8Cache.onArp4).
            arp.onArp4(Ipv8Address.of(0, sender), senderMac, now);
            for (final int r : ownRoutingPrefixes)
            {
                arp.onArp4(Ipv8Address.of(r, sender), senderMac, now);
            }
        }
        if (rxArp.operation() == ArpPacket.OPERATION_REQUEST && sender != target && ownHostIndex(target) >= 0)
        {
            txArp.wrap(tx, TX_IP_OFFSET).writeArp4Reply(mac, target, senderMac, sender);
            count(HostCounter.ARP4_REPLIES_SENT);
            sendFrame(senderMac, EtherTypes.ARP, TX_IP_OFFSET, ArpPacket.ARP4_LENGTH);
        }
    }

    private void onIp(final boolean ipv8, final int flags, final long now)
    {
        final int l3 = validator.l3Offset();
        final int l3Length = validator.l3Length();
        final int l4 = validator.l4Offset();
        final int l4Length = validator.l4Length();
        final long source;
        final long destination;
        final int ttl;
        final int protocol;
        final boolean fragment;
        if (ipv8)
        {
            count(HostCounter.IPV8_RECEIVED);
            rxIp8.wrap(rx, l3, l3Length);
            source = rxIp8.source();
            destination = rxIp8.destination();
            ttl = rxIp8.ttl();
            protocol = rxIp8.protocol();
            fragment = rxIp8.isFragment();
        }
        else
        {
            count(HostCounter.IPV4_RECEIVED);
            rxIp4.wrap(rx, l3, l3Length);
            source = Ipv8Address.of(0, rxIp4.source());
            destination = Ipv8Address.of(0, rxIp4.destination());
            ttl = rxIp4.ttl();
            protocol = rxIp4.protocol();
            fragment = rxIp4.isFragment();
        }
        if (ownAddressIndex(destination) < 0)
        {
            count(isBroadcast(destination) ? HostCounter.BROADCAST_IGNORED : HostCounter.NOT_FOR_US);
            return;
        }
        if (fragment)
        {
            count(HostCounter.FRAGMENTS_DROPPED);
            return;
        }
        final int version = ipv8 ? Ipv8Header.VERSION : Ipv4Header.VERSION;
        if (protocol == IpProtocols.ICMP)
        {
            final DropReason reason = ReceiveValidator.validateIcmp(rx, l4, l4Length);
            if (reason != DropReason.NONE)
            {
                drops[reason.ordinal()]++;
                return;
            }
            rxIcmp.wrap(rx, l4, l4Length);
            final int type = rxIcmp.type();
            if (type == IcmpMessage.TYPE_ECHO_REQUEST)
            {
                answerEcho(source, destination, l4, l4Length, now);
            }
            else if (type == IcmpMessage.TYPE_ECHO_REPLY)
            {
                count(HostCounter.ECHO_REPLIES_RECEIVED);
                final Ipv8PingSocket socket = pingSockets.get(rxIcmp.identifier());
                if (socket != null && !socket.deliver(
                    new EchoReply(source, rxIcmp.sequence(), ttl, l4Length - IcmpMessage.HEADER_LENGTH, version, now)))
                {
                    count(HostCounter.SOCKET_QUEUE_FULL);
                }
            }
            else if (type == IcmpMessage.TYPE_DESTINATION_UNREACHABLE || type == IcmpMessage.TYPE_TIME_EXCEEDED ||
                type == IcmpMessage.TYPE_PARAMETER_PROBLEM)
            {
                count(HostCounter.ICMP_ERRORS_RECEIVED);
                deliverError(source, type, rxIcmp.code(), rx, l4 + IcmpMessage.DATA_OFFSET,
                    l4Length - IcmpMessage.DATA_OFFSET, version, false, now);
            }
            return;
        }
        if (protocol == IpProtocols.UDP)
        {
            onUdp(source, destination, ttl, version, l3, l3Length, l4, l4Length, flags, now);
            return;
        }
        sendIcmpError(IcmpMessage.CODE_PROTOCOL_UNREACHABLE, source, destination, l3, l3Length);
    }

    private void onUdp(final long source, final long destination, final int ttl, final int version, final int l3,
        final int l3Length, final int l4, final int l4Length, final int flags, final long now)
    {
        if ((flags & EthernetLink.FLAG_L4_CHECKSUM_NOT_READY) != 0)
        {
            // The sending kernel left the checksum to offload (veth): only the length can be checked.
            count(HostCounter.UDP_CHECKSUM_NOT_READY);
            final int udpLength = l4Length >= UdpHeader.HEADER_LENGTH ?
                rx.getShort(l4 + UdpHeader.LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF : -1;
            if (udpLength < UdpHeader.HEADER_LENGTH || udpLength > l4Length)
            {
                drops[DropReason.UDP_BAD_LENGTH.ordinal()]++;
                return;
            }
        }
        else
        {
            final DropReason reason = ReceiveValidator.validateUdp(rx, l4, l4Length, source, destination,
                version == Ipv8Header.VERSION ? pseudoHeader : L4PseudoHeader.IPV4_COMPATIBLE);
            if (reason != DropReason.NONE)
            {
                drops[reason.ordinal()]++;
                return;
            }
        }
        rxUdp.wrap(rx, l4, l4Length);
        final int destinationPort = rxUdp.destinationPort();
        final Ipv8DatagramSocket socket = udpSockets.get(destinationPort);
        if (socket == null || !socket.accepts(destination))
        {
            count(HostCounter.UDP_NO_SOCKET);
            sendIcmpError(IcmpMessage.CODE_PORT_UNREACHABLE, source, destination, l3, l3Length);
            return;
        }
        final byte[] data = new byte[rxUdp.udpLength() - UdpHeader.HEADER_LENGTH];
        rx.getBytes(l4 + UdpHeader.HEADER_LENGTH, data);
        count(HostCounter.UDP_DELIVERED);
        if (!socket.deliver(new Ipv8Datagram(Ipv8SocketAddress.of(source, rxUdp.sourcePort()),
            Ipv8SocketAddress.of(destination, destinationPort), data, version, ttl)))
        {
            count(HostCounter.SOCKET_QUEUE_FULL);
        }
    }

    /** Echo reply from the address the request was sent to; IPv4 requests get IPv4 replies (both r = 0). */
    private void answerEcho(final long requester, final long requested, final int l4, final int l4Length, final long now)
    {
        final int l4Out = Ipv8Header.MIN_HEADER_LENGTH;
        if (l4Out + l4Length > mtu)
        {
            return;
        }
        build.putBytes(l4Out, rx, l4, l4Length);
        txIcmp.wrap(build, l4Out, l4Length).type(IcmpMessage.TYPE_ECHO_REPLY).code(0).updateChecksum();
        writeIpv8Header(requested, requester, config.defaultTtl(), IpProtocols.ICMP, l4Out + l4Length);
        count(HostCounter.ECHO_REQUESTS_ANSWERED);
        transmit(build, 0, l4Out + l4Length, now);
    }

    /**
     * Destination unreachable about the received packet at {@code l3} (quoted as it arrived, so an IPv4 packet
     * gets an ICMPv4 error in IPv4). Never about broadcasts; rate-limited.
     */
    private void sendIcmpError(final int code, final long offendingSource, final long offendingDestination,
        final int l3, final int l3Length)
    {
        if (isBroadcast(offendingDestination) || offendingSource == 0 || !takeErrorToken())
        {
            return;
        }
        final int headerLength = (rx.getByte(l3) & 0xF) << 2;
        final int quote = IcmpMessage.errorQuoteLength(headerLength, l3Length, Ipv8Header.MIN_HEADER_LENGTH,
            IcmpMessage.ERROR_MAX_DATAGRAM_LENGTH);
        final int l4 = Ipv8Header.MIN_HEADER_LENGTH;
        final int icmpLength = txIcmp.wrap(build, l4, IcmpMessage.HEADER_LENGTH + quote)
            .writeError(IcmpMessage.TYPE_DESTINATION_UNREACHABLE, code, 0, rx, l3, quote);
        writeIpv8Header(offendingDestination, offendingSource, config.defaultTtl(), IpProtocols.ICMP, l4 + icmpLength);
        count(HostCounter.ICMP_ERRORS_SENT);
        transmit(build, 0, l4 + icmpLength, System.nanoTime());
    }

    private boolean takeErrorToken()
    {
        final long now = System.nanoTime();
        final int rate = config.icmpErrorsPerSecond();
        errorTokens = Math.min(Math.max(50, rate / 2.0), errorTokens + (now - errorTokensAt) * rate / 1e9);
        errorTokensAt = now;
        if (errorTokens < 1)
        {
            count(HostCounter.ICMP_ERRORS_RATE_LIMITED);
            return false;
        }
        errorTokens -= 1;
        return true;
    }

    /** A packet this host could not send: report it to its socket as an error from ourselves. */
    private void localError(final DirectBuffer packet, final int offset, final int length, final int code)
    {
        final long reporter = packet.getLong(offset + Ipv8Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        deliverError(reporter, IcmpMessage.TYPE_DESTINATION_UNREACHABLE, code, packet, offset, length, 0, true,
            System.nanoTime());
    }

    /**
     * Hands an ICMP error to the socket that sent the quoted packet: a UDP socket by the quoted source port, a ping
     * socket by the quoted echo identifier. The quoted header may be IPv8 or IPv4.
     */
    private void deliverError(final long reporter, final int type, final int code, final DirectBuffer quoted,
        final int offset, final int length, final int version, final boolean local, final long now)
    {
        if (length < Ipv4Header.MIN_HEADER_LENGTH)
        {
            return;
        }
        final int quotedVersion = (quoted.getByte(offset) >>> 4) & 0xF;
        final int headerLength = (quoted.getByte(offset) & 0xF) << 2;
        final long originalDestination;
        if (quotedVersion == Ipv8Header.VERSION && headerLength >= Ipv8Header.MIN_HEADER_LENGTH)
        {
            originalDestination = quoted.getLong(offset + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        }
        else if (quotedVersion == Ipv4Header.VERSION && headerLength >= Ipv4Header.MIN_HEADER_LENGTH)
        {
            originalDestination = Ipv8Address.of(0, quoted.getInt(offset + Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN));
        }
        else
        {
            return;
        }
        if (length < headerLength + 8)
        {
            return;
        }
        final int protocol = quoted.getByte(offset + Ipv8Header.PROTOCOL_OFFSET) & 0xFF;
        final int l4 = offset + headerLength;
        if (protocol == IpProtocols.UDP)
        {
            final int sourcePort = quoted.getShort(l4 + UdpHeader.SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int destinationPort = quoted.getShort(l4 + UdpHeader.DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final Ipv8DatagramSocket socket = udpSockets.get(sourcePort);
            if (socket != null && !socket.deliverError(
                new IcmpError(reporter, type, code, originalDestination, destinationPort, version, local, now)))
            {
                count(HostCounter.SOCKET_QUEUE_FULL);
            }
        }
        else if (protocol == IpProtocols.ICMP &&
            (quoted.getByte(l4 + IcmpMessage.TYPE_OFFSET) & 0xFF) == IcmpMessage.TYPE_ECHO_REQUEST)
        {
            final int identifier = quoted.getShort(l4 + IcmpMessage.IDENTIFIER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int sequence = quoted.getShort(l4 + IcmpMessage.SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final Ipv8PingSocket socket = pingSockets.get(identifier);
            if (socket != null && !socket.deliver(
                new IcmpError(reporter, type, code, originalDestination, sequence, version, local, now)))
            {
                count(HostCounter.SOCKET_QUEUE_FULL);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Address helpers
    // ----------------------------------------------------------------------------------------------------------

    /** Index of the own address {@code address} stands for (exactly, or as its r = 0 form), or -1. */
    int ownAddressIndex(final long address)
    {
        final int r = Ipv8Address.routingPrefix(address);
        final int n = Ipv8Address.host(address);
        for (int i = 0; i < addresses.length; i++)
        {
            if (addresses[i].host() == n && (r == 0 || r == addresses[i].routingPrefix()))
            {
                return i;
            }
        }
        return -1;
    }

    private int ownHostIndex(final int n)
    {
        for (int i = 0; i < addresses.length; i++)
        {
            if (addresses[i].host() == n)
            {
                return i;
            }
        }
        return -1;
    }

    private int onLinkIndex(final long destination)
    {
        for (int i = 0; i < addresses.length; i++)
        {
            if (addresses[i].isOnLink(destination))
            {
                return i;
            }
        }
        return -1;
    }

    private boolean isBroadcast(final long address)
    {
        final int n = Ipv8Address.host(address);
        if (n == -1 || Ipv8Address.isBroadcastClass(address) || Ipv8Address.isMulticast(address) ||
            (n >>> 28) == 0xE)
        {
            return true;
        }
        for (final InterfaceAddress own : addresses)
        {
            if (own.hostPrefixLength() < 31 && own.subnetContains(n) && n == own.subnetBroadcast())
            {
                return true;
            }
        }
        return false;
    }

    /** True while the neighbour cache holds {@code address} as REACHABLE/STALE with capability IPv8. */
    public boolean isIpv8Neighbor(final long address)
    {
        final NeighborInfo info = neighbor(address);
        return info != null && info.state() != NeighborState.FAILED && info.state() != NeighborState.INCOMPLETE &&
            info.capability() == NeighborCapability.IPV8;
    }

    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        link.close();
        try
        {
            receiver.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final List<Ipv8DatagramSocket> udp = new ArrayList<>();
        final List<Ipv8PingSocket> ping = new ArrayList<>();
        lock.lock();
        try
        {
            udp.addAll(udpSockets.values());
            ping.addAll(pingSockets.values());
        }
        finally
        {
            lock.unlock();
        }
        udp.forEach(Ipv8DatagramSocket::close);
        ping.forEach(Ipv8PingSocket::close);
    }

    @Override
    public String toString()
    {
        return "Ipv8Host{" + link.name() + " " + EthernetFrame.formatMac(mac) + " " + config.addresses() + "}";
    }
}
