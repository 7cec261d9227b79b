package org.ipv8router.dpdk;

/**
 * Static facts about a port ({@code rte_eth_dev_info_get}).
 *
 * @param portId            ethdev port id.
 * @param name              ethdev name, e.g. "net_ring0" or a PCI address.
 * @param driver            driver name, e.g. "net_ring".
 * @param maxRxQueues       most rx queues the PMD supports.
 * @param maxTxQueues       most tx queues the PMD supports.
 * @param rssOffloads       RSS hash functions the PMD offers (RTE_ETH_RSS_* bits), 0 if it cannot hash.
 * @param socket            NUMA socket of the device, -1 if unknown.
 * @param rxQueues          rx queues configured now.
 * @param txQueues          tx queues configured now.
 * @param minMtu            smallest MTU the PMD accepts.
 * @param maxMtu            largest MTU the PMD accepts.
 */
public record PortInfo(
    int portId,
    String name,
    String driver,
    int maxRxQueues,
    int maxTxQueues,
    long rssOffloads,
    int socket,
    int rxQueues,
    int txQueues,
    int minMtu,
    int maxMtu)
{
}
