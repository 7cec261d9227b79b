package org.ipv8router.dpdk;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.ipv8router.dataplane.port.PortFactory;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.port.KernelPathPort;
import org.ipv8router.dataplane.port.Port;

/**
 * {@link PortFactory} over DPDK: {@link #open()} initialises the EAL (unless this process already did) and
 * creates one mempool the ports share; {@link #create} turns an interface's device string into a started
 * {@link DpdkPort} (one rx/tx queue pair, promiscuous).
 * <p>
 * Device strings:
 * <ul>
 *   <li>a PCI address, {@code 0000:03:00.0} or {@code 03:00.0}: the NIC the EAL probed (bound to vfio-pci; the
 *       EAL must not run with {@code --no-pci});</li>
 *   <li>a vdev, {@code net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap}, {@code net_af_packet0,iface=veth0},
 *       {@code net_ring0}, ...: created at run time ({@code rte_vdev_init}) and removed when the port closes;</li>
 *   <li>the name of an ethdev that already exists (e.g. given to the EAL with {@code --vdev}): used as is.</li>
 * </ul>
 * Threading: {@link #open()}, {@link #create} and {@link #close()} run on the dataplane thread. When this factory
 * initialises the EAL, that thread becomes the EAL main lcore (pinned to the first core of the config, pitfall 9);
 * when the EAL already exists, the calling thread is registered with it ({@code rte_thread_register}) instead.
 */
