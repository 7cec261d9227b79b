package org.ipv8router.perf.pktgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Ethernet frame sizes of a run and the order they are sent in. Sizes count the frame as RFC 2544 and
 * pktgen-dpdk do, <b>including the 4-octet FCS</b> the NIC appends: a 64-octet frame is 60 octets in the mbuf
 * and in a pcap, a 1518-octet frame carries a 1500-octet IP packet.
 * <p>
 * IMIX is the "simple IMIX" 7:4:1 of 64, 594 and 1518-octet frames (40, 576 and 1500-octet IP packets in
 * IPv4 terms; the same frame sizes are kept for IPv8, whose header is 8 octets longer), sent in the interleaved
 * 12-frame cycle {@link #IMIX_CYCLE}; average 361.8 octets per frame (4342 / 12).
 */
public final class FrameSizes
{
    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 1518;
    /** Largest size with --jumbo: 9000-octet MTU + 14 Ethernet + 4 FCS. */
    public static final int MAX_JUMBO_SIZE = 9018;
    public static final int FCS_LENGTH = 4;
    /** Preamble + start delimiter (8) and inter-frame gap (12): octets a frame costs on the wire beyond its size. */
    public static final int WIRE_OVERHEAD = 20;
    /** The simple IMIX 7:4:1 cycle, interleaved so that bursts are mixed. */
    public static final int[] IMIX_CYCLE = {64, 594, 64, 64, 594, 64, 64, 594, 64, 64, 594, 1518};

    private final int[] cycle;
    private final boolean imix;

    private FrameSizes(final int[] cycle, final boolean imix)
    {
        this.cycle = cycle;
        this.imix = imix;
    }

    /**
     * Parses "64", "64,512,1518" (sent in that order, cyclically) or "imix".
     *
     * @param jumbo allow sizes up to {@value #MAX_JUMBO_SIZE}.
     * @throws IllegalArgumentException naming the bad size and the allowed range.
     */
    public static FrameSizes parse(final String text, final boolean jumbo)
    {
        final String trimmed = text == null ? "" : text.trim();
        if (trimmed.equalsIgnoreCase("imix"))
        {
            return new FrameSizes(IMIX_CYCLE.clone(), true);
        }
        if (trimmed.isEmpty())
        {
            throw new IllegalArgumentException("--size: empty; give a size such as 64, a list such as 64,512,1518, " +
                "or imix");
        }
        final int max = jumbo ? MAX_JUMBO_SIZE : MAX_SIZE;
        final List<Integer> sizes = new ArrayList<>();
        for (final String part : trimmed.split(","))
        {
            final int size;
            try
            {
                size = Integer.parseInt(part.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--size: '" + part.trim() + "' is not a frame size (an integer " +
                    MIN_SIZE + ".." + max + ", or imix)");
            }
            if (size < MIN_SIZE || size > max)
            {
                throw new IllegalArgumentException("--size: frame size " + size + " is outside " + MIN_SIZE + ".." +
                    max +
                    " (octets including the FCS" + (jumbo ? "" : "; --jumbo allows up to " + MAX_JUMBO_SIZE) + ")");
            }
            sizes.add(size);
        }
        return new FrameSizes(sizes.stream().mapToInt(Integer::intValue).toArray(), false);
    }

    /** One fixed size. */
    public static FrameSizes fixed(final int size)
    {
        return parse(Integer.toString(size), size > MAX_SIZE);
    }

    public boolean isImix()
    {
        return imix;
    }

    /** The sizes in send order (a copy). */
    public int[] cycle()
    {
        return cycle.clone();
    }

    public int cycleLength()
    {
        return cycle.length;
    }

    public int sizeAt(final int position)
    {
        return cycle[position];
    }

    /** Distinct sizes, ascending. */
    public int[] distinct()
    {
        return Arrays.stream(cycle).distinct().sorted().toArray();
    }

    public int largest()
    {
        return Arrays.stream(cycle).max().orElseThrow();
    }

    public int smallest()
    {
        return Arrays.stream(cycle).min().orElseThrow();
    }

    /** Mean frame size over one cycle, FCS included. */
    public double meanSize()
    {
        return Arrays.stream(cycle).average().orElseThrow();
    }

    @Override
    public String toString()
    {
        if (imix)
        {
            return "imix (64:594:1518 = 7:4:1)";
        }
        final StringBuilder sb = new StringBuilder();
        for (final int size : cycle)
        {
            sb.append(sb.isEmpty() ? "" : ",").append(size);
        }
        return sb.toString();
    }
}
