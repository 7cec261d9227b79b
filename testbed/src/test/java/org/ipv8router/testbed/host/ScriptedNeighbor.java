package org.ipv8router.testbed.host;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.testbed.host.link.InMemorySegment;
import org.ipv8router.wire.ArpPacket;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Header;

import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Test neighbours played by hand on an {@link InMemorySegment}, written with the wire flyweights:
 * an IPv4-only host (answers ARP4 and IPv4 echo, ignores ARP8 like Linux) and an IPv8 router that answers ARP8 for
 * its address and returns ICMPv8 Time Exceeded for every IPv8 packet with TTL 1.
 */
final class ScriptedNeighbor implements AutoCloseable
{
    enum Kind { IPV4_ONLY_HOST, IPV8_ROUTER }

    private final InMemorySegment.Port port;
    private final Kind kind;
    private final long address;
    private final int ipv8EtherType;
    private final Thread thread;
    private volatile boolean running = true;
    volatile int framesSeen;

    ScriptedNeighbor(final InMemorySegment segment, final Kind kind, final long mac, final long address)
    {
        this.port = segment.attach(kind.name(), mac);
        this.kind = kind;
        this.address = address;
        this.ipv8EtherType = EtherTypes.IPV8_DEFAULT;
        thread = Thread.ofPlatform().daemon().start(this::run);
    }

    private void run()
    {
        final UnsafeBuffer rx = new UnsafeBuffer(new byte[2048]);
        final UnsafeBuffer tx = new UnsafeBuffer(new byte[2048]);
        while (running)
        {
            final int n = port.receive(rx, 0, rx.capacity(), 20_000_000L);
            if (n <= 0)
            {
                continue;
            }
            framesSeen++;
            try
            {
                handle(rx, n, tx);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    private void handle(final UnsafeBuffer rx, final int n, final UnsafeBuffer tx) throws IOException
    {
        final EthernetFrame eth = new EthernetFrame().wrap(rx, 0, n);
        final long peerMac = eth.source();
        final int type = eth.etherType();
        if (type == EtherTypes.ARP)
        {
            final ArpPacket arp = new ArpPacket().wrap(rx, 14, n - 14);
            if (arp.operation() != ArpPacket.OPERATION_REQUEST)
            {
                return;
            }
            if (kind == Kind.IPV4_ONLY_HOST && !arp.isArp8() && (int)arp.targetProtocolAddress() == (int)address)
            {
                new EthernetFrame().wrap(tx, 0).writeHeader(peerMac, port.macAddress(), EtherTypes.ARP);
                new ArpPacket().wrap(tx, 14).writeArp4Reply(port.macAddress(), (int)address, peerMac,
                    (int)arp.senderProtocolAddress());
                port.send(tx, 0, 60);
            }
            if (kind == Kind.IPV8_ROUTER && arp.isArp8() && arp.targetProtocolAddress() == address)
            {
                new EthernetFrame().wrap(tx, 0).writeHeader(peerMac, port.macAddress(), EtherTypes.ARP);
                new ArpPacket().wrap(tx, 14).writeArp8Reply(ipv8EtherType, port.macAddress(), address, peerMac,
                    arp.senderProtocolAddress());
                port.send(tx, 0, 60);
            }
            return;
        }
        if (kind == Kind.IPV4_ONLY_HOST && type == EtherTypes.IPV4)
        {
            final Ipv4Header ip = new Ipv4Header().wrap(rx, 14, n - 14);
            if (ip.version() != 4 || ip.protocol() != IpProtocols.ICMP || ip.destination() != (int)address)
            {
                return;
            }
            final int icmpLength = ip.totalLength() - ip.headerLength();
            final IcmpMessage icmp = new IcmpMessage().wrap(rx, 14 + ip.headerLength(), icmpLength);
            if (icmp.type() != IcmpMessage.TYPE_ECHO_REQUEST)
            {
                return;
            }
            new EthernetFrame().wrap(tx, 0).writeHeader(peerMac, port.macAddress(), EtherTypes.IPV4);
            new Ipv4Header().wrap(tx, 14).writeHeader(0, 20 + icmpLength, 1, 0, 64, IpProtocols.ICMP,
                (int)address, ip.source());
            tx.putBytes(34, rx, 14 + ip.headerLength(), icmpLength);
            new IcmpMessage().wrap(tx, 34, icmpLength).type(IcmpMessage.TYPE_ECHO_REPLY).updateChecksum();
            port.send(tx, 0, Math.max(60, 34 + icmpLength));
            return;
        }
        if (kind == Kind.IPV8_ROUTER && type == ipv8EtherType)
        {
            final Ipv8Header ip = new Ipv8Header().wrap(rx, 14, n - 14);
            if (ip.ttl() > 1)
            {
                return;
            }
            final int quote = Math.min(ip.totalLength(), ip.headerLength() + 8);
            new EthernetFrame().wrap(tx, 0).writeHeader(peerMac, port.macAddress(), ipv8EtherType);
            final int icmpLength = new IcmpMessage().wrap(tx, 14 + 28).writeError(IcmpMessage.TYPE_TIME_EXCEEDED,
                IcmpMessage.CODE_TTL_EXCEEDED_IN_TRANSIT, 0, rx, 14, quote);
            new Ipv8Header().wrap(tx, 14).writeHeader(0, 28 + icmpLength, 7, 0, 64, IpProtocols.ICMP, address,
                ip.source());
            port.send(tx, 0, 14 + 28 + icmpLength);
        }
    }

    long mac()
    {
        return port.macAddress();
    }

    static int readVersion(final byte[] frame)
    {
        return frame.length > 14 ? (frame[14] >>> 4) & 0xF : -1;
    }

    static int etherType(final byte[] frame)
    {
        return ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
    }

    static long destinationMac(final byte[] frame)
    {
        return new UnsafeBuffer(frame).getLong(0, ByteOrder.BIG_ENDIAN) >>> 16;
    }

    @Override
    public void close()
    {
        running = false;
        port.close();
    }
}