public final class DpdkPortFactory implements PortFactory
{
    private static final System.Logger LOG = System.getLogger(DpdkPortFactory.class.getName());
    private static final Pattern PCI_ADDRESS =
        Pattern.compile("([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    /** Mbufs in the shared pool when not configured: enough for 4 ports of 1024 rx + 1024 tx descriptors. */
    public static final int DEFAULT_MBUFS = 16383;

    private final EalConfig ealConfig;
    private final int mbufs;
    private final int burstSize;
    private final List<DpdkPort> created = new ArrayList<>();
    private Eal eal;
    private boolean initialisedEal;
    private boolean registeredThread;
    private DpdkMempool mempool;
    private DpdkPacketPool pool;
    private boolean closed;

    /**
     * @param ealConfig EAL arguments, used only if the EAL of this process is not initialised yet.
     * @param mbufs     mbufs in the pool shared by this factory's ports.
     * @param burstSize packets per rx/tx burst (1..1024).
     */
    public DpdkPortFactory(final EalConfig ealConfig, final int mbufs, final int burstSize)
    {
        if (mbufs < 64)
        {
            throw new IllegalArgumentException("DPDK port factory: need at least 64 mbufs, got " + mbufs);
        }
        if (burstSize < 1 || burstSize > 1024)
        {
            throw new IllegalArgumentException("DPDK port factory: burst size must be 1..1024, got " + burstSize);
        }
        this.ealConfig = ealConfig;
        this.mbufs = mbufs;
        this.burstSize = burstSize;
    }

    /** A factory with {@link #DEFAULT_MBUFS} and {@link DpdkPort#DEFAULT_BURST}. */
    public DpdkPortFactory(final EalConfig ealConfig)
    {
        this(ealConfig, DEFAULT_MBUFS, DpdkPort.DEFAULT_BURST);
    }

    /**
     * Loads the shim, initialises the EAL on the calling thread (or registers the thread with the EAL that exists)
     * and creates the shared mempool.
     *
     * @throws DpdkUnavailableException if DPDK or the shim is not installed.
     * @throws DpdkException            if the EAL or the mempool cannot be set up (the reason from DPDK).
     */
    public synchronized void open()
    {
        if (closed)
        {
            throw new IllegalStateException("DPDK port factory is closed");
        }
        if (pool != null)
        {
            return;
        }
        DpdkShim.load();
        if (Eal.isInitialised())
        {
            eal = Eal.current();
            if (Eal.currentLcore() < 0)
            {
                Eal.registerCurrentThread();
                registeredThread = true;
            }
        }
        else
        {
            eal = Eal.init(ealConfig);
            initialisedEal = true;
        }
        final String name = "ipv8_ports_" + POOL_NUMBER.incrementAndGet();
        mempool = DpdkMempool.create(name, mbufs, Math.min(DpdkMempool.DEFAULT_CACHE, mbufs * 2 / 3),
            DpdkMempool.DEFAULT_DATA_ROOM, -1);
        pool = new DpdkPacketPool(mempool);
        LOG.log(Level.INFO, "DPDK port factory: " + (initialisedEal ? "EAL initialised (" +
            String.join(" ", eal.arguments()) + ")" : "using the EAL of this process") + ", pool " + name + " of " +
            mbufs + " mbufs");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if {@link #open()} was not called.
     * @throws DpdkException         naming the interface and device if the device is missing or does not start.
     */
    public synchronized Port create(
        final String interfaceName, final int index, final String deviceArgs, final DataplaneCounters counters)
    {
        if (pool == null)
        {
            throw new IllegalStateException("interface " + interfaceName + ": DPDK port factory not opened");
        }
        if (deviceArgs == null || deviceArgs.isBlank())
        {
            throw new IllegalArgumentException("interface " + interfaceName +
                ": no DPDK device (want a PCI address, a vdev such as net_af_packet0,iface=eth1, or an ethdev name)");
        }
        final String spec = deviceArgs.trim();
        DpdkEthDev device = null;
        try
        {
            device = open(spec);
            device.configure(1, mempool);
            device.start(true);
            final DpdkPort port = new DpdkPort(interfaceName, index, device, 0, pool,
                counters.newPortCounters(index, interfaceName), burstSize, true);
            created.add(port);
            LOG.log(Level.INFO, "interface " + interfaceName + " (port " + index + ") on DPDK " + device.name() +
                ", driver " + device.info().driver() + ", MAC " + DpdkEthDev.formatMac(port.macAddress()) +
                ", link " + (port.isLinkUp() ? "up" : "down"));
            return port;
        }
        catch (final DpdkException ex)
        {
            if (device != null)
            {
                try
                {
                    device.close();
                }
                catch (final DpdkException suppressed)
                {
                    ex.addSuppressed(suppressed);
                }
            }
            throw new DpdkException("interface " + interfaceName + " (device '" + spec + "'): " + ex.getMessage(),
                ex.errorCode(), ex);
        }
    }

    /** Port index of the kernel (TAP) port of the port with index i: apart from router ports in counters. */
    public static final int KERNEL_PORT_INDEX_BASE = 256;

    /**
     * {@inheritDoc}
     * <p>
     * DPDK: a {@code net_tap} vdev named {@code net_tap_<kernelInterface>} whose kernel side gets the port's MAC, the
     * addresses and no IPv6 ({@link KernelInterface#configure}); counters {@code port tap-<kernelInterface> ...}
     * (index {@link #KERNEL_PORT_INDEX_BASE} + the port's) and {@code kernel-path <interface> ...}. Needs
     * CAP_NET_ADMIN and /dev/net/tun.
     */
    public synchronized Port attachKernelPath(
        final Port port, final String kernelInterface, final List<String> ipv4Cidrs, final DataplaneCounters counters)
    {
        if (pool == null)
        {
            throw new IllegalStateException("interface " + port.name() + ": DPDK port factory not opened");
        }
        if (kernelInterface.isEmpty() || kernelInterface.length() > 15 || !kernelInterface.matches("[A-Za-z0-9_.-]+"))
        {
            throw new IllegalArgumentException("interface " + port.name() + ": bad kernel interface name '" +
                kernelInterface + "' (1-15 characters of A-Z a-z 0-9 _ . -)");
        }
        final int[] addresses = new int[ipv4Cidrs.size()];
        for (int k = 0; k < addresses.length; k++)
        {
            addresses[k] = KernelInterface.parseIpv4(ipv4Cidrs.get(k));
        }
        final int index = KERNEL_PORT_INDEX_BASE + port.index();
        final String tapName = "tap-" + kernelInterface;
        final DpdkEthDev device;
        try
        {
            device = DpdkEthDev.createVdev("net_tap_" + kernelInterface, "iface=" + kernelInterface);
        }
        catch (final DpdkException ex)
        {
            throw new DpdkException("interface " + port.name() + ": cannot create the kernel TAP interface " +
                kernelInterface + " (needs CAP_NET_ADMIN and /dev/net/tun): " + ex.getMessage(), ex.errorCode(), ex);
        }
        final DpdkPort tap;
        try
        {
            tap = DpdkPort.start(tapName, index, device, pool, counters.newPortCounters(index, tapName));
        }
        catch (final RuntimeException ex)
        {
            device.close();
            throw ex;
        }
        created.add(tap);
        try
        {
            KernelInterface.configure(kernelInterface, port.macAddress(), ipv4Cidrs);
        }
        catch (final RuntimeException ex)
        {
            tap.close();
            throw new IllegalStateException("interface " + port.name() + ": kernel interface " + kernelInterface +
                ": " + ex.getMessage(), ex);
        }
        tap.refreshLink();
        final String prefix = "kernel-path " + port.name() + " ";
        final KernelPathPort path = new KernelPathPort(port, tap, addresses,
            counters.newCounter(org.ipv8router.dataplane.counters.CounterTypes.OTHER, port.index(), prefix + "to-kernel"),
            counters.newCounter(org.ipv8router.dataplane.counters.CounterTypes.OTHER, port.index(), prefix + "arp-copied"),
            counters.newCounter(org.ipv8router.dataplane.counters.CounterTypes.OTHER, port.index(), prefix + "from-kernel"),
            counters.newCounter(org.ipv8router.dataplane.counters.CounterTypes.OTHER, port.index(),
                prefix + "arp-copy-failed"));
        LOG.log(Level.INFO, "interface " + port.name() + ": kernel exception path via TAP " + kernelInterface +
            " (" + String.join(", ", ipv4Cidrs) + ", MAC " + DpdkEthDev.formatMac(port.macAddress()) + ")");
        return path;
    }

    private DpdkEthDev open(final String spec)
    {
        if (PCI_ADDRESS.matcher(spec).matches())
        {
            if (eal.config().noPci())
            {
                throw new DpdkException("PCI device " + spec + " but the EAL runs with --no-pci");
            }
            return DpdkEthDev.byName(spec.length() == 7 ? "0000:" + spec : spec);
        }
        final int comma = spec.indexOf(',');
        final String name = comma < 0 ? spec : spec.substring(0, comma);
        final String args = comma < 0 ? "" : spec.substring(comma + 1);
        if (comma < 0 && DpdkEthDev.portNames().contains(name))
        {
            return DpdkEthDev.byName(name);
        }
        return DpdkEthDev.createVdev(name, args);
    }

    /** @return the pool the ports receive into (null before {@link #open()}). */
    public DpdkPacketPool pool()
    {
        return pool;
    }

    /** @return the EAL (null before {@link #open()}). */
    public Eal eal()
    {
        return eal;
    }

    /** @return true if {@link #open()} initialised the EAL (and {@link #close()} cleans it up). */
    public boolean initialisedEal()
    {
        return initialisedEal;
    }

    /**
     * Closes ports this factory made that are still open, frees the pool, cleans the EAL up if this factory
     * initialised it (DPDK initialises an EAL once per process: a later factory in the same process then fails in
     * {@link #open()}), and releases the lcore id if it registered the calling thread.
     */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final DpdkPort port : created)
        {
            try
            {
                port.close();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.WARNING, "closing DPDK port " + port.name() + ": " + ex.getMessage());
            }
        }
        created.clear();
        if (pool != null)
        {
            pool.close();
            mempool.close();
        }
        if (initialisedEal)
        {
            eal.cleanup();
        }
        else if (registeredThread)
        {
            Eal.unregisterCurrentThread();
        }
    }
}
