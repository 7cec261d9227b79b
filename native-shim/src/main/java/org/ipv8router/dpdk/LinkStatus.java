package org.ipv8router.dpdk;

/**
 * Link state of a port as {@code rte_eth_link_get_nowait} reports it.
 *
 * @param up         link status.
 * @param speedMbps  speed in Mbps (0 if unknown; virtual PMDs report a nominal value).
 * @param fullDuplex duplex mode.
 * @param autoneg    autonegotiation on.
 */
public record LinkStatus(boolean up, long speedMbps, boolean fullDuplex, boolean autoneg)
{
    @Override
    public String toString()
    {
        return (up ? "up" : "down") + " " + speedMbps + " Mbps " + (fullDuplex ? "full" : "half") + "-duplex" +
            (autoneg ? " autoneg" : "");
    }
}
