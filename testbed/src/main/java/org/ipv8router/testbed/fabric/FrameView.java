package org.ipv8router.testbed.fabric;

/**
 * Reads the few fields of a captured Ethernet frame the fabric's proofs need: EtherType, the IP version nibble,
 * the IPv8 routing prefixes and the IPv4 protocol / addresses, looking through 8to4 (IPv4 protocol 253) to the
 * inner IPv8 packet. Offsets are those of spec 11.3:
 * <pre>
 *   0      6      12   14
 *   +------+------+----+--------------------------------------------+
 *   | dst  | src  | ET | IPv8: 12 octets, src r @12, src n @16, dst r @20, dst n @24 (from L3 start)
 *   +------+------+----+ IPv4: proto @9, src @12, dst @16; 8to4 inner IPv8 after 20 octets
 * </pre>
 * Frames with a VLAN tag are not produced by the fabric and read as "not IP".
 */
public final class FrameView
{
    /** The IPv8 EtherType of the fabric (the project's default, spec A2). */
    public static final int ETHERTYPE_IPV8 = 0x8080;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int PROTOCOL_8TO4 = 253;
    private static final int L3 = 14;

    private FrameView()
    {
    }

    public static int etherType(final byte[] f)
    {
        return f.length < L3 ? -1 : ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
    }

    /** The version nibble of the L3 header for IP EtherTypes, else -1. */
    public static int ipVersion(final byte[] f)
    {
        final int et = etherType(f);
        if ((et == ETHERTYPE_IPV8 || et == ETHERTYPE_IPV4) && f.length > L3)
        {
            return (f[L3] & 0xFF) >>> 4;
        }
        return -1;
    }

    /** A frame carrying a version-8 header directly (IPv8 EtherType, or version 8 under 0x0800). */
    public static boolean isIpv8(final byte[] f)
    {
        return etherType(f) == ETHERTYPE_IPV8 || ipVersion(f) == 8;
    }

    /** An IPv4 frame (version 4 under 0x0800). */
    public static boolean isIpv4(final byte[] f)
    {
        return etherType(f) == ETHERTYPE_IPV4 && ipVersion(f) == 4;
    }

    /** The IPv4 protocol of an IPv4 frame, else -1. */
    public static int ipv4Protocol(final byte[] f)
    {
        return isIpv4(f) && f.length > L3 + 9 ? f[L3 + 9] & 0xFF : -1;
    }

    /** An IPv4 frame carrying an 8to4-encapsulated IPv8 packet (protocol 253). */
    public static boolean is8to4(final byte[] f)
    {
        return ipv4Protocol(f) == PROTOCOL_8TO4;
    }

    /** The IPv4 protocol field of the IP header that carries L4: IPv8 protocol at offset 9 too. */
    public static int ipProtocol(final byte[] f)
    {
        final int l3 = innerL3(f);
        return l3 < 0 || f.length <= l3 + 9 ? -1 : f[l3 + 9] & 0xFF;
    }

    /** Offset of the IPv8 header (direct, or inside 8to4), or -1 when the frame carries none. */
    public static int innerL3(final byte[] f)
    {
        if (isIpv8(f))
        {
            return L3;
        }
        if (is8to4(f))
        {
            final int ihl = (f[L3] & 0x0F) * 4;
            return f.length >= L3 + ihl + 28 ? L3 + ihl : -1;
        }
        return -1;
    }

    private static int readInt(final byte[] f, final int at)
    {
        return ((f[at] & 0xFF) << 24) | ((f[at + 1] & 0xFF) << 16) | ((f[at + 2] & 0xFF) << 8) | (f[at + 3] & 0xFF);
    }

    /** Source r of the IPv8 packet (direct or inside 8to4); 0 when there is none. */
    public static int sourceR(final byte[] f)
    {
        final int l3 = innerL3(f);
        return l3 < 0 || f.length < l3 + 28 ? 0 : readInt(f, l3 + 12);
    }

    /** Destination r of the IPv8 packet (direct or inside 8to4); 0 when there is none. */
    public static int destinationR(final byte[] f)
    {
        final int l3 = innerL3(f);
        return l3 < 0 || f.length < l3 + 28 ? 0 : readInt(f, l3 + 20);
    }

    /** True when the frame carries 127/8 anywhere a router would route on: IPv8 r (direct or 8to4) or IPv4 addresses. */
    public static boolean touchesInternalZone(final byte[] f)
    {
        if ((sourceR(f) >>> 24) == 127 || (destinationR(f) >>> 24) == 127)
        {
            return true;
        }
        return isIpv4(f) && f.length >= L3 + 20 && ((f[L3 + 12] & 0xFF) == 127 || (f[L3 + 16] & 0xFF) == 127);
    }

    /** A short description, e.g. "IPv8 64496.10.1.0.1 -> 64497.10.2.0.1 proto 1" (for logs and the report). */
    public static String describe(final byte[] f)
    {
        final int et = etherType(f);
        if (et == ETHERTYPE_ARP)
        {
            return "ARP/ARP8";
        }
        if (isIpv8(f))
        {
            return "IPv8 r " + Integer.toUnsignedString(sourceR(f)) + " -> " + Integer.toUnsignedString(destinationR(f)) +
                " proto " + ipProtocol(f);
        }
        if (is8to4(f))
        {
            return "IPv4 proto 253 (8to4) carrying IPv8 r " + Integer.toUnsignedString(sourceR(f)) + " -> " +
                Integer.toUnsignedString(destinationR(f));
        }
        if (isIpv4(f))
        {
            return "IPv4 proto " + ipv4Protocol(f);
        }
        return String.format("EtherType 0x%04x", et);
    }
}
