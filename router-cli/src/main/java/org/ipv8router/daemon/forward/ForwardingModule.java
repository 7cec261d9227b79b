package org.ipv8router.daemon.forward;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.PortKind;
import org.ipv8router.config.ConfigModel.PortSpec;
import org.ipv8router.config.RouterBuilder;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.daemon.DaemonContext;
import org.ipv8router.daemon.DaemonModule;
import org.ipv8router.daemon.ShutdownStep;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.MacAddress;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.dataplane.port.PortFactory;
import org.ipv8router.dataplane.port.RingHost;
import org.ipv8router.dataplane.port.RingPort;
import org.ipv8router.dataplane.port.RingWire;
import org.ipv8router.log.Log;

/**
 * The forwarding assembly as a {@link DaemonModule}: the IPv8 {@link Router} over the ports of the config's
 * {@code port} lines, on its own forwarding thread, with a control-plane thread beside it.
 * <ul>
 *   <li>Ports: {@code port ring} is an in-memory {@link RingPort} whose far end ({@link RingHost}) tests, the demo
 *       and the control commands {@code ring inject|capture} drive; {@code port pcap IN OUT} a {@link PcapPort};
 *       any other kind ({@code port dpdk ...}) comes from the {@link PortFactory} registered for it in the
 *       {@link PortFactoryRegistry} (none registered: the start fails naming the interface). An interface with no
 *       {@code port} line runs on an unconnected ring port (logged as a warning).</li>
 *   <li>Threads: "ipv8-forwarder" (Agrona {@link AgentRunner}) creates the ports and the router, then forwards;
 *       it also runs neighbour-cache work and router-originated packets handed over by the control plane.
 *       "ipv8-fwd-control" is the FIB writer and drains the punt ring (counted, logged at debug, echo replies
 *       matched for {@code ping8}).</li>
 *   <li>Registers: the control commands ({@link ForwardingCommands}), a {@link ShutdownStep} that stops both
 *       threads and closes the ports, and the {@link ForwardingReload} target.</li>
 * </ul>
 */
public final class ForwardingModule implements DaemonModule
{
    static final String COMPONENT = "forwarding";
    /** Octets of each direction of a ring port. */
    static final int RING_CAPACITY = RingWire.DEFAULT_CAPACITY;
    private static final long START_TIMEOUT_MS = 60_000;

    private final PortFactoryRegistry factories;
    private final Dir24_8.Layout localTableLayout;

    private Log log;
    private volatile RouterConfig config;
    private RouterSpec spec;
    private Router router;
    private ForwardingWorker worker;
    private ControlPlaneAgent control;
    private AgentRunner workerRunner;
    private AgentRunner controlRunner;
    private Ping8 ping8;
    private AtomicCounter puntCounter;
    private final Map<String, RingEnd> rings = new LinkedHashMap<>();
    private final Map<String, PortSpec> portSpecs = new LinkedHashMap<>();
    private final Map<String, Port> kernelPaths = new java.util.concurrent.ConcurrentHashMap<>();
    // Other modules' consumers of punted frames (gateway-pair hellos); copy-on-write, read on the control thread.
    private volatile org.ipv8router.dataplane.forward.PuntQueue.Handler[] puntListeners =
        new org.ipv8router.dataplane.forward.PuntQueue.Handler[0];

    /** One ring port's far end; the locks keep control-socket clients (several threads) one at a time per side. */
    record RingEnd(String interfaceName, RingHost host, Object injectLock, Object captureLock)
    {
    }

    /** A module with no extra port factories (ring and pcap ports only) and full-size own-ASN tables. */
    public ForwardingModule()
    {
        this(new PortFactoryRegistry(), Dir24_8.Layout.DIR_24_8);
    }

    /**
     * @param factories        port factories for kinds other than ring and pcap (e.g. "dpdk").
     * @param localTableLayout Tier 2 layout of own-ASN tables (DIR_16_8_8 keeps tests small).
     */
    public ForwardingModule(final PortFactoryRegistry factories, final Dir24_8.Layout localTableLayout)
    {
        this.factories = factories;
        this.localTableLayout = localTableLayout;
    }

    @Override
    public String name()
    {
        return COMPONENT;
    }

