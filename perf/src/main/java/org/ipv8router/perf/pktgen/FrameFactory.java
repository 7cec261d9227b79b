package org.ipv8router.perf.pktgen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.EtherTypes;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv4Header;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.UdpHeader;

/**
 * Writes the generated frames. At construction it builds one template per (frame size, IP version) with
 * everything constant filled in (Ethernet header, IP header without addresses, UDP header, probe magic, zero
 * padding) and the one's-complement sums of those constant parts; per frame it copies a template and patches
 * the addresses, the probe (stream, sequence, timestamp) and both checksums from the precomputed sums plus
 * the patched words (RFC 1071 is a sum, so the constant part is summed once). Nothing is allocated per frame.
 * <p>
 * Order: a schedule of {@code lcm(size cycle, 100)} entries says which template each frame uses: the size
 * cycle ({@link FrameSizes}) and the IPv4 share spread evenly (Bresenham) over every 100 frames. Flows advance
 * by one per frame ({@link FlowSet.Cursor}); the frame counts in stream {@code flow index mod streams}, whose
 * sequence number it takes.
 * <p>
 * Frames: untagged Ethernet, IPv8 (EtherType from the profile, 28-octet header) or IPv4 (0x0800, 20 octets),
 * DF set, identification 0, UDP, probe ({@link Probe}) then zeros. One instance per transmit thread.
 */
public final class FrameFactory
{
    /** Smallest IPv8 frame (FCS included) with room for the long probe: 14 + 28 + 8 + 16 + 4. */
    public static final int MIN_LONG_PROBE_IPV8_SIZE = 70;
    private static final int L3_OFFSET = EthernetFrame.HEADER_LENGTH;
    private static final int SCHEDULE_SHARE_BASE = 100;

    private final TrafficProfile profile;
    private final FlowSet.Cursor cursor;
    private final int streams;
    private final long[] nextSequence;

    // Per template, indexed by template id = size index * 2 + (ipv4 ? 1 : 0).
    private final UnsafeBuffer[] templates;
    private final int[] lengths;
    private final boolean[] ipv4;
    private final boolean[] shortProbe;
    private final long[] ipBaseSum;
    private final long[] udpBaseSum;
    private final int[] schedule;
    private final int[] sizeOfTemplate;
    private final boolean full64;

    private int position;
    private int stream;
    private int lastStream;
    private long lastSequence;
    private long frames;

    public FrameFactory(final TrafficProfile profile)
    {
        this.profile = profile;
        this.cursor = profile.flows().cursor();
        this.streams = profile.streams();
        this.nextSequence = new long[streams];
        this.full64 = profile.pseudoHeader() == L4PseudoHeader.FULL64;

        final int[] distinct = profile.sizes().distinct();
        final int templateCount = distinct.length * 2;
        templates = new UnsafeBuffer[templateCount];
        lengths = new int[templateCount];
        ipv4 = new boolean[templateCount];
        shortProbe = new boolean[templateCount];
        ipBaseSum = new long[templateCount];
        udpBaseSum = new long[templateCount];
        sizeOfTemplate = new int[templateCount];
        for (int s = 0; s < distinct.length; s++)
        {
            buildTemplate(s * 2, distinct[s], false);
            buildTemplate(s * 2 + 1, distinct[s], true);
        }

        final FrameSizes sizes = profile.sizes();
        final int length = lcm(sizes.cycleLength(), SCHEDULE_SHARE_BASE);
        schedule = new int[length];
        final int share = profile.ipv4Percent();
        for (int k = 0; k < length; k++)
        {
            final int sizeIndex = Arrays.binarySearch(distinct, sizes.sizeAt(k % sizes.cycleLength()));
            final int j = k % SCHEDULE_SHARE_BASE;
            final boolean v4 = (j + 1) * share / SCHEDULE_SHARE_BASE > j * share / SCHEDULE_SHARE_BASE;
            schedule[k] = sizeIndex * 2 + (v4 ? 1 : 0);
        }
    }

