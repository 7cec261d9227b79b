/*
 * libipv8shim: see ipv8shim.h for the conventions. Kept deliberately thin: every function is one DPDK
 * operation (or one burst) plus the error text an operator needs when it fails.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_eth_ring.h>
#include <rte_ring.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "ipv8shim.h"

/* One message per thread: the dataplane and control threads may fail independently. */
static __thread char last_error[512];

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records "<what failed>: <rte_strerror>" and returns the negative code (code may be given either sign). */
static int fail(int code, const char *fmt, ...)
{
    int neg = code > 0 ? -code : code;
    if (neg == 0)
    {
        neg = -EIO;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(last_error, sizeof(last_error), fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof(last_error))
    {
        snprintf(last_error + n, sizeof(last_error) - n, ": %s (errno %d)", rte_strerror(-neg), -neg);
    }
    return neg;
}

static int valid_port(int port, const char *op)
{
    if (port < 0 || port >= RTE_MAX_ETHPORTS || !rte_eth_dev_is_valid_port((uint16_t)port))
    {
        return fail(-ENODEV, "%s: no DPDK port with id %d", op, port);
    }
    return 0;
}

int shim_abi_version(void)
{
    return IPV8SHIM_ABI_VERSION;
}

const char *shim_last_error(void)
{
    return last_error;
}

const char *shim_strerror(int code)
{
    return rte_strerror(code < 0 ? -code : code);
}

int shim_rte_errno(void)
{
    return rte_errno;
}

/* ---------------------------------------------------------------- EAL and threads */

int shim_eal_init(int argc, char **argv)
{
    rte_errno = 0;
    int ret = rte_eal_init(argc, argv);
    if (ret < 0)
    {
        return fail(rte_errno, "rte_eal_init failed");
    }
    return ret;
}

int shim_eal_cleanup(void)
{
    int ret = rte_eal_cleanup();
    return ret < 0 ? fail(rte_errno != 0 ? rte_errno : -ret, "rte_eal_cleanup failed") : 0;
}

int shim_thread_register(void)
{
    if (rte_thread_register() != 0)
    {
        return fail(rte_errno, "rte_thread_register failed");
    }
    return (int)rte_lcore_id();
}

int shim_thread_unregister(void)
{
    rte_thread_unregister();
    return 0;
}

int shim_lcore_id(void)
{
    unsigned id = rte_lcore_id();
    return id == LCORE_ID_ANY ? -1 : (int)id;
}

int shim_socket_id(void)
{
    return (int)rte_socket_id();
}

/* ---------------------------------------------------------------- mempool */

void *shim_pool_create(const char *name, unsigned count, unsigned cache, unsigned data_room, int socket)
{
    rte_errno = 0;
    struct rte_mempool *pool = rte_pktmbuf_pool_create(
        name, count, cache, 0, (uint16_t)(data_room + RTE_PKTMBUF_HEADROOM), socket < 0 ? SOCKET_ID_ANY : socket);
    if (pool == NULL)
    {
        fail(rte_errno, "rte_pktmbuf_pool_create(\"%s\", %u mbufs, cache %u, data room %u) failed",
            name, count, cache, data_room);
    }
    return pool;
}

void shim_pool_free(void *pool)
{
    rte_mempool_free((struct rte_mempool *)pool);
}

unsigned shim_pool_available(void *pool)
{
    return rte_mempool_avail_count((struct rte_mempool *)pool);
}

unsigned shim_pool_in_use(void *pool)
{
    return rte_mempool_in_use_count((struct rte_mempool *)pool);
}

/* ---------------------------------------------------------------- virtual devices */

int shim_vdev_create(const char *name, const char *args)
{
    uint16_t existing;
    if (rte_eth_dev_get_port_by_name(name, &existing) == 0)
    {
        return fail(-EEXIST, "rte_vdev_init(\"%s\"): a port with that name already exists (port %u)", name, existing);
    }
    rte_errno = 0;
    int ret = rte_vdev_init(name, args);
    if (ret != 0)
    {
        /* Drivers often return -1 without an errno: the PMD's own log line says why. */
        int code = ret < -1 ? ret : (rte_errno != 0 ? rte_errno : EINVAL);
        return fail(code, "rte_vdev_init(\"%s\", \"%s\") failed with %d; no driver matches the name or the "
            "driver rejected the arguments (the EAL log above names the cause)", name, args, ret);
    }
    if (rte_eth_dev_get_port_by_name(name, &existing) != 0)
    {
        return fail(-ENODEV, "rte_vdev_init(\"%s\") created a device that is not an ethdev port", name);
    }
    return existing;
}

int shim_ring_pair_create(const char *name_a, const char *name_b, int descriptors)
{
    /* Two rings crossed between two ethdevs: what A sends, B receives, and the other way round. net_ring's
     * devargs can only make loops (one ring for rx and tx), so this uses the PMD's C API. */
    char ring_name[RTE_RING_NAMESIZE];
    struct rte_ring *ab, *ba;
    /* rte_eth_from_rings names the vdev and its port "net_ring_<name>"; it fails by itself on a taken name. */
    snprintf(ring_name, sizeof(ring_name), "RP_%s", name_a);
    ab = rte_ring_create(ring_name, (unsigned)descriptors, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (ab == NULL)
    {
        return fail(-rte_errno, "ring pair %s/%s: rte_ring_create(%s, %d) failed", name_a, name_b, ring_name, descriptors);
    }
    snprintf(ring_name, sizeof(ring_name), "RP_%s", name_b);
    ba = rte_ring_create(ring_name, (unsigned)descriptors, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (ba == NULL)
    {
        int code = rte_errno;
        rte_ring_free(ab);
        return fail(-code, "ring pair %s/%s: rte_ring_create(%s, %d) failed", name_a, name_b, ring_name, descriptors);
    }
    int a = rte_eth_from_rings(name_a, &ba, 1, &ab, 1, SOCKET_ID_ANY);
    if (a < 0)
    {
        int code = rte_errno;
        rte_ring_free(ab);
        rte_ring_free(ba);
        return fail(-code, "ring pair: rte_eth_from_rings(%s) failed", name_a);
    }
    int b = rte_eth_from_rings(name_b, &ab, 1, &ba, 1, SOCKET_ID_ANY);
    if (b < 0)
    {
        int code = rte_errno;
        rte_vdev_uninit(name_a);
        rte_ring_free(ab);
        rte_ring_free(ba);
        return fail(-code, "ring pair: rte_eth_from_rings(%s) failed", name_b);
    }
    return (a << 16) | b;
}

int shim_vdev_remove(const char *name)
{
    int ret = rte_vdev_uninit(name);
    return ret != 0 ? fail(ret, "rte_vdev_uninit(\"%s\") failed", name) : 0;
}

/* ---------------------------------------------------------------- ports: control path */

int shim_port_count(void)
{
    return rte_eth_dev_count_avail();
}

int shim_port_by_name(const char *name)
{
    uint16_t port;
    int ret = rte_eth_dev_get_port_by_name(name, &port);
    if (ret != 0)
    {
        return fail(-ENODEV, "no DPDK port named \"%s\"", name);
    }
    return port;
}

/* Next valid port id >= from, or -1: lets Java list ports without RTE_ETH_FOREACH_DEV (a macro). */
int shim_port_next(int from)
{
    if (from < 0)
    {
        from = 0;
    }
    uint64_t next = rte_eth_find_next_owned_by((uint16_t)from, RTE_ETH_DEV_NO_OWNER);
    return next >= RTE_MAX_ETHPORTS ? -1 : (int)next;
}

int shim_port_name(int port, char *buf, int len)
{
    char name[RTE_ETH_NAME_MAX_LEN];
    int ret = valid_port(port, "rte_eth_dev_get_name_by_port");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_dev_get_name_by_port((uint16_t)port, name);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_dev_get_name_by_port(%d) failed", port);
    }
    snprintf(buf, (size_t)len, "%s", name);
    return (int)strlen(buf);
}

int shim_port_info(int port, uint64_t *out, char *driver, int driver_len)
{
    struct rte_eth_dev_info info;
    int ret = valid_port(port, "rte_eth_dev_info_get");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_dev_info_get((uint16_t)port, &info);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_dev_info_get(port %d) failed", port);
    }
    out[0] = info.max_rx_queues;
    out[1] = info.max_tx_queues;
    out[2] = info.flow_type_rss_offloads;
    out[3] = (uint64_t)(int64_t)rte_eth_dev_socket_id((uint16_t)port);
    out[4] = info.nb_rx_queues;
    out[5] = info.nb_tx_queues;
    out[6] = info.min_mtu;
    out[7] = info.max_mtu;
    snprintf(driver, (size_t)driver_len, "%s", info.driver_name != NULL ? info.driver_name : "?");
    return 0;
}

/*
 * Configures nq rx and nq tx queues on any PMD and sets them up with the given pool. With nq > 1 and a
 * PMD that hashes, RSS spreads IPv4/IPv6 (and TCP/UDP where offered) over the queues; the hash functions
 * actually enabled are written to *rss_hf_out (0 = no RSS: the PMD either has one queue or cannot hash).
 */
int shim_port_setup(int port, int nq, int nb_rxd, int nb_txd, void *pool, uint64_t *rss_hf_out)
{
    struct rte_eth_dev_info info;
    struct rte_eth_conf conf;
    int ret = valid_port(port, "port setup");
    if (ret != 0)
    {
        return ret;
    }
    if (nq < 1 || nb_rxd < 1 || nb_txd < 1 || pool == NULL)
    {
        return fail(-EINVAL, "port %d setup: need queues >= 1, descriptors >= 1 and a mempool (got %d, %d/%d, %p)",
            port, nq, nb_rxd, nb_txd, pool);
    }
    ret = rte_eth_dev_info_get((uint16_t)port, &info);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_dev_info_get(port %d) failed", port);
    }
    if (nq > info.max_rx_queues || nq > info.max_tx_queues)
    {
        return fail(-EINVAL, "port %d (%s) supports at most %u rx / %u tx queues, %d requested",
            port, info.driver_name, info.max_rx_queues, info.max_tx_queues, nq);
    }

    memset(&conf, 0, sizeof(conf));
    uint64_t rss_hf = 0;
    if (nq > 1)
    {
        rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
        if (rss_hf != 0)
        {
            conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
            conf.rx_adv_conf.rss_conf.rss_key = NULL;
            conf.rx_adv_conf.rss_conf.rss_hf = rss_hf;
        }
    }
    if (rss_hf_out != NULL)
    {
        *rss_hf_out = rss_hf;
    }

    ret = rte_eth_dev_configure((uint16_t)port, (uint16_t)nq, (uint16_t)nq, &conf);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_dev_configure(port %d, %d rx/tx queues, rss 0x%llx) failed",
            port, nq, (unsigned long long)rss_hf);
    }
    uint16_t rxd = (uint16_t)nb_rxd;
    uint16_t txd = (uint16_t)nb_txd;
    ret = rte_eth_dev_adjust_nb_rx_tx_desc((uint16_t)port, &rxd, &txd);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_dev_adjust_nb_rx_tx_desc(port %d, %d, %d) failed", port, nb_rxd, nb_txd);
    }
    int socket = rte_eth_dev_socket_id((uint16_t)port);
    unsigned queue_socket = socket < 0 ? (unsigned)SOCKET_ID_ANY : (unsigned)socket;
    for (int q = 0; q < nq; q++)
    {
        ret = rte_eth_rx_queue_setup((uint16_t)port, (uint16_t)q, rxd, queue_socket, NULL, (struct rte_mempool *)pool);
        if (ret != 0)
        {
            return fail(ret, "rte_eth_rx_queue_setup(port %d, queue %d, %u descriptors) failed", port, q, rxd);
        }
        ret = rte_eth_tx_queue_setup((uint16_t)port, (uint16_t)q, txd, queue_socket, NULL);
        if (ret != 0)
        {
            return fail(ret, "rte_eth_tx_queue_setup(port %d, queue %d, %u descriptors) failed", port, q, txd);
        }
    }
    return 0;
}