    @Override
    public void start(final DaemonContext context) throws Exception
    {
        log = context.log();
        config = context.config();
        for (final String warning : RouterBuilder.warnings(config))
        {
            log.warn(COMPONENT, "config-not-in-dataplane", "what", warning);
        }
        final List<java.util.function.Function<RouterConfig, ? extends PortFactory>> needed = checkPorts(config);
        spec = RouterBuilder.toSpec(config, localTableLayout);
        final DataplaneCounters counters = context.counters();
        puntCounter = counters.newCounter(CounterTypes.OTHER, 0, "control-plane punt-received");

        worker = new ForwardingWorker(new Assembly(counters, needed));
        workerRunner = new AgentRunner(idle(), e -> log.error(COMPONENT, "forwarder-error", "error", String.valueOf(e)),
            null, worker);
        AgentRunner.startOnThread(workerRunner);
        try
        {
            router = worker.awaitReady(START_TIMEOUT_MS);
        }
        catch (final Exception e)
        {
            workerRunner.close();
            throw new IllegalStateException("forwarding did not start: " + message(e), e);
        }
        ping8 = new Ping8(this);
        control = new ControlPlaneAgent(router, this::onPunt);
        controlRunner = new AgentRunner(idle(),
            e -> log.error(COMPONENT, "control-plane-error", "error", String.valueOf(e)), null, control);
        AgentRunner.startOnThread(controlRunner);

        context.addShutdownStep(ShutdownStep.of("forwarding (router threads, ports)", this::stop));
        context.addReloadTarget(new ForwardingReload(this));
        new ForwardingCommands(this).register(context.handlers());
        final List<String> ports = new ArrayList<>();
        for (final Port p : router.ports())
        {
            ports.add(p.name() + "=" + kindOf(p.name()));
        }
        log.info(COMPONENT, "started", "interfaces", router.ports().size(), "ports", String.join(",", ports),
            "thread", worker.workerThread().getName(), "routes", config.routes().size(),
            "neighbors", config.neighbors().size());
    }

    private static BackoffIdleStrategy idle()
    {
        // Spin briefly, then park up to 1 ms: low latency for tests and the demo without burning a shared core.
        return new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
    }

    private List<java.util.function.Function<RouterConfig, ? extends PortFactory>> checkPorts(final RouterConfig config)
    {
        final List<java.util.function.Function<RouterConfig, ? extends PortFactory>> needed = new ArrayList<>();
        for (final InterfaceConfig i : config.interfaces())
        {
            PortSpec port = i.port();
            if (port == null)
            {
                log.warn(COMPONENT, "no-port-line", "interface", i.name(), "action",
                    "runs on an unconnected in-memory ring port (add 'port ring|pcap IN OUT|dpdk ARGS')");
                port = new PortSpec(PortKind.RING, null, null);
            }
            portSpecs.put(i.name(), port);
            if (port.kind() == PortKind.RING || port.kind() == PortKind.PCAP)
            {
                continue;
            }
            final String kind = port.kind().name().toLowerCase();
            final java.util.function.Function<RouterConfig, ? extends PortFactory> supplier = factories.find(kind);
            if (supplier == null)
            {
                throw new IllegalStateException(config.source() + ":" + i.line() + ": interface " + i.name() +
                    ": 'port " + kind + (port.argument() != null ? " " + port.argument() : "") +
                    "' needs a " + kind + " port factory, and none is registered in this build" +
                    (factories.kinds().isEmpty() ? "" : " (registered: " + factories.kinds() + ")"));
            }
            if (!needed.contains(supplier))
            {
                needed.add(supplier);
            }
        }
        return needed;
    }

    /** Builds ports and router on the forwarding thread; releases them there too. */
    private final class Assembly implements ForwardingWorker.Assembly
    {
        private final DataplaneCounters counters;
        private final List<java.util.function.Function<RouterConfig, ? extends PortFactory>> suppliers;
        private final Map<String, PortFactory> opened = new LinkedHashMap<>();
        private final List<Port> ports = new ArrayList<>();
        private SlabPacketPool pool;

        Assembly(final DataplaneCounters counters,
            final List<java.util.function.Function<RouterConfig, ? extends PortFactory>> suppliers)
        {
            this.counters = counters;
            this.suppliers = suppliers;
        }

        @Override
        public Router assemble() throws Exception
        {
            pool = new SlabPacketPool("embedded-ports", 8192);
            int index = 0;
            for (final InterfaceConfig i : config.interfaces())
            {
                final PortSpec p = portSpecs.get(i.name());
                final int portIndex = index++;
                try
                {
                    ports.add(createPort(i, p, portIndex));
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(config.source() + ":" + i.line() + ": interface " + i.name() +
                        ": cannot open its port: " + message(e), e);
                }
            }
            try
            {
                return Router.create(spec, ports, counters, new SystemNanoClock());
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalStateException(config.source() + ": " + e.getMessage(), e);
            }
        }