    private void buildTemplate(final int id, final int size, final boolean v4)
    {
        final int length = size - FrameSizes.FCS_LENGTH;
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        final int ipHeaderLength = v4 ? Ipv4Header.MIN_HEADER_LENGTH : Ipv8Header.MIN_HEADER_LENGTH;
        final int ipTotal = length - L3_OFFSET;
        final int udpOffset = L3_OFFSET + ipHeaderLength;
        final int udpLength = ipTotal - ipHeaderLength;
        final int payload = udpLength - UdpHeader.HEADER_LENGTH;
        final boolean useShort = payload < Probe.LONG_LENGTH;

        new EthernetFrame().wrap(buffer, 0, length).writeHeader(profile.destinationMac(), profile.sourceMac(),
            v4 ? EtherTypes.IPV4 : profile.ipv8EtherType());
        if (v4)
        {
            new Ipv4Header().wrap(buffer, L3_OFFSET, ipTotal).writeHeader(0, ipTotal, 0, Ipv4Header.FLAG_DF,
                profile.ttl(), IpProtocols.UDP, 0, 0);
            buffer.putShort(L3_OFFSET + Ipv4Header.CHECKSUM_OFFSET, (short)0);
        }
        else
        {
            new Ipv8Header().wrap(buffer, L3_OFFSET, ipTotal).writeHeader(0, ipTotal, 0, Ipv8Header.FLAG_DF,
                profile.ttl(), IpProtocols.UDP, 0, 0);
            buffer.putShort(L3_OFFSET + Ipv8Header.CHECKSUM_OFFSET, (short)0);
        }
        new UdpHeader().wrap(buffer, udpOffset, udpLength).writeHeader(profile.sourcePort(), profile.destinationPort(),
            udpLength);
        final int probeOffset = udpOffset + UdpHeader.HEADER_LENGTH;
        if (useShort)
        {
            // The magic shares its word with the 8-bit stream id, so it is summed per frame, not here.
            Probe.writeShort(buffer, probeOffset, 0, 0, 0);
        }
        else
        {
            Probe.writeLong(buffer, probeOffset, 0, 0, 0);
        }

        templates[id] = buffer;
        lengths[id] = length;
        ipv4[id] = v4;
        shortProbe[id] = useShort;
        sizeOfTemplate[id] = size;
        // Addresses and checksum are zero in the template: the header sum is the constant part.
        ipBaseSum[id] = Checksum.sum(buffer, L3_OFFSET, ipHeaderLength);
        // Pseudo-header protocol and length, then the UDP header and data as they stand (ports, length, magic,
        // zeros); the per-frame words are added in write().
        udpBaseSum[id] = IpProtocols.UDP + udpLength +
            (useShort ? 0 : Checksum.sum(buffer, udpOffset, udpLength));
        if (useShort)
        {
            udpBaseSum[id] += Checksum.sum(buffer, udpOffset, UdpHeader.HEADER_LENGTH);
        }
    }

