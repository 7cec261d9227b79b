package org.ipv8router.dataplane.forward;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.graph.Node;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IcmpMessage;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Header;

/**
 * {@code icmp-error} (spec 6.2): every packet arriving here is dropped with the reason the sending node recorded
 * (counted under that reason), and answered with an ICMP error when the rules allow:
 * <ul>
 *   <li>never about an ICMP error, a fragment other than the first, a broadcast or multicast destination, a source
 *       with r = ff.ff.x.x or all zero, or a packet the router itself originated;</li>
 *   <li>at most {@code icmpErrorsPerSecond} (burst {@code icmpErrorBurst}) per ingress interface (RFC 1812).</li>
 * </ul>
 * The error is built in the offending packet's own buffer: the quote (header + at least 8 data octets, up to a 576
 * octet datagram) is copied aside, then an IPv8 header (28) + ICMPv8 message is written, or IPv4 + ICMPv4 when the
 * offending packet arrived as IPv4. Source = our address on the ingress interface, destination = the offending
 * source, TTL 64. The quote shows the TTL as received (a decrement by ip8-rewrite is undone first). The error re-enters at ip8-lookup on the next pass as a router-originated packet.
 * Counters {@code icmp-error sent} and {@code icmp-error suppressed} count the decisions.
 */
final class IcmpErrorNode implements Node
{
    static final String NAME = "icmp-error";

    private final ForwardingState state;
    private final IcmpRateLimiter limiter;
    private final DropReasons dropReasons;
    private final AtomicCounter sent;
    private final AtomicCounter suppressed;
    private final UnsafeBuffer scratch =
        new UnsafeBuffer(ByteBuffer.allocateDirect(IcmpMessage.ERROR_MAX_DATAGRAM_LENGTH));
    private final Ipv8Header ipv8 = new Ipv8Header();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final IcmpMessage icmp = new IcmpMessage();
    private final int[] tally = new int[DropReasons.MAX_CODES];
    private final int[] touched = new int[DropReasons.MAX_CODES];

    IcmpErrorNode(
        final ForwardingState state, final IcmpRateLimiter limiter, final AtomicCounter sent, final AtomicCounter suppressed)
    {
        this.state = state;
        this.limiter = limiter;
        this.dropReasons = state.dropReasons;
        this.sent = sent;
        this.suppressed = suppressed;
    }

    public String name()
    {
        return NAME;
    }

    public void process(final PacketVector vector)
    {
        int touchedCount = 0;
        long sentCount = 0;
        long suppressedCount = 0;
        for (int i = 0, n = vector.count(); i < n; i++)
        {
            final long aux = vector.aux(i);
            final int reason = Meta.icmpReason(aux);
            if (!mayAnswer(vector, i) || !limiter.tryAcquire(vector.ingressPort(i), state.now))
            {
                suppressedCount++;
                vector.drop(i, reason);
                continue;
            }
            if (!build(vector, i, aux))
            {
                suppressedCount++;
                vector.drop(i, reason);
                continue;
            }
            vector.aux(i, 0);
            vector.ingressPort(i, Meta.LOCAL_INGRESS);
            vector.txPort(i, PacketVector.NO_PORT);
            if (!state.reinjector.take(Reinjector.LOOKUP, vector, i))
            {
                vector.drop(i, DropReason.REINJECT_QUEUE_FULL.ordinal());
            }
            sentCount++;
            if (tally[reason]++ == 0)
            {
                touched[touchedCount++] = reason;
            }
        }
        for (int t = 0; t < touchedCount; t++)
        {
            final int code = touched[t];
            dropReasons.add(code, tally[code]);
            tally[code] = 0;
        }
        if (sentCount != 0)
        {
            sent.getAndAdd(sentCount);
        }
        if (suppressedCount != 0)
        {
            suppressed.getAndAdd(suppressedCount);
        }
    }

    private boolean mayAnswer(final PacketVector vector, final int i)
    {
        if (vector.ingressPort(i) == Meta.LOCAL_INGRESS || vector.length(i) < Ipv4Header.MIN_HEADER_LENGTH)
        {
            return false;
        }
        final UnsafeBuffer packet = vector.buffer(i);
        if ((Meta.flagsAndFragment(packet) & Ipv8Header.FRAGMENT_OFFSET_MASK) != 0)
        {
            return false;
        }
        final long src = Meta.source(packet);
        final long dst = Meta.destination(packet);
        if (src == 0 || (src >>> 48) == 0xFFFFL || (src & 0xFFFF_FFFFL) == 0xFFFF_FFFFL)
        {
            return false;
        }
        if (Ipv8Address.isBroadcastClass(dst) || Ipv8Address.isMulticast(dst) || (int)dst == -1)
        {
            return false;
        }
        final int headerLength = Meta.headerLength(packet);
        if (Meta.protocol(packet) == IpProtocols.ICMP)
        {
            if (vector.length(i) <= headerLength)
            {
                return false;
            }
            return !IcmpMessage.isErrorType(packet.getByte(headerLength) & 0xFF);
        }
        return true;
    }

    private boolean build(final PacketVector vector, final int i, final long aux)
    {
        final int port = vector.ingressPort(i);
        UnsafeBuffer packet = vector.buffer(i);
        if ((aux & Meta.F_TTL_DECREMENTED) != 0)
        {
            // Quote the header as it arrived (RFC 1812 4.3.2.3): undo ip8-rewrite's decrement.
            final int oldWord = packet.getShort(Ipv8Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int newWord = (oldWord + 0x0100) & 0xFFFF;
            packet.putShort(Ipv8Header.TTL_OFFSET, (short)newWord, ByteOrder.BIG_ENDIAN);
            final int checksum = packet.getShort(Ipv8Header.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            packet.putShort(Ipv8Header.CHECKSUM_OFFSET, (short)Checksum.update16(checksum, oldWord, newWord),
                ByteOrder.BIG_ENDIAN);
        }
        final boolean isIpv8 = Meta.version(packet) == Ipv8Header.VERSION;
        final int headerLength = Meta.headerLength(packet);
        final int offendingLength = vector.length(i);
        final long offendingSource = Meta.source(packet);
        final int errorHeader = isIpv8 ? Ipv8Header.MIN_HEADER_LENGTH : Ipv4Header.MIN_HEADER_LENGTH;
        final int quote = IcmpMessage.errorQuoteLength(
            headerLength, offendingLength, errorHeader, IcmpMessage.ERROR_MAX_DATAGRAM_LENGTH);
        final int total = errorHeader + IcmpMessage.HEADER_LENGTH + quote;
        final long source8 = state.interfaces.ipv8Source(port);
        if (source8 == 0 || !vector.length(i, total))
        {
            return false;
        }
        scratch.putBytes(0, packet, 0, quote);
        packet = vector.buffer(i);
        if (isIpv8)
        {
            ipv8.wrap(packet, 0, total).writeHeader(0, total, 0, 0, Ipv8Header.DEFAULT_TTL, IpProtocols.ICMP,
                source8, offendingSource);
        }
        else
        {
            ipv4.wrap(packet, 0, total).writeHeader(0, total, 0, 0, Ipv4Header.DEFAULT_TTL, IpProtocols.ICMP,
                state.interfaces.ipv4Source(port), (int)offendingSource);
        }
        icmp.wrap(packet, errorHeader, total - errorHeader)
            .writeError(Meta.icmpType(aux), Meta.icmpCode(aux), Meta.icmpRest(aux), scratch, 0, quote);
        return true;
    }
}