        private Port createPort(final InterfaceConfig i, final PortSpec p, final int portIndex) throws Exception
        {
            final long mac = i.mac() != 0 ? i.mac() : MacAddress.local(portIndex);
            switch (p.kind())
            {
                case RING ->
                {
                    final RingPort port = new RingPort(i.name(), portIndex, pool, new RingWire(RING_CAPACITY),
                        new RingWire(RING_CAPACITY), counters.newPortCounters(portIndex, i.name()), mac, i.mtu());
                    synchronized (rings)
                    {
                        rings.put(i.name(), new RingEnd(i.name(), RingHost.of(port), new Object(), new Object()));
                    }
                    return port;
                }
                case PCAP ->
                {
                    return PcapPort.open(i.name(), portIndex, pool, Path.of(p.argument()), Path.of(p.secondArgument()),
                        counters.newPortCounters(portIndex, i.name()));
                }
                default ->
                {
                    final String kind = p.kind().name().toLowerCase();
                    final java.util.function.Function<RouterConfig, ? extends PortFactory> supplier =
                        factories.find(kind);
                    PortFactory factory = opened.get(kind);
                    if (factory == null)
                    {
                        factory = supplier.apply(config);
                        opened.put(kind, factory);
                        factory.open();
                    }
                    final Port port = factory.create(i.name(), portIndex, p.argument(), counters);
                    if (i.exceptionPath() == null)
                    {
                        return port;
                    }
                    try
                    {
                        final Port withPath = factory.attachKernelPath(port, i.exceptionPath().kernelInterface(),
                            i.kernelAddresses(), counters);
                        kernelPaths.put(i.name(), withPath);
                        log.info(COMPONENT, "exception-path", "interface", i.name(), "kernel",
                            i.exceptionPath().kernelInterface(), "addresses", String.join(",", i.kernelAddresses()));
                        return withPath;
                    }
                    catch (final RuntimeException e)
                    {
                        port.close();
                        throw new IllegalStateException("exception-path tap " + i.exceptionPath().kernelInterface() +
                            " (line " + i.exceptionPath().line() + "): " + message(e), e);
                    }
                }
            }
        }

        @Override
        public void release()
        {
            for (final Port p : ports)
            {
                try
                {
                    p.close();
                }
                catch (final RuntimeException e)
                {
                    log.error(COMPONENT, "port-close-failed", "port", p.name(), "error", String.valueOf(e));
                }
            }
            for (final Map.Entry<String, PortFactory> f : opened.entrySet())
            {
                try
                {
                    f.getValue().close();
                }
                catch (final RuntimeException e)
                {
                    log.error(COMPONENT, "port-factory-close-failed", "kind", f.getKey(), "error", String.valueOf(e));
                }
            }
            if (ping8 != null)
            {
                ping8.closeOnWorker();
            }
            if (pool != null)
            {
                pool.close();
            }
            log.info(COMPONENT, "ports-closed", "ports", ports.size());
        }
    }

    /** Stops the control plane, then the forwarding thread (which closes the router, ports and pools). */
    void stop()
    {
        if (controlRunner != null)
        {
            controlRunner.close();
            controlRunner = null;
        }
        if (workerRunner != null)
        {
            workerRunner.close();
            workerRunner = null;
        }
        if (ping8 != null)
        {
            ping8.cancelAll();
        }
    }

    private void onPunt(final int ingressPort, final DirectBuffer buffer, final int offset, final int length)
    {
        puntCounter.increment();
        for (final org.ipv8router.dataplane.forward.PuntQueue.Handler h : puntListeners)
        {
            h.onFrame(ingressPort, buffer, offset, length);
        }
        final boolean matched = ping8.onFrame(buffer, offset, length);
        if (log.isEnabled(org.ipv8router.log.LogLevel.DEBUG))
        {
            log.debug(COMPONENT, "punt", "ingress", ingressPort == Integer.MAX_VALUE ? "local" :
                router.interfaces().name(ingressPort), "length", length, "what", Frames.describe(buffer, offset, length),
                "ping8", matched ? "reply" : "-");
        }
    }