    private static int lcm(final int a, final int b)
    {
        int x = a;
        int y = b;
        while (y != 0)
        {
            final int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /**
     * Writes the next frame at offset of buffer, which must have room for {@link #maxFrameLength()} octets.
     *
     * @param timestampNs the TX timestamp to carry (System.nanoTime of this burst).
     * @return the frame length in octets (without FCS).
     */
    public int write(final MutableDirectBuffer buffer, final int offset, final long timestampNs)
    {
        final int id = schedule[position];
        if (++position == schedule.length)
        {
            position = 0;
        }
        final int length = lengths[id];
        buffer.putBytes(offset, templates[id], 0, length);

        final int streamId = stream;
        final long sequence = nextSequence[streamId]++;
        final int seq = (int)sequence;
        lastStream = streamId;
        lastSequence = sequence;
        frames++;

        final int ip = offset + L3_OFFSET;
        final long udpSum;
        final int udp;
        if (ipv4[id])
        {
            final int src = cursor.sourceHost();
            final int dst = cursor.destinationHost();
            buffer.putInt(ip + Ipv4Header.SOURCE_OFFSET, src, ByteOrder.BIG_ENDIAN);
            buffer.putInt(ip + Ipv4Header.DESTINATION_OFFSET, dst, ByteOrder.BIG_ENDIAN);
            final long addressSum = Checksum.sumWords32(src) + Checksum.sumWords32(dst);
            buffer.putShort(ip + Ipv4Header.CHECKSUM_OFFSET, (short)Checksum.finish(ipBaseSum[id] + addressSum),
                ByteOrder.BIG_ENDIAN);
            udp = ip + Ipv4Header.MIN_HEADER_LENGTH;
            udpSum = udpBaseSum[id] + addressSum;
        }
        else
        {
            final long src = cursor.source();
            final long dst = cursor.destination();
            buffer.putLong(ip + Ipv8Header.SOURCE_OFFSET, src, ByteOrder.BIG_ENDIAN);
            buffer.putLong(ip + Ipv8Header.DESTINATION_OFFSET, dst, ByteOrder.BIG_ENDIAN);
            final long hostSum = Checksum.sumWords32((int)src) + Checksum.sumWords32((int)dst);
            final long prefixSum = Checksum.sumWords32((int)(src >>> 32)) + Checksum.sumWords32((int)(dst >>> 32));
            buffer.putShort(ip + Ipv8Header.CHECKSUM_OFFSET,
                (short)Checksum.finish(ipBaseSum[id] + hostSum + prefixSum), ByteOrder.BIG_ENDIAN);
            udp = ip + Ipv8Header.MIN_HEADER_LENGTH;
            udpSum = udpBaseSum[id] + hostSum + (full64 ? prefixSum : 0);
        }

        final int probe = udp + UdpHeader.HEADER_LENGTH;
        final long probeSum;
        if (shortProbe[id])
        {
            Probe.writeShort(buffer, probe, streamId, seq, timestampNs);
            probeSum = ((Probe.SHORT_MAGIC << 8) | (streamId & 0xFF)) + Checksum.sumWords32(seq) +
                Checksum.sumWords32((int)timestampNs);
        }
        else
        {
            buffer.putShort(probe + Probe.LONG_STREAM_OFFSET, (short)streamId, ByteOrder.BIG_ENDIAN);
            buffer.putInt(probe + Probe.LONG_SEQUENCE_OFFSET, seq, ByteOrder.BIG_ENDIAN);
            buffer.putLong(probe + Probe.LONG_TIMESTAMP_OFFSET, timestampNs, ByteOrder.BIG_ENDIAN);
            probeSum = streamId + Checksum.sumWords32(seq) + Checksum.sumWords32((int)(timestampNs >>> 32)) +
                Checksum.sumWords32((int)timestampNs);
        }
        final int udpChecksum = Checksum.finish(udpSum + probeSum);
        buffer.putShort(udp + UdpHeader.CHECKSUM_OFFSET, (short)(udpChecksum == 0 ? 0xFFFF : udpChecksum),
            ByteOrder.BIG_ENDIAN);

        cursor.advance();
        if (cursor.index() == 0 || ++stream == streams)
        {
            stream = 0;
        }
        return length;
    }

    /** Octets the next frame will have (without FCS), to size a buffer or check room. */
    public int nextFrameLength()
    {
        return lengths[schedule[position]];
    }

    /** The largest frame this factory writes (without FCS). */
    public int maxFrameLength()
    {
        return profile.sizes().largest() - FrameSizes.FCS_LENGTH;
    }

    /** Frames sent so far in stream s (its next sequence number). */
    public long sentInStream(final int s)
    {
        return nextSequence[s];
    }

    /**
     * Takes back the last frame written in stream s whose sequence number is the stream's highest (a frame
     * built but never handed to the port, discarded at the end of a run), so that it does not count as lost.
     *
     * @return false if sequence is not the stream's last one (nothing changed).
     */
    public boolean unsend(final int s, final long sequence)
    {
        if (s < 0 || s >= streams || (nextSequence[s] - 1 & 0xFFFF_FFFFL) != (sequence & 0xFFFF_FFFFL))
        {
            return false;
        }
        nextSequence[s]--;
        frames--;
        return true;
    }

    /** Per-stream counts of frames written (a copy). */
    public long[] sentPerStream()
    {
        return nextSequence.clone();
    }

    public int streams()
    {
        return streams;
    }

    /** Frames written so far. */
    public long frames()
    {
        return frames;
    }

    /** Stream of the last frame written. */
    public int lastStream()
    {
        return lastStream;
    }

    /** Sequence number of the last frame written. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** Frame size (FCS included) of the template with this id; see {@link #scheduleLength()}. */
    int templateSize(final int id)
    {
        return sizeOfTemplate[id];
    }

    /** Entries in the template schedule (the period of the size and IPv4 mix). */
    public int scheduleLength()
    {
        return schedule.length;
    }

    /** Mean octets a frame costs on the wire (size with FCS plus preamble and gap) over the schedule. */
    public double meanWireOctets()
    {
        long total = 0;
        for (final int id : schedule)
        {
            total += sizeOfTemplate[id] + FrameSizes.WIRE_OVERHEAD;
        }
        return (double)total / schedule.length;
    }

    public TrafficProfile profile()
    {
        return profile;
    }
}