int shim_port_start(int port, int flags)
{
    int ret = valid_port(port, "rte_eth_dev_start");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_dev_start((uint16_t)port);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_dev_start(port %d) failed", port);
    }
    if ((flags & IPV8SHIM_START_PROMISCUOUS) != 0)
    {
        ret = rte_eth_promiscuous_enable((uint16_t)port);
        /* Virtual PMDs (ring, pcap) have no MAC filter and say so: that is not an error. */
        if (ret != 0 && ret != -ENOTSUP)
        {
            return fail(ret, "rte_eth_promiscuous_enable(port %d) failed", port);
        }
    }
    return 0;
}

int shim_port_stop(int port)
{
    int ret = valid_port(port, "rte_eth_dev_stop");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_dev_stop((uint16_t)port);
    return ret != 0 ? fail(ret, "rte_eth_dev_stop(port %d) failed", port) : 0;
}

int shim_port_close(int port)
{
    int ret = valid_port(port, "rte_eth_dev_close");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_dev_close((uint16_t)port);
    return ret != 0 ? fail(ret, "rte_eth_dev_close(port %d) failed", port) : 0;
}

int shim_port_stats(int port, uint64_t *out)
{
    struct rte_eth_stats s;
    int ret = valid_port(port, "rte_eth_stats_get");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_stats_get((uint16_t)port, &s);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_stats_get(port %d) failed", port);
    }
    out[0] = s.ipackets;
    out[1] = s.opackets;
    out[2] = s.ibytes;
    out[3] = s.obytes;
    out[4] = s.imissed;
    out[5] = s.ierrors;
    out[6] = s.oerrors;
    out[7] = s.rx_nombuf;
    uint64_t *q = out + IPV8SHIM_STATS_PORT_FIELDS;
    memcpy(q + 0 * IPV8SHIM_STATS_QUEUES, s.q_ipackets, sizeof(s.q_ipackets));
    memcpy(q + 1 * IPV8SHIM_STATS_QUEUES, s.q_opackets, sizeof(s.q_opackets));
    memcpy(q + 2 * IPV8SHIM_STATS_QUEUES, s.q_ibytes, sizeof(s.q_ibytes));
    memcpy(q + 3 * IPV8SHIM_STATS_QUEUES, s.q_obytes, sizeof(s.q_obytes));
    memcpy(q + 4 * IPV8SHIM_STATS_QUEUES, s.q_errors, sizeof(s.q_errors));
    return 0;
}

