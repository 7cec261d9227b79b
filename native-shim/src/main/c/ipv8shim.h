/*
 * libipv8shim: the small C layer between the Java dataplane (java.lang.foreign) and DPDK 22.11.
 *
 * Why it exists: DPDK's fast path (rte_eth_rx_burst, rte_eth_tx_burst, rte_pktmbuf_*) is static inline,
 * so there is no symbol Java could bind. Each function here is "fat" per burst, never per packet.
 *
 * Conventions (the Java bindings in org.ipv8router.dpdk rely on them):
 *  - every integer parameter and result is int / unsigned / uint64_t wide, never uint16_t, so Java needs no
 *    sign masking (pitfall 16 in docs/notes: uint16_t returns map to signed short);
 *  - control-path functions return 0 (or a non-negative value) on success and a negative errno-style code
 *    on failure; shim_last_error() then holds a sentence naming the DPDK call and its arguments, and
 *    shim_strerror(code) gives rte_strerror's text for the code;
 *  - fast-path functions (rx/tx/alloc/free bursts) never block and never call back into Java, so Java may
 *    bind them with Linker.Option.critical(false).
 */
#ifndef IPV8SHIM_H
#define IPV8SHIM_H

#include <stdint.h>

/* Bumped whenever a signature or the meaning of a result changes; Java refuses a stale library. */
#define IPV8SHIM_ABI_VERSION 1

/* Indexes into the array filled by shim_mbuf_layout(). */
enum ipv8shim_mbuf_field {
    IPV8SHIM_MBUF_SIZEOF = 0,
    IPV8SHIM_MBUF_BUF_ADDR,
    IPV8SHIM_MBUF_DATA_OFF,
    IPV8SHIM_MBUF_REFCNT,
    IPV8SHIM_MBUF_NB_SEGS,
    IPV8SHIM_MBUF_PORT,
    IPV8SHIM_MBUF_OL_FLAGS,
    IPV8SHIM_MBUF_PACKET_TYPE,
    IPV8SHIM_MBUF_PKT_LEN,
    IPV8SHIM_MBUF_DATA_LEN,
    IPV8SHIM_MBUF_VLAN_TCI,
    IPV8SHIM_MBUF_HASH_RSS,
    IPV8SHIM_MBUF_BUF_LEN,
    IPV8SHIM_MBUF_POOL,
    IPV8SHIM_MBUF_NEXT,
    IPV8SHIM_MBUF_HEADROOM,         /* RTE_PKTMBUF_HEADROOM, not an offset */
    IPV8SHIM_MBUF_FIELD_COUNT
};

/* Layout of the array filled by shim_port_stats(). */
#define IPV8SHIM_STATS_PORT_FIELDS 8   /* ipackets opackets ibytes obytes imissed ierrors oerrors rx_nombuf */
#define IPV8SHIM_STATS_QUEUES 16       /* RTE_ETHDEV_QUEUE_STAT_CNTRS */
#define IPV8SHIM_STATS_QUEUE_FIELDS 5  /* q_ipackets q_opackets q_ibytes q_obytes q_errors, each [16] */
#define IPV8SHIM_STATS_LONGS (IPV8SHIM_STATS_PORT_FIELDS + IPV8SHIM_STATS_QUEUES * IPV8SHIM_STATS_QUEUE_FIELDS)

/* Layout of the array filled by shim_port_info(). */
#define IPV8SHIM_INFO_LONGS 8          /* max_rxq max_txq rss_offloads socket nb_rxq nb_txq min_mtu max_mtu */

/* flags for shim_port_start() */
#define IPV8SHIM_START_PROMISCUOUS 1

int shim_abi_version(void);
const char *shim_last_error(void);
const char *shim_strerror(int code);
int shim_rte_errno(void);

int shim_eal_init(int argc, char **argv);
int shim_eal_cleanup(void);
int shim_thread_register(void);
int shim_thread_unregister(void);
int shim_lcore_id(void);
int shim_socket_id(void);

void *shim_pool_create(const char *name, unsigned count, unsigned cache, unsigned data_room, int socket);
void shim_pool_free(void *pool);
unsigned shim_pool_available(void *pool);
unsigned shim_pool_in_use(void *pool);

int shim_vdev_create(const char *name, const char *args);
int shim_vdev_remove(const char *name);
/* Two net_ring ethdevs joined by two rings (A tx -> B rx, B tx -> A rx); returns (portA << 16) | portB or -errno.
 * The rings (RP_<name>) stay allocated after the ports are removed. */
int shim_ring_pair_create(const char *name_a, const char *name_b, int descriptors);

int shim_port_count(void);
int shim_port_by_name(const char *name);
int shim_port_next(int from);
int shim_port_name(int port, char *buf, int len);
int shim_port_info(int port, uint64_t *out, char *driver, int driver_len);
int shim_port_setup(int port, int nq, int nb_rxd, int nb_txd, void *pool, uint64_t *rss_hf_out);
int shim_port_start(int port, int flags);
int shim_port_stop(int port);
int shim_port_close(int port);
int shim_port_stats(int port, uint64_t *out);
int shim_port_stats_reset(int port);
int shim_port_link(int port, uint64_t *out);
int shim_port_mac(int port, uint8_t *out);
int shim_port_mtu(int port);
int shim_port_set_mtu(int port, int mtu);

int shim_rx_burst(int port, int queue, void **pkts, int n);
int shim_tx_burst(int port, int queue, void **pkts, int n);
int shim_tx_burst_free(int port, int queue, void **pkts, int n);
int shim_mbuf_alloc_bulk(void *pool, void **pkts, int n);
void shim_mbuf_free_bulk(void **pkts, int n);

int shim_mbuf_layout(int *out, int n);

#endif
