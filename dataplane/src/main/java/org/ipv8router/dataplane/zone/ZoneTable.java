package org.ipv8router.dataplane.zone;

import org.ipv8router.wire.Ipv8Address;

/**
 * The 127.x internal zones of one router (spec 1.6, 7.4): which of the 2^24 zone prefixes 127.z.z.z are in use,
 * the policy group each belongs to, and which groups may talk to each other (ACL8 basics, spec 7.6: zone to
 * zone is default deny).
 *
 * <pre>
 * zone index = low 24 bits of r (r = 127.a.b.c -> a.b.c)
 *
 *   pages[zone >>> 16]  -> byte[65536] (allocated on first use)   group of each zone, 0 = zone not in use
 *   permit[(g1 << 8) | g2 >>> 6] bit (g2 & 63)                    group g1 may send to group g2
 * </pre>
 *
 * Memory is bounded whatever is configured: 256 pages of 64 KiB, so at most 16 MiB with the whole 127/8 zone
 * space in use (64 KiB per 65,536 consecutive zones touched), plus the 8 KiB permit matrix and a 2 KiB page
 * directory. Every check is O(1): one array read for the page, one for the group, one bit test.
 * <p>
 * Rules enforced by {@link #permits(long, long)}:
 * <ul>
 * <li>same zone (same r) - allowed: a zone's own segments route to each other;</li>
 * <li>zone to zone - only when the groups' permit bit is set (default deny);</li>
 * <li>zone to a destination outside the 127/8 space, or the reverse - not decided here: such traffic is
 *     allowed only towards the configured XLATE8 next hop, which the lookup stage decides.</li>
 * </ul>
 * Threading: one control-plane writer, any number of forwarding readers. Writes of single bytes and longs are
 * atomic; a reader sees either the old or the new group of a zone, never a torn value. A new page is filled
 * before it is published by a release store on the directory.
 */
public final class ZoneTable
{
    /** Number of 127.x zones: the low 24 bits of r. */
    public static final int ZONE_COUNT = 1 << 24;
    /** Group 0 means "zone not in use"; groups 1..255 are policy groups. */
    public static final int MAX_GROUP = 255;

    private static final int PAGE_BITS = 16;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_COUNT = ZONE_COUNT >>> PAGE_BITS;
    private static final java.lang.invoke.VarHandle PAGES = java.lang.invoke.MethodHandles.arrayElementVarHandle(byte[][].class);

    private final byte[][] pages = new byte[PAGE_COUNT][];
    private final long[] permit = new long[(MAX_GROUP + 1) * (MAX_GROUP + 1) / 64];
    private int zonesInUse;
    private int pagesAllocated;

    /** The zone index of a 127.x routing prefix r (any r: only the low 24 bits are used). */
    public static int zoneIndex(final int r)
    {
        return r & (ZONE_COUNT - 1);
    }

    /**
     * Puts zone 127.z.z.z (given as its full r) into policy group {@code group} (1..255), or takes it out of use
     * with group 0.
     */
    public void setZone(final int r, final int group)
    {
        if ((r >>> 24) != Ipv8Address.R_ZONE_OCTET)
        {
            throw new IllegalArgumentException("not a 127.x zone prefix: r = " + ((r >>> 24) & 0xFF) + "." + ((r >>> 16) & 0xFF) + "." + ((r >>> 8) & 0xFF) + "." + (r & 0xFF));
        }
        if (group < 0 || group > MAX_GROUP)
        {
            throw new IllegalArgumentException("zone group must be 0..255, got " + group);
        }
        final int zone = zoneIndex(r);
        byte[] page = pages[zone >>> PAGE_BITS];
        if (page == null)
        {
            if (group == 0)
            {
                return;
            }
            page = new byte[PAGE_SIZE];
            PAGES.setRelease(pages, zone >>> PAGE_BITS, page);
            pagesAllocated++;
        }
        final int old = page[zone & (PAGE_SIZE - 1)] & 0xFF;
        if (old == 0 && group != 0)
        {
            zonesInUse++;
        }
        else if (old != 0 && group == 0)
        {
            zonesInUse--;
        }
        page[zone & (PAGE_SIZE - 1)] = (byte)group;
    }

    /** Puts every zone 127.0.0.0 .. 127.255.255.255 into {@code group} (the scale configuration). */
    public void setAllZones(final int group)
    {
        for (int zone = 0; zone < ZONE_COUNT; zone++)
        {
            setZone((Ipv8Address.R_ZONE_OCTET << 24) | zone, group);
        }
    }

    /** Allows (or denies) traffic from zones of group {@code from} to zones of group {@code to}. */
    public void permit(final int from, final int to, final boolean allowed)
    {
        if (from < 1 || from > MAX_GROUP || to < 1 || to > MAX_GROUP)
        {
            throw new IllegalArgumentException("zone groups must be 1..255, got " + from + " -> " + to);
        }
        final int bit = (from << 8) | to;
        if (allowed)
        {
            permit[bit >>> 6] |= 1L << (bit & 63);
        }
        else
        {
            permit[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    /** The policy group of zone r (0 when r is not a zone in use). O(1), no allocation. */
    public int groupOf(final int r)
    {
        if ((r >>> 24) != Ipv8Address.R_ZONE_OCTET)
        {
            return 0;
        }
        final int zone = r & (ZONE_COUNT - 1);
        final byte[] page = (byte[])PAGES.getAcquire(pages, zone >>> PAGE_BITS);
        return page == null ? 0 : page[zone & (PAGE_SIZE - 1)] & 0xFF;
    }

    /** True when r is a 127.x zone in use on this router. */
    public boolean isZoneInUse(final int r)
    {
        return groupOf(r) != 0;
    }

    /**
     * Zone-to-zone policy for a packet from {@code src} to {@code dst} where both are 127.x addresses: same zone
     * is allowed, different zones need both in use and the groups' permit bit.
     */
    public boolean permits(final long src, final long dst)
    {
        final int srcR = Ipv8Address.routingPrefix(src);
        final int dstR = Ipv8Address.routingPrefix(dst);
        if (srcR == dstR)
        {
            return true;
        }
        final int from = groupOf(srcR);
        final int to = groupOf(dstR);
        if (from == 0 || to == 0)
        {
            return false;
        }
        final int bit = (from << 8) | to;
        return (permit[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    public int zonesInUse()
    {
        return zonesInUse;
    }

    /** Bytes held by the table now (pages allocated + directory + permit matrix). */
    public long memoryBytes()
    {
        return (long)pagesAllocated * PAGE_SIZE + (long)PAGE_COUNT * 8 + (long)permit.length * 8;
    }
}