int shim_port_stats_reset(int port)
{
    int ret = valid_port(port, "rte_eth_stats_reset");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_stats_reset((uint16_t)port);
    return ret != 0 ? fail(ret, "rte_eth_stats_reset(port %d) failed", port) : 0;
}

/* out: speed in Mbps, full duplex (0/1), autoneg (0/1), up (0/1). Never waits for the link. */
int shim_port_link(int port, uint64_t *out)
{
    struct rte_eth_link link;
    int ret = valid_port(port, "rte_eth_link_get_nowait");
    if (ret != 0)
    {
        return ret;
    }
    memset(&link, 0, sizeof(link));
    ret = rte_eth_link_get_nowait((uint16_t)port, &link);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_link_get_nowait(port %d) failed", port);
    }
    out[0] = link.link_speed;
    out[1] = link.link_duplex;
    out[2] = link.link_autoneg;
    out[3] = link.link_status;
    return 0;
}

int shim_port_mac(int port, uint8_t *out)
{
    struct rte_ether_addr addr;
    int ret = valid_port(port, "rte_eth_macaddr_get");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_macaddr_get((uint16_t)port, &addr);
    if (ret != 0)
    {
        return fail(ret, "rte_eth_macaddr_get(port %d) failed", port);
    }
    memcpy(out, addr.addr_bytes, RTE_ETHER_ADDR_LEN);
    return 0;
}

