package org.ipv8router.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One DPDK ethdev port of any PMD (PCI NIC, net_af_packet, net_ring, net_null, net_pcap, ...): look it up by
 * name or create it as a virtual device at run time, configure its queues, start it, and move bursts of
 * mbufs through it.
 * <p>
 * Life cycle: {@link #byName(String)} or {@link #createVdev(String, String)}, then
 * {@link #configure(int, int, int, DpdkMempool)}, {@link #start(boolean)}, bursts, {@link #stop()},
 * {@link #close()}. Control-path methods throw {@link DpdkException} with DPDK's reason; the burst methods
 * allocate nothing, throw only IllegalArgumentException for a queue that is not configured or a count larger
 * than the array (DPDK would crash on those), and must be called from one thread per queue. The raw
 * {@link DpdkShim} burst calls skip even these checks.
 */
public final class DpdkEthDev implements AutoCloseable
{
    /** Descriptor ring size used when the caller has no opinion; PMDs round it to what they support. */
    public static final int DEFAULT_DESCRIPTORS = 1024;
    /** RTE_ETH_NAME_MAX_LEN. */
    static final int NAME_CAPACITY = 64;
    private static final System.Logger LOG = System.getLogger(DpdkEthDev.class.getName());

    private final int portId;
    private final String name;
    private final boolean ownsVdev;
    private int queues;
    private long rssHashFunctions;
    private boolean configured;
    private boolean started;
    private boolean closed;

    private DpdkEthDev(final int portId, final String name, final boolean ownsVdev)
    {
        this.portId = portId;
        this.name = name;
        this.ownsVdev = ownsVdev;
    }

    /**
     * The existing port with this ethdev name (a vdev name such as "net_ring0" or a PCI address).
     *
     * @throws NoSuchPortException listing the ports that exist.
     */
    public static DpdkEthDev byName(final String name)
    {
        Eal.current();
        final int result;
        try (Arena arena = Arena.ofConfined())
        {
            result = ShimFunctions.portByName(arena.allocateFrom(name));
        }
        if (result < 0)
        {
            throw new NoSuchPortException(name, "no DPDK port named '" + name + "' (ports: " + portNames() + "); " +
                "create virtual ones with --vdev or DpdkEthDev.createVdev, bind NICs to vfio-pci for PCI ports",
                result);
        }
        return new DpdkEthDev(result, name, false);
    }

    /**
     * The existing port with this id.
     *
     * @throws NoSuchPortException if there is none.
     */
    public static DpdkEthDev byId(final int portId)
    {
        Eal.current();
        final String name = portName(portId);
        if (name == null)
        {
            throw new NoSuchPortException("#" + portId, "no DPDK port with id " + portId + " (ports: " +
                portNames() + ")", -19);
        }
        return new DpdkEthDev(portId, name, false);
    }

    /**
     * Creates a virtual device at run time ({@code rte_vdev_init}), e.g. ("net_ring7", "") or
     * ("net_pcap0", "rx_pcap=in.pcap,tx_pcap=out.pcap"). The driver is chosen by the name's prefix; the port
     * takes the name. {@link #close()} removes the device again.
     *
     * @throws DpdkException if no driver matches, the driver rejects the arguments, or the name is taken.
     */
    public static DpdkEthDev createVdev(final String name, final String args)
    {
        Eal.current();
        final int result;
        try (Arena arena = Arena.ofConfined())
        {
            result = ShimFunctions.vdevCreate(arena.allocateFrom(name), arena.allocateFrom(args == null ? "" : args));
        }
        if (result < 0)
        {
            throw DpdkShim.failure("cannot create DPDK virtual device '" + name + "'" +
                (args == null || args.isEmpty() ? "" : " with arguments '" + args + "'"), result);
        }
        LOG.log(Level.INFO, "created DPDK vdev " + name + " (args '" + args + "') as port " + result);
        return new DpdkEthDev(result, name, true);
    }

    /**
     * Creates two net_ring ports joined back to back: what is sent on one is received on the other (net_ring's
     * devargs only make loops). A test harness keeps one end and gives the other to the router. Closing a port
     * removes its device; the two rings ({@code RP_<name>}) stay allocated for the life of the process.
     *
     * @param nameA       name of the first pair end; its ethdev is named {@code net_ring_<nameA>} (DPDK's prefix).
     * @param nameB       name of the second pair end; ethdev {@code net_ring_<nameB>}.
     * @param descriptors ring size (power of two).
     * @return the two ports, [A, B].
     * @throws DpdkException naming the ports if a name is taken or the rings cannot be created.
     */
    public static DpdkEthDev[] createRingPair(final String nameA, final String nameB, final int descriptors)
    {
        Eal.current();
        final int result;
        try (Arena arena = Arena.ofConfined())
        {
            result = ShimFunctions.ringPairCreate(arena.allocateFrom(nameA), arena.allocateFrom(nameB), descriptors);
        }
        if (result < 0)
        {
            throw DpdkShim.failure("cannot create net_ring pair " + nameA + "/" + nameB, result);
        }
        LOG.log(Level.INFO, "created DPDK net_ring pair " + nameA + "/" + nameB);
        final int a = result >>> 16;
        final int b = result & 0xFFFF;
        return new DpdkEthDev[]{new DpdkEthDev(a, portName(a), true), new DpdkEthDev(b, portName(b), true)};
    }

    /** Names of all available ports, in port id order. */
    public static List<String> portNames()
    {
        final List<String> names = new ArrayList<>();
        for (int id = ShimFunctions.portNext(0); id >= 0; id = ShimFunctions.portNext(id + 1))
        {
            final String portName = portName(id);
            if (portName != null)
            {
                names.add(portName);
            }
        }
        return names;
    }

    /** Number of available ports. */
    public static int portCount()
    {
        return ShimFunctions.portCount();
    }

    private static String portName(final int portId)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(NAME_CAPACITY);
            return ShimFunctions.portName(portId, buffer, NAME_CAPACITY) < 0 ? null : buffer.getString(0);
        }
    }

    public int portId()
    {
        return portId;
    }

    public String name()
    {
        return name;
    }

    /** True if this object created the port as a vdev and removes it on close. */
    public boolean ownsVdev()
    {
        return ownsVdev;
    }

    /** Queues configured (rx = tx), 0 before {@link #configure}. */
    public int queues()
    {
        return queues;
    }

    /** RSS hash functions enabled by configure (RTE_ETH_RSS_* bits); 0 with one queue or a PMD that cannot hash. */
    public long rssHashFunctions()
    {
        return rssHashFunctions;
    }

    public boolean isStarted()
    {
        return started;
    }

    /** Driver, queue limits, RSS capabilities, socket, MTU range. */
    public PortInfo info()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment out = arena.allocate(JAVA_LONG, 8);
            final MemorySegment driver = arena.allocate(NAME_CAPACITY);
            check("cannot read device info of port " + describe(),
                ShimFunctions.portInfo(portId, out, driver, NAME_CAPACITY));
            final long[] v = out.toArray(JAVA_LONG);
            return new PortInfo(portId, name, driver.getString(0), (int)v[0], (int)v[1], v[2], (int)v[3], (int)v[4],
                (int)v[5], (int)v[6], (int)v[7]);
        }
    }

    /**
     * Configures queues rx and tx queues (RSS over IP/TCP/UDP when queues &gt; 1 and the PMD can hash) with the
     * given descriptor ring sizes, receiving into pool.
     *
     * @throws DpdkException naming the failing step, e.g. more queues than the PMD supports.
     */
    public void configure(final int queues, final int rxDescriptors, final int txDescriptors, final DpdkMempool pool)
    {
        ensureOpen();
        if (started)
        {
            throw new IllegalStateException("port " + describe() + " is started: stop it before configuring");
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment rss = arena.allocate(JAVA_LONG);
            check("cannot configure port " + describe() + " with " + queues + " queue(s)",
                ShimFunctions.portSetup(portId, queues, rxDescriptors, txDescriptors, pool.address(), rss));
            this.rssHashFunctions = rss.get(JAVA_LONG, 0);
        }
        this.queues = queues;
        this.configured = true;
        LOG.log(Level.INFO, "configured DPDK port " + describe() + ": " + queues + " queue(s), " + rxDescriptors +
            "/" + txDescriptors + " descriptors, pool " + pool.name() + ", RSS 0x" +
            Long.toHexString(rssHashFunctions));
    }

    /** {@link #configure(int, int, int, DpdkMempool)} with {@value #DEFAULT_DESCRIPTORS} descriptors each way. */
    public void configure(final int queues, final DpdkMempool pool)
    {
        configure(queues, DEFAULT_DESCRIPTORS, DEFAULT_DESCRIPTORS, pool);
    }

    /**
     * Starts the port ({@code rte_eth_dev_start}) and optionally turns promiscuous mode on (PMDs without a MAC
     * filter are accepted as they are).
     *
     * @throws DpdkException if the PMD fails to start, with its reason.
     */
    public void start(final boolean promiscuous)
    {
        ensureOpen();
        if (!configured)
        {
            throw new IllegalStateException("port " + describe() + " must be configured before it is started");
        }
        if (started)
        {
            return;
        }
        check("cannot start port " + describe(), ShimFunctions.portStart(portId, promiscuous ? 1 : 0));
        started = true;
        LOG.log(Level.INFO, "started DPDK port " + describe() + ", link " + link());
    }

    /** Stops the port; it may be reconfigured and started again. */
    public void stop()
    {
        if (!started || closed)
        {
            return;
        }
        started = false;
        check("cannot stop port " + describe(), ShimFunctions.portStop(portId));
    }

    /**
     * Stops and closes the port ({@code rte_eth_dev_close}, which flushes PMDs such as net_pcap) and removes
     * the vdev if this object created it. Idempotent.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        DpdkException failure = null;
        try
        {
            stop();
        }
        catch (final DpdkException ex)
        {
            failure = ex;
        }
        closed = true;
        final int closeResult = ShimFunctions.portClose(portId);
        if (closeResult < 0 && failure == null)
        {
            failure = DpdkShim.failure("cannot close port " + describe(), closeResult);
        }
        if (ownsVdev)
        {
            final int removeResult;
            try (Arena arena = Arena.ofConfined())
            {
                removeResult = ShimFunctions.vdevRemove(arena.allocateFrom(name));
            }
            if (removeResult < 0 && failure == null)
            {
                failure = DpdkShim.failure("cannot remove DPDK virtual device " + name, removeResult);
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    // ------------------------------------------------------------------ fast path

    /**
     * Receives up to n packets from queue into burst positions 0..n-1; the caller owns what it gets.
     *
     * @return the number received.
     */
    public int rxBurst(final int queue, final MbufBurst burst, final int n)
    {
        if (queue < 0 || queue >= queues || n < 0 || n > burst.capacity())
        {
            throw badBurst("rx", queue, n, burst.capacity());
        }
        return DpdkShim.rxBurst(portId, queue, burst.address(), n);
    }

    /** As {@link #rxBurst(int, MbufBurst, int)} into a raw {@code rte_mbuf *} array segment. */
    public int rxBurst(final int queue, final MemorySegment mbufPointers, final int n)
    {
        if (queue < 0 || queue >= queues || n < 0 || n > (mbufPointers.byteSize() >> 3))
        {
            throw badBurst("rx", queue, n, mbufPointers.byteSize() >> 3);
        }
        return DpdkShim.rxBurst(portId, queue, mbufPointers.address(), n);
    }

    /**
     * Transmits burst positions 0..n-1 on queue and frees what the PMD refused: the caller owns none of them
     * afterwards.
     *
     * @return the number sent; n minus this were dropped.
     */
    public int txBurst(final int queue, final MbufBurst burst, final int n)
    {
        if (queue < 0 || queue >= queues || n < 0 || n > burst.capacity())
        {
            throw badBurst("tx", queue, n, burst.capacity());
        }
        return DpdkShim.txBurst(portId, queue, burst.address(), n);
    }

    /** As {@link #txBurst(int, MbufBurst, int)} from a raw {@code rte_mbuf *} array segment. */
    public int txBurst(final int queue, final MemorySegment mbufPointers, final int n)
    {
        if (queue < 0 || queue >= queues || n < 0 || n > (mbufPointers.byteSize() >> 3))
        {
            throw badBurst("tx", queue, n, mbufPointers.byteSize() >> 3);
        }
        return DpdkShim.txBurst(portId, queue, mbufPointers.address(), n);
    }

    /** Plain tx: the caller keeps owning positions (result)..n-1 (to retry or free them). */
    public int txBurstNoFree(final int queue, final MbufBurst burst, final int n)
    {
        if (queue < 0 || queue >= queues || n < 0 || n > burst.capacity())
        {
            throw badBurst("tx", queue, n, burst.capacity());
        }
        return DpdkShim.txBurstNoFree(portId, queue, burst.address(), n);
    }

    /**
     * DPDK itself does not check queue ids or array sizes on the fast path: a wrong one crashes the process or
     * corrupts memory, so the Java side refuses it (a programming error, never a packet-driven condition).
     */
    private IllegalArgumentException badBurst(final String direction, final int queue, final int n, final long capacity)
    {
        return new IllegalArgumentException(direction + " burst on port " + describe() + ": queue " + queue +
            " of " + queues + " configured, " + n + " mbufs for an array of " + capacity);
    }

    // ------------------------------------------------------------------ counters and state

    /** Fills into with the port's counters now and returns it; allocates nothing, so a counters thread may poll. */
    public PortStats stats(final PortStats into)
    {
        final int result = ShimFunctions.portStats(portId, into.raw());
        if (result < 0)
        {
            throw DpdkShim.failure("cannot read statistics of port " + describe(), result);
        }
        into.fill(portId);
        return into;
    }

    /** A fresh snapshot of the port's counters. */
    public PortStats stats()
    {
        return stats(new PortStats());
    }

    /** Zeroes the port's counters. */
    public void resetStats()
    {
        check("cannot reset statistics of port " + describe(), ShimFunctions.portStatsReset(portId));
    }

    /** Link state without waiting for autonegotiation. */
    public LinkStatus link()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment out = arena.allocate(JAVA_LONG, 4);
            check("cannot read link state of port " + describe(), ShimFunctions.portLink(portId, out));
            return new LinkStatus(out.getAtIndex(JAVA_LONG, 3) != 0, out.getAtIndex(JAVA_LONG, 0),
                out.getAtIndex(JAVA_LONG, 1) != 0, out.getAtIndex(JAVA_LONG, 2) != 0);
        }
    }

    /** The port's MAC address as the low 48 bits of a long, first octet most significant. */
    public long macAddress()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment out = arena.allocate(8);
            check("cannot read MAC address of port " + describe(), ShimFunctions.portMac(portId, out));
            long mac = 0;
            for (int i = 0; i < 6; i++)
            {
                mac = (mac << 8) | (out.get(JAVA_BYTE, i) & 0xFF);
            }
            return mac;
        }
    }

    /** The port's MTU (L3 payload bytes, without the Ethernet header). */
    public int mtu()
    {
        final int result = ShimFunctions.portMtu(portId);
        check("cannot read MTU of port " + describe(), result);
        return result;
    }

    /**
     * Sets the MTU; PMDs that cannot change it refuse with the reason (e.g. ENOTSUP), most only while stopped.
     */
    public void mtu(final int mtu)
    {
        check("cannot set MTU " + mtu + " on port " + describe(), ShimFunctions.portSetMtu(portId, mtu));
    }

    /** Formats a 48-bit MAC as "aa:bb:cc:dd:ee:ff". */
    public static String formatMac(final long mac)
    {
        final byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            octets[i] = (byte)(mac >>> (40 - 8 * i));
        }
        return HexFormat.ofDelimiter(":").formatHex(octets);
    }

    private String describe()
    {
        return name + " (id " + portId + ")";
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("port " + describe() + " is closed");
        }
    }

    private static void check(final String doing, final int result)
    {
        if (result < 0)
        {
            throw DpdkShim.failure(doing, result);
        }
    }

    @Override
    public String toString()
    {
        return "DpdkEthDev{" + describe() + (started ? ", started" : "") + (closed ? ", closed" : "") + "}";
    }
}
