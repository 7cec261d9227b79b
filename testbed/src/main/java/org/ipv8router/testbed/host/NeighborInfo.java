package org.ipv8router.testbed.host;

import org.ipv8router.dataplane.neighbor.NeighborCapability;
import org.ipv8router.dataplane.neighbor.NeighborState;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Address;

/** A snapshot of one ARP8 cache entry of an {@link Ipv8Host}. */
public record NeighborInfo(long address, long mac, NeighborState state, NeighborCapability capability)
{
    /** True when the dual probe is over (answered, or failed). */
    public boolean isSettled()
    {
        return state != NeighborState.INCOMPLETE;
    }

    @Override
    public String toString()
    {
        return Ipv8Address.toString(address) + " " + EthernetFrame.formatMac(mac) + " " + state + " " +
            capability.configName();
    }
}