int shim_port_mtu(int port)
{
    uint16_t mtu;
    int ret = valid_port(port, "rte_eth_dev_get_mtu");
    if (ret != 0)
    {
        return ret;
    }
    ret = rte_eth_dev_get_mtu((uint16_t)port, &mtu);
    return ret != 0 ? fail(ret, "rte_eth_dev_get_mtu(port %d) failed", port) : (int)mtu;
}

int shim_port_set_mtu(int port, int mtu)
{
    int ret = valid_port(port, "rte_eth_dev_set_mtu");
    if (ret != 0)
    {
        return ret;
    }
    if (mtu < 0 || mtu > UINT16_MAX)
    {
        return fail(-EINVAL, "rte_eth_dev_set_mtu(port %d, %d): MTU out of range", port, mtu);
    }
    ret = rte_eth_dev_set_mtu((uint16_t)port, (uint16_t)mtu);
    return ret != 0 ? fail(ret, "rte_eth_dev_set_mtu(port %d, %d) failed", port, mtu) : 0;
}

/* ---------------------------------------------------------------- fast path (critical downcalls) */

int shim_rx_burst(int port, int queue, void **pkts, int n)
{
    return rte_eth_rx_burst((uint16_t)port, (uint16_t)queue, (struct rte_mbuf **)pkts, (uint16_t)n);
}

