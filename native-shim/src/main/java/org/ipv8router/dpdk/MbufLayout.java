package org.ipv8router.dpdk;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte offsets of the {@code struct rte_mbuf} fields the Java fast path reads, for DPDK 22.11 on x86_64
 * (RTE_IOVA_AS_PA build), as compile-time constants so the JIT folds them into plain loads. The shim
 * reports the real {@code offsetof()} values and {@link DpdkShim#load()} refuses to run when they differ
 * (pitfall 10: the layout changes between DPDK releases).
 * <pre>
 *  first cache line (64 bytes)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     buf_addr (void *)                         |  0
 *  +                                                               +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     buf_iova                                  |  8
 *  +                                                               +
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |          data_off             |           refcnt              | 16
 *  +-------------------------------+-------------------------------+
 *  |          nb_segs              |            port               | 20
 *  +-------------------------------+-------------------------------+
 *  |                     ol_flags                                  | 24
 *  +                                                               +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     packet_type                               | 32
 *  +---------------------------------------------------------------+
 *  |                     pkt_len (all segments)                    | 36
 *  +-------------------------------+-------------------------------+
 *  |          data_len (segment)   |          vlan_tci             | 40
 *  +-------------------------------+-------------------------------+
 *  |                     hash.rss                                  | 44
 *  +---------------------------------------------------------------+
 *  |                     hash (fdir hi)                            | 48
 *  +-------------------------------+-------------------------------+
 *  |          vlan_tci_outer       |          buf_len              | 52
 *  +-------------------------------+-------------------------------+
 *  |                     pool (struct rte_mempool *)               | 56
 *  +---------------------------------------------------------------+
 *  second cache line
 *  +---------------------------------------------------------------+
 *  |                     next (struct rte_mbuf *)                  | 64
 *  +---------------------------------------------------------------+
 * </pre>
 * Packet data starts at {@code buf_addr + data_off} and is {@code data_len} bytes long in this segment.
 */
public final class MbufLayout
{
    public static final int SIZEOF = 128;
    public static final int BUF_ADDR_OFFSET = 0;
    public static final int DATA_OFF_OFFSET = 16;
    public static final int REFCNT_OFFSET = 18;
    public static final int NB_SEGS_OFFSET = 20;
    public static final int PORT_OFFSET = 22;
    public static final int OL_FLAGS_OFFSET = 24;
    public static final int PACKET_TYPE_OFFSET = 32;
    public static final int PKT_LEN_OFFSET = 36;
    public static final int DATA_LEN_OFFSET = 40;
    public static final int VLAN_TCI_OFFSET = 42;
    public static final int HASH_RSS_OFFSET = 44;
    public static final int BUF_LEN_OFFSET = 54;
    public static final int POOL_OFFSET = 56;
    public static final int NEXT_OFFSET = 64;
    /** RTE_PKTMBUF_HEADROOM: bytes reserved in front of received and freshly allocated packets. */
    public static final int HEADROOM = 128;

    /** Field names in the order of the shim's enum ipv8shim_mbuf_field, with the Java values. */
    static final String[] NAMES =
    {
        "sizeof(struct rte_mbuf)", "buf_addr", "data_off", "refcnt", "nb_segs", "port", "ol_flags", "packet_type",
        "pkt_len", "data_len", "vlan_tci", "hash.rss", "buf_len", "pool", "next", "RTE_PKTMBUF_HEADROOM"
    };
    static final int[] EXPECTED =
    {
        SIZEOF, BUF_ADDR_OFFSET, DATA_OFF_OFFSET, REFCNT_OFFSET, NB_SEGS_OFFSET, PORT_OFFSET, OL_FLAGS_OFFSET,
        PACKET_TYPE_OFFSET, PKT_LEN_OFFSET, DATA_LEN_OFFSET, VLAN_TCI_OFFSET, HASH_RSS_OFFSET, BUF_LEN_OFFSET,
        POOL_OFFSET, NEXT_OFFSET, HEADROOM
    };

    private MbufLayout()
    {
    }

    /** The values the loaded shim reports (offsetof() in its DPDK build), in the order of {@link #fieldNames()}. */
    public static int[] fromShim()
    {
        DpdkShim.load();
        return DpdkShim.mbufLayout(DpdkShim.lookup());
    }

    /** Names of the checked fields, in the shim's order. */
    public static List<String> fieldNames()
    {
        return List.of(NAMES);
    }

    /** The values the Java constants hold, in the shim's order. */
    public static int[] expected()
    {
        return EXPECTED.clone();
    }

    /**
     * Compares the shim's values with the Java constants.
     *
     * @throws DpdkException naming every field that differs.
     */
    static void verify(final int[] shim)
    {
        final List<String> differences = new ArrayList<>();
        if (shim.length < EXPECTED.length)
        {
            differences.add("the shim reports " + shim.length + " fields, " + EXPECTED.length + " expected");
        }
        for (int i = 0; i < Math.min(shim.length, EXPECTED.length); i++)
        {
            if (shim[i] != EXPECTED[i])
            {
                differences.add(NAMES[i] + " is " + shim[i] + " in DPDK, " + EXPECTED[i] + " in MbufLayout");
            }
        }
        if (!differences.isEmpty())
        {
            throw new DpdkException("struct rte_mbuf of the installed DPDK does not match the offsets the Java fast "
                + "path reads (" + String.join("; ", differences) + "); this code supports DPDK 22.11 on x86_64, "
                + "update MbufLayout for another release");
        }
    }
}
