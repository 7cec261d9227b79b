package org.ipv8router.bgp8.rib;

import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.policy.PeerPolicy;

/**
 * The RIB's view of one peer: its Adj-RIB-In (every received route with its import verdict, i.e.
 * soft-reconfiguration inbound), its Adj-RIB-Out (what was last advertised) and the prefixes whose
 * advertisement has to be re-evaluated. Index 0 is reserved for locally originated routes.
 */
public final class RibPeer
{
    /** Where the RIB sends this peer's outbound UPDATE content; implemented by the session. */
    public interface Output
    {
        void announce(PathAttributes attributes, boolean ipv8, long[] prefixes, byte[] lengths, int count);

        void withdraw(boolean ipv8, long[] prefixes, byte[] lengths, int count);
    }

    final int index;
    final String name;
    PeerPolicy policy;
    final int bgpId;
    final long address;
    final PrefixTable<PathAttributes> adjIn = new PrefixTable<>();
    final PrefixTable<PathAttributes> adjOut = new PrefixTable<>();
    final PrefixTable<Object> dirty = new PrefixTable<>();
    Output output;
    boolean ipv4;
    boolean ipv8;
    boolean bgp8;
    long nextHopSelf4;
    long nextHopSelf8;
    int accepted;
    long nextExportAtMs;
    boolean active = true;

    RibPeer(final int index, final String name, final PeerPolicy policy, final int bgpId, final long address)
    {
        this.index = index;
        this.name = name;
        this.policy = policy;
        this.bgpId = bgpId;
        this.address = address;
    }

    public int index()
    {
        return index;
    }

    public String name()
    {
        return name;
    }

    public PeerPolicy policy()
    {
        return policy;
    }

    /** Number of routes in the Adj-RIB-In (any verdict). */
    public int adjRibInSize()
    {
        return adjIn.size();
    }

    /** Number of accepted routes from this peer (the max-prefix count). */
    public int accepted()
    {
        return accepted;
    }

    public int adjRibOutSize()
    {
        return adjOut.size();
    }

    public PathAttributes adjRibIn(final long prefix, final int length)
    {
        return adjIn.get(prefix, length);
    }

    public PathAttributes adjRibOut(final long prefix, final int length)
    {
        return adjOut.get(prefix, length);
    }

    @Override
    public String toString()
    {
        return name;
    }
}