    static String message(final Throwable e)
    {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    // ---------------------------------------------------------------------------------------- integration API

    /**
     * Runs {@code task} on the FIB writer thread ("ipv8-fwd-control"), the only thread that may change or walk
     * the FIB once the module runs, and returns its result. This is how other modules (BGP8) install routes:
     * {@code forwarding.onFibWriter("bgp8 update", r -> r.addRoute(prefix, length64, nextHop))}.
     *
     * @param what names the task in error messages.
     * @throws IllegalStateException if the module is not running or the thread does not answer within 5 s; the
     *                               task's own RuntimeException is rethrown as is.
     */
    public <T> T onFibWriter(final String what, final java.util.function.Function<Router, T> task)
    {
        final ControlPlaneAgent c = control;
        if (c == null)
        {
            throw new IllegalStateException(what + ": the forwarding module is not running");
        }
        return c.call(what, () -> task.apply(router));
    }

    /**
     * Runs {@code work} on every duty cycle of the FIB writer thread until the returned handle is closed: how BGP8
     * drains its FIB channel into the FIB ({@code DataplaneRouteSink::drain}). {@code work} returns the amount of
     * work done (0 lets the thread idle); it must not block.
     *
     * @throws IllegalStateException if the module is not running.
     */
    public AutoCloseable onFibWriterDutyCycle(final String what, final java.util.function.IntSupplier work)
    {
        final ControlPlaneAgent c = control;
        if (c == null)
        {
            throw new IllegalStateException(what + ": the forwarding module is not running");
        }
        c.addDutyCycleWork(work);
        return () -> c.removeDutyCycleWork(work);
    }

    /**
     * Hands every punted frame (with its Ethernet header) also to {@code handler}, on the FIB writer thread
     * ("ipv8-fwd-control", the same thread as {@link #onFibWriterDutyCycle} work), until the returned handle is
     * closed: how the gateway pair receives hellos. The handler must not block and must copy what it keeps.
     */
    public synchronized AutoCloseable onPunt(final org.ipv8router.dataplane.forward.PuntQueue.Handler handler)
    {
        final org.ipv8router.dataplane.forward.PuntQueue.Handler[] now =
            java.util.Arrays.copyOf(puntListeners, puntListeners.length + 1);
        now[now.length - 1] = handler;
        puntListeners = now;
        return () ->
        {
            synchronized (ForwardingModule.this)
            {
                puntListeners = java.util.Arrays.stream(puntListeners).filter(h -> h != handler)
                    .toArray(org.ipv8router.dataplane.forward.PuntQueue.Handler[]::new);
            }
        };
    }

    /**
     * Runs {@code task} on the forwarding thread between duty cycles (neighbour caches, graph, worker pools are
     * single-owner state of that thread) and returns its result.
     *
     * @throws IllegalStateException as {@link #onFibWriter}.
     */
    public <T> T onForwardingThread(final String what, final java.util.function.Function<Router, T> task)
    {
        final ForwardingWorker w = worker;
        if (w == null || router == null)
        {
            throw new IllegalStateException(what + ": the forwarding module is not running");
        }
        return w.call(what, () -> task.apply(router));
    }

    /**
     * The running router. Its interface table, spec and counters may be read from any thread; the FIB only through
     * {@link #onFibWriter}, the neighbour caches only through {@link #onForwardingThread}.
     *
     * @return the router, null before the start.
     */
    public Router router()
    {
        return router;
    }

    // ---------------------------------------------------------------------------------------- for the handlers

    RouterConfig config()
    {
        return config;
    }

    void config(final RouterConfig next)
    {
        config = next;
    }

    Log log()
    {
        return log;
    }

    ForwardingWorker worker()
    {
        return worker;
    }

    ControlPlaneAgent control()
    {
        return control;
    }

    Ping8 ping8()
    {
        return ping8;
    }

    long puntedFrames()
    {
        return puntCounter.get();
    }

    /** @return "ring", "pcap", "dpdk" ... for the interface. */
    String kindOf(final String interfaceName)
    {
        final PortSpec p = portSpecs.get(interfaceName);
        return p == null ? "-" : p.kind().name().toLowerCase();
    }

    /** @return the port line's arguments of the interface, or null. */
    String deviceOf(final String interfaceName)
    {
        final PortSpec p = portSpecs.get(interfaceName);
        if (p == null || p.argument() == null)
        {
            return null;
        }
        return p.secondArgument() == null ? p.argument() : p.argument() + " " + p.secondArgument();
    }

    /** @return the interface's port with a kernel exception path ({@code exception-path tap}), or null. */
    Port kernelPath(final String interfaceName)
    {
        return kernelPaths.get(interfaceName);
    }

    RingEnd ringEnd(final String interfaceName)
    {
        synchronized (rings)
        {
            return rings.get(interfaceName);
        }
    }

    List<String> ringNames()
    {
        synchronized (rings)
        {
            return List.copyOf(rings.keySet());
        }
    }

    // ---------------------------------------------------------------------------------------- test/demo hooks

    /**
     * The far end of a {@code port ring} interface, for tests and embedding: inject frames the router receives,
     * collect frames it transmits. One thread at a time may inject and one may collect per port, and not while
     * the control commands {@code ring inject|capture} are used on the same port.
     *
     * @param interfaceName the interface.
     * @return its ring host.
     * @throws IllegalArgumentException if the interface has no ring port.
     */
    public RingHost ringHost(final String interfaceName)
    {
        final RingEnd end = ringEnd(interfaceName);
        if (end == null)
        {
            throw new IllegalArgumentException("interface " + interfaceName + " has no ring port");
        }
        return end.host();
    }

    /** @return the forwarding thread (its identity shows that a reload did not restart the data plane). */
    public Thread forwardingThread()
    {
        return worker == null ? null : worker.workerThread();
    }

    /** @return true while the forwarding thread runs. */
    public boolean isForwarding()
    {
        final Thread t = forwardingThread();
        return t != null && t.isAlive() && workerRunner != null && !workerRunner.isClosed();
    }
}
