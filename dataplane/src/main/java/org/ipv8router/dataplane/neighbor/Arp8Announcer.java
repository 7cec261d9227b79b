package org.ipv8router.dataplane.neighbor;

import java.util.Objects;

/**
 * Gratuitous ARP8 announcements (spec 4.2): a request with SPA = TPA = own address, broadcast, sent
 * {@code count} times {@code intervalNs} apart when an interface comes up and when a .254/.253 VIP is taken
 * over. Several addresses may be announcing at once (one interface, its VIPs). Single owner thread, no
 * allocation after construction.
 */
public final class Arp8Announcer
{
    /** Sends one gratuitous announcement. */
    @FunctionalInterface
    public interface Sender
    {
        void announce(long ownAddress);
    }

    /** Spec 4.2: three announcements, one second apart. */
    public static final int DEFAULT_COUNT = 3;
    public static final long DEFAULT_INTERVAL_NS = 1_000_000_000L;

    private final Sender sender;
    private final int count;
    private final long intervalNs;
    private final long[] addresses;
    private final int[] remaining;
    private final long[] dueAt;
    private int active;

    public Arp8Announcer(final int maxConcurrent, final int count, final long intervalNs, final Sender sender)
    {
        if (maxConcurrent < 1 || count < 1 || intervalNs < 0)
        {
            throw new IllegalArgumentException("announcer needs maxConcurrent >= 1, count >= 1, interval >= 0");
        }
        this.sender = Objects.requireNonNull(sender, "sender");
        this.count = count;
        this.intervalNs = intervalNs;
        addresses = new long[maxConcurrent];
        remaining = new int[maxConcurrent];
        dueAt = new long[maxConcurrent];
    }

    /**
     * Starts (or restarts) announcing {@code ownAddress}; the first announcement goes out now.
     *
     * @return false when {@code maxConcurrent} announcements are already running.
     */
    public boolean start(final long ownAddress, final long now)
    {
        int i = indexOf(ownAddress);
        if (i < 0)
        {
            if (active == addresses.length)
            {
                return false;
            }
            i = active++;
            addresses[i] = ownAddress;
        }
        remaining[i] = count;
        dueAt[i] = now;
        poll(now);
        return true;
    }

    /** Sends what is due at {@code now}; returns the number sent. */
    public int poll(final long now)
    {
        int sent = 0;
        for (int i = 0; i < active; )
        {
            if (now - dueAt[i] >= 0)
            {
                sender.announce(addresses[i]);
                sent++;
                if (--remaining[i] == 0)
                {
                    active--;
                    addresses[i] = addresses[active];
                    remaining[i] = remaining[active];
                    dueAt[i] = dueAt[active];
                    continue;
                }
                dueAt[i] = now + intervalNs;
            }
            i++;
        }
        return sent;
    }

    /** Announcements still running. */
    public int active()
    {
        return active;
    }

    private int indexOf(final long ownAddress)
    {
        for (int i = 0; i < active; i++)
        {
            if (addresses[i] == ownAddress)
            {
                return i;
            }
        }
        return -1;
    }
}