/* Raw tx: the caller still owns pkts[sent..n-1]. */
int shim_tx_burst(int port, int queue, void **pkts, int n)
{
    return rte_eth_tx_burst((uint16_t)port, (uint16_t)queue, (struct rte_mbuf **)pkts, (uint16_t)n);
}

/* tx, then free whatever the PMD refused: the caller owns none of the n mbufs afterwards. */
int shim_tx_burst_free(int port, int queue, void **pkts, int n)
{
    uint16_t sent = rte_eth_tx_burst((uint16_t)port, (uint16_t)queue, (struct rte_mbuf **)pkts, (uint16_t)n);
    if (sent < (uint16_t)n)
    {
        rte_pktmbuf_free_bulk((struct rte_mbuf **)pkts + sent, (unsigned)(n - sent));
    }
    return sent;
}

/* 0 and n reset mbufs (one segment, data_off = headroom, length 0), or -ENOENT and none. */
int shim_mbuf_alloc_bulk(void *pool, void **pkts, int n)
{
    return rte_pktmbuf_alloc_bulk((struct rte_mempool *)pool, (struct rte_mbuf **)pkts, (unsigned)n);
}

void shim_mbuf_free_bulk(void **pkts, int n)
{
    rte_pktmbuf_free_bulk((struct rte_mbuf **)pkts, (unsigned)n);
}

/* ---------------------------------------------------------------- layout checks */

int shim_mbuf_layout(int *out, int n)
{
    int v[IPV8SHIM_MBUF_FIELD_COUNT];
    v[IPV8SHIM_MBUF_SIZEOF] = (int)sizeof(struct rte_mbuf);
    v[IPV8SHIM_MBUF_BUF_ADDR] = (int)offsetof(struct rte_mbuf, buf_addr);
    v[IPV8SHIM_MBUF_DATA_OFF] = (int)offsetof(struct rte_mbuf, data_off);
    v[IPV8SHIM_MBUF_REFCNT] = (int)offsetof(struct rte_mbuf, refcnt);
    v[IPV8SHIM_MBUF_NB_SEGS] = (int)offsetof(struct rte_mbuf, nb_segs);
    v[IPV8SHIM_MBUF_PORT] = (int)offsetof(struct rte_mbuf, port);
    v[IPV8SHIM_MBUF_OL_FLAGS] = (int)offsetof(struct rte_mbuf, ol_flags);
    v[IPV8SHIM_MBUF_PACKET_TYPE] = (int)offsetof(struct rte_mbuf, packet_type);
    v[IPV8SHIM_MBUF_PKT_LEN] = (int)offsetof(struct rte_mbuf, pkt_len);
    v[IPV8SHIM_MBUF_DATA_LEN] = (int)offsetof(struct rte_mbuf, data_len);
    v[IPV8SHIM_MBUF_VLAN_TCI] = (int)offsetof(struct rte_mbuf, vlan_tci);
    v[IPV8SHIM_MBUF_HASH_RSS] = (int)offsetof(struct rte_mbuf, hash.rss);
    v[IPV8SHIM_MBUF_BUF_LEN] = (int)offsetof(struct rte_mbuf, buf_len);
    v[IPV8SHIM_MBUF_POOL] = (int)offsetof(struct rte_mbuf, pool);
    v[IPV8SHIM_MBUF_NEXT] = (int)offsetof(struct rte_mbuf, next);
    v[IPV8SHIM_MBUF_HEADROOM] = RTE_PKTMBUF_HEADROOM;
    int count = n < IPV8SHIM_MBUF_FIELD_COUNT ? n : IPV8SHIM_MBUF_FIELD_COUNT;
    memcpy(out, v, (size_t)count * sizeof(int));
    return IPV8SHIM_MBUF_FIELD_COUNT;
}
