package org.ipv8router.dataplane.forward;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.fib.RouteResult;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.graph.RateLimitedLog;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.dataplane.zone.ZoneTable;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Prefix;

/**
 * The IPv8 router's data plane assembled over a set of {@link Port}s: FIB (two-tier, spec 7.2), neighbour caches
 * (one {@link Arp8Cache} per interface), zone table, the forwarding graph and the {@link RouterAgent} that runs it.
 * Ports are whatever the caller brings (ring, pcap, DPDK): an interface of the {@link RouterSpec} binds to the
 * port with its {@code portIndex}.
 * <pre>
 * ip8-fast -+-> port-output            (fused common case, see FastPathNode; FastPathEligibility says where it runs)
 *           +-> ethernet-input         (everything else, untouched)
 * ethernet-input -+-> ip8-input ------------------+
 *                 +-> ip4-input -+-> 8to4-decap --+-> role-filter -> ip4-return-flow -> zone-filter -> ip8-local -+-> ip8-echo -> punt
 *                 |              +----------------+                                                              +-> ip8-ttl -+
 *                 +-> arp-input -> port-output                                                                               |
 * ip8-ttl -+-> ip8-lookup -> ip8-acl8 -> ip8-egress-filter -> ip8-egress-validate -> ip8-rewrite -+
 *          +-> icmp-error                                                                         |
 * ip8-rewrite -+-> ip8-neighbor -> ip8-tx-decide -+-> ip8-mtu -> l2-rewrite -> port-output
 *              +-> 8to4-encap -^                  +-> ip8-downgrade -> ip8-mtu   (records return flows, spec 3.5)
 *                                                 +-> 8to4-encap-v4only -> ip8-mtu
 * icmp-error (from ttl, lookup, acl8, egress-validate, neighbor, tx-decide, mtu) builds the error and re-enters it
 * at ip8-lookup; ip8-echo turns echo requests to us into replies (policed, spec 7.9) and re-enters them at
 * ip8-lookup. ip4-return-flow, ip8-acl8 and ip8-egress-validate pass everything unless their feature is active
 * ({@link #features()}).
 * </pre>
 * Every drop has a {@link DropReason} (all of them registered in the counters file by ordinal) and every node has
 * packet/vector counters. Construction is the cold path (allocates, throws {@link IllegalArgumentException} naming
 * the offending part); forwarding allocates nothing.
 * <p>
 * <b>Control plane.</b> {@link #addRoute}/{@link #removeRoute} (and anything else on {@link #fib()}) must be called
 * from one thread at a time (the FIB writer); the worker keeps forwarding meanwhile.
 */
public final class Router implements AutoCloseable
{
    /** Name of the forwarding graph (counter labels). */
    public static final String GRAPH_NAME = "ipv8";

    private final RouterSpec spec;
    private final List<Port> ports;
    private final DataplaneCounters counters;
    private final InterfaceTable interfaces;
    private final Fib fib;
    private final ZoneTable zones = new ZoneTable();
    private final Arp8Cache[] caches;
    private final PuntQueue punt;
    private final SlabPacketPool controlPool;
    private final GatewayPairTable pairs;
    private final ControlTxQueue controlTx;
    private final ForwardingState state;
    private final FastPathEligibility fastPath;
    private final AtomicCounter fastForwarded;
    private final Graph graph;
    private final RouterAgent agent;

    private Router(
        final RouterSpec spec, final List<? extends Port> ports, final DataplaneCounters counters, final NanoClock clock)
    {
        this.spec = spec;
        this.ports = List.copyOf(ports);
        this.counters = counters;
        registerDropReasons(counters.dropReasons());
        interfaces = new InterfaceTable(spec.interfaces(), ports);
        fib = new Fib(spec.fibConfig());
        caches = new Arp8Cache[interfaces.size()];
        punt = new PuntQueue(1 << 20);
        controlPool = new SlabPacketPool("router-control", 1024);
        final int vectorCapacity = PacketVector.DEFAULT_CAPACITY;
        state = new ForwardingState(spec.profile(), interfaces, fib, zones, spec.xlate8NextHop(), caches,
            new HeldPackets((int)Math.min(65_536L, Math.max(64L,
                (long)interfaces.size() * spec.neighborCacheSize() * spec.arp8Timers().queuePerNeighbor()))),
            new Reinjector(vectorCapacity * 4), punt, counters.dropReasons(),
            new Acl8Table(interfaces.size()), new EgressPermitTable(),
            spec.returnFlow().enabled() ? new ReturnFlowTable(spec.returnFlow().maxEntries(),
                spec.returnFlow().idleTimeoutSeconds(), spec.returnFlow().tcpIdleTimeoutSeconds()) : null,
            spec.icmpOnFilter());

        pairs = new GatewayPairTable(spec.gatewayPairs(), interfaces, spec);
        state.pairs = pairs;
        controlTx = new ControlTxQueue(1 << 16);
        controlTx.bind(state, controlPool);
        state.controlTx = controlTx;

        installLocalR();
        installZones();
        installConnected();
        installStaticRoutes();
        installEightToFour();
        createCaches();
        installNeighbors();
        installAcl8();
        state.egressPermits.apply(spec.egressPermits(), List.of());
        state.egressPermits.mode(spec.egressValidation());

        final IcmpRateLimiter limiter =
            new IcmpRateLimiter(interfaces.size(), spec.icmpErrorsPerSecond(), spec.icmpErrorBurst());
        fastPath = new FastPathEligibility(interfaces.size(), spec.fastPath());
        final Graph.Builder builder = Graph.builder(GRAPH_NAME, counters)
            .vectorCapacity(vectorCapacity)
            .errorHandler(new RateLimitedLog("router graph"));
        if (spec.fastPath())
        {
            // Not built at all when switched off: the graph is then exactly the slow graph, node for node.
            fastForwarded = counters.newCounter(CounterTypes.OTHER, 2, "ip8-fast forwarded");
            builder.node(new FastPathNode(state, fastPath, spec.acceptAnyDestinationMac(), fastForwarded,
                vectorCapacity));
        }
        else
        {
            fastForwarded = null;
        }
        graph = builder
            .node(new EthernetInputNode(spec.profile(), interfaces, pairs, spec.acceptAnyDestinationMac()))
            .node(new Ipv8InputNode())
            .node(new Ipv4InputNode(state))
            .node(new ArpInputNode(state))
            .node(new EightToFourDecapNode(state))
            .node(new RoleFilterNode(state))
            .node(new ReturnFlowNode(state))
            .node(new ZoneFilterNode(state))
            .node(new LocalDeliveryNode(state))
            .node(new IcmpEchoNode(state, new PuntPolicer(),
                counters.newCounter(CounterTypes.OTHER, 0, "ip8-echo replied"),
                counters.newCounter(CounterTypes.OTHER, 1, "ip8-echo policed")))
            .node(new TtlCheckNode())
            .node(new LookupNode(state, vectorCapacity))
            .node(new Acl8Node(state))
            .node(new EgressFilterNode(state))
            .node(new EgressValidationNode(state,
                counters.newCounter(CounterTypes.OTHER, 2, "egress-validation checked"),
                counters.newCounter(CounterTypes.OTHER, 3, "egress-validation permitted"),
                counters.newCounter(CounterTypes.OTHER, 4, "egress-validation missed")))
            .node(new RewriteNode(state))
            .node(new EightToFourEncapNode(state, true))
            .node(new NeighborNode(state))
            .node(new TxDecideNode(state))
            .node(new DowngradeNode(state))
            .node(new EightToFourEncapNode(state, false))
            .node(new MtuCheckNode(state))
            .node(new L2RewriteNode(state))
            .node(new PortOutputNode(ports))
            .node(new PuntNode(state))
            .node(new IcmpErrorNode(state, limiter,
                counters.newCounter(CounterTypes.OTHER, 0, "icmp-error sent"),
                counters.newCounter(CounterTypes.OTHER, 1, "icmp-error suppressed")))
            .start(spec.fastPath() ? FastPathNode.NAME : EthernetInputNode.NAME)
            .build();
        state.reinjector.bind(graph);
        agent = new RouterAgent("ipv8-forwarder", graph, ports.toArray(new Port[0]), state, clock);
        final List<NeighborCounters> neighborCounters = new ArrayList<>();
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            neighborCounters.add(new NeighborCounters(counters, i.portIndex(), i.name(), caches[i.portIndex()]));
        }
        agent.neighborCounters(neighborCounters.toArray(new NeighborCounters[0]));
        if (state.returnFlows != null)
        {
            agent.returnFlowCounters(new ReturnFlowCounters(counters, state.returnFlows));
        }
    }

    /**
     * Builds the data plane.
     *
     * @param spec     what to build.
     * @param ports    the ports; each must have an interface in the spec and vice versa.
     * @param counters where port, node and drop-reason counters go (ports bring their own port counters).
     * @param clock    time source of the worker (ARP8 timers, ICMP rate limits).
     * @return the router; start it with {@link #start(IdleStrategy)} or run it with {@link #runToEndOfInput()}.
     * @throws IllegalArgumentException naming the offending interface, route or neighbour.
     */
    public static Router create(
        final RouterSpec spec, final List<? extends Port> ports, final DataplaneCounters counters, final NanoClock clock)
    {
        return new Router(spec, ports, counters, clock);
    }

    /** {@link #create(RouterSpec, List, DataplaneCounters, NanoClock)} with the system clock. */
    public static Router create(final RouterSpec spec, final List<? extends Port> ports, final DataplaneCounters counters)
    {
        return new Router(spec, ports, counters, new SystemNanoClock());
    }

    /** Registers every {@link DropReason} (code = ordinal, name = label) unless already registered. */
    public static void registerDropReasons(final DropReasons reasons)
    {
        for (final DropReason reason : DropReason.values())
        {
            if (reason != DropReason.NONE && !reasons.isRegistered(reason.ordinal()))
            {
                reasons.register(reason.ordinal(), reason.label(), reason.description());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ running

    /** @return the worker; run it on an {@link AgentRunner} or call {@code doWork} yourself. */
    public RouterAgent agent()
    {
        return agent;
    }

    /**
     * Starts the worker on its own thread.
     *
     * @param idleStrategy what the worker does when a cycle finds nothing.
     * @return the runner; close it to stop the worker (before closing the router).
     */
    public AgentRunner start(final IdleStrategy idleStrategy)
    {
        final AgentRunner runner = new AgentRunner(idleStrategy, new RateLimitedLog("router agent"), null, agent);
        AgentRunner.startOnThread(runner);
        return runner;
    }

    /**
     * Offline run on the calling thread (pcap ports): forwards until every port is at end of input, then lets
     * neighbour resolution finish without waiting: time is advanced in 500 ms steps, so neighbours nobody answers
     * go FAILED (counted as {@code neighbor_unresolved}, ICMP host unreachable to the source) and what they held is
     * released. Closes the graph at the end (port-output flushed).
     *
     * @return duty cycles run.
     */
    public long runToEndOfInput()
    {
        return runToEndOfInput(null);
    }

    /**
     * {@link #runToEndOfInput()}, draining the punt ring into {@code puntHandler} after every duty cycle (so an
     * offline run never fills it).
     *
     * @param puntHandler gets punted frames; null leaves them in the ring.
     * @return duty cycles run.
     */
    public long runToEndOfInput(final PuntQueue.Handler puntHandler)
    {
        long cycles = 0;
        try
        {
            while (true)
            {
                final int work = agent.doWork();
                drain(puntHandler);
                cycles++;
                if (work == 0 && agent.isIdleAtEndOfInput())
                {
                    break;
                }
            }
            for (int step = 0; step < 400 && (agent.heldPackets() > 0 || !state.reinjector.isEmpty()); step++)
            {
                agent.advanceClock(500_000_000L);
                agent.doWork();
                drain(puntHandler);
                cycles++;
            }
            while (agent.doWork() > 0)
            {
                drain(puntHandler);
                cycles++;
            }
            drain(puntHandler);
        }
        finally
        {
            agent.onClose();
        }
        return cycles;
    }

    private void drain(final PuntQueue.Handler handler)
    {
        if (handler != null)
        {
            while (punt.drain(handler, 256) > 0)
            {
                // keep going until the ring is empty
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ control plane

    /**
     * Installs or replaces a route (FIB writer thread only).
     *
     * @param prefix   64-bit prefix.
     * @param length64 64-bit length (spec 1.7).
     * @param nextHop  64-bit neighbour address on a connected prefix of one of our interfaces.
     * @return the FIB's result.
     * @throws IllegalArgumentException if the next hop is on no connected prefix.
     */
    public RouteResult addRoute(final long prefix, final int length64, final long nextHop)
    {
        final int port = connectedPort(nextHop);
        if (port < 0)
        {
            throw new IllegalArgumentException("route " + Ipv8Prefix.of(prefix, length64) + ": next hop " +
                Ipv8Address.toString(nextHop) + " is not on a connected prefix of any interface");
        }
        final NextHopTable hops = fib.nextHops();
        final int hop = hops.addConnected(port, nextHop);
        if (hop < 0)
        {
            throw new IllegalArgumentException("route " + Ipv8Prefix.of(prefix, length64) + ": next-hop table full");
        }
        final RouteResult result = fib.addRoute(prefix, length64, hop);
        hops.release(hop);
        return result;
    }

    /** Removes a route (FIB writer thread only). */
    public RouteResult removeRoute(final long prefix, final int length64)
    {
        return fib.removeRoute(prefix, length64);
    }

    /** @return the port index whose interface has a connected prefix containing {@code address}, or -1. */
    public int connectedPort(final long address)
    {
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            for (final RouterSpec.Address a : i.addresses())
            {
                if (Ipv8Prefix.contains(a.address() & Ipv8Prefix.mask64(a.length64()), a.length64(), address))
                {
                    return i.portIndex();
                }
                final int r = (int)(a.address() >>> 32);
                final long host = a.address() & 0xFFFF_FFFFL;
                if (r != 0 && (r >>> 24) != 127 && a.length64() >= 32 && (address >>> 32) == 0 &&
                    Ipv8Prefix.contains(host & Ipv8Prefix.mask64(a.length64()), a.length64(), address))
                {
                    return i.portIndex(); // the IPv4 hosts of an IPv8 segment
                }
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ features

    /** @return which optional features (ACL8, egress validation, return flows) are active where. */
    public ForwardingFeatures features()
    {
        return state.features;
    }

    /**
     * Replaces the ACL8 permit list of one interface (any control-plane thread; RCU, the worker keeps forwarding).
     *
     * @param interfaceName the interface.
     * @param rules         ordered permit list; empty removes the list (the interface is no longer filtered).
     * @throws IllegalArgumentException for an unknown interface or too many rules.
     */
    public void acl8(final String interfaceName, final List<Acl8Rule> rules)
    {
        state.acl8.set(portOf(interfaceName), rules);
    }

    /** Turns ICMPv8 3/13 answers to ACL8 and egress-validation drops on or off (any thread). */
    public void icmpOnFilter(final boolean on)
    {
        state.icmpOnFilter = on;
    }

    /** @return the ACL8 table (read the rules of a port; {@link Acl8Table#set} as {@link #acl8}). */
    public Acl8Table acl8Table()
    {
        return state.acl8;
    }

    /**
     * The egress-validation permit table and mode (spec 7.5): {@link EgressPermitTable#apply},
     * {@link EgressPermitTable#add}, {@link EgressPermitTable#remove} and {@link EgressPermitTable#mode} may be called
     * from any control-plane thread while the worker forwards.
     */
    public EgressPermitTable egressPermits()
    {
        return state.egressPermits;
    }

    /** @return the return-flow table (worker thread only while running), or null when disabled. */
    public ReturnFlowTable returnFlows()
    {
        return state.returnFlows;
    }

    private int portOf(final String interfaceName)
    {
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            if (i.name().equals(interfaceName))
            {
                return i.portIndex();
            }
        }
        throw new IllegalArgumentException("ACL8: no interface '" + interfaceName + "'");
    }

    // ------------------------------------------------------------------------------------------------ accessors

    public Fib fib()
    {
        return fib;
    }

    public Graph graph()
    {
        return graph;
    }

    /**
     * Where the fused fast path may run: features that must see packets in or out of an interface block it there
     * (see {@link FastPathEligibility} for how). With {@code RouterSpec.fastPath() == false} every port is blocked
     * by {@link FastPathEligibility#OPERATOR} and the node is not even in the graph.
     */
    public FastPathEligibility fastPath()
    {
        return fastPath;
    }

    /** @return packets ip8-fast forwarded so far (counter {@code ip8-fast forwarded}); 0 with the fast path off. */
    public long fastPathForwarded()
    {
        return fastForwarded != null ? fastForwarded.get() : 0;
    }

    public ZoneTable zones()
    {
        return zones;
    }

    public InterfaceTable interfaces()
    {
        return interfaces;
    }

    /**
     * @return the .254/.253 gateway pairs: the control plane flips their live bits (any thread, never blocks the
     *         worker); {@link GatewayPairTable#activeOn(int)} is the fast path's "step aside on this port" predicate.
     */
    public GatewayPairTable gatewayPairs()
    {
        return pairs;
    }

    /** @return where the control plane queues whole frames to send (gateway-pair hellos, gratuitous ARP). */
    public ControlTxQueue controlTx()
    {
        return controlTx;
    }

    /** @return the punt ring the control plane reads. */
    public PuntQueue punt()
    {
        return punt;
    }

    /** @param portIndex interface's port. @return its neighbour cache (worker thread only while running). */
    public Arp8Cache neighbors(final int portIndex)
    {
        return caches[portIndex];
    }

    public List<Port> ports()
    {
        return ports;
    }

    public DataplaneCounters counters()
    {
        return counters;
    }

    public RouterSpec spec()
    {
        return spec;
    }

    /** Frees the router's own buffers. Ports and counters belong to the caller. Only after the worker stopped. */
    public void close()
    {
        agent.onClose();
        controlPool.close();
    }

    // ------------------------------------------------------------------------------------------------ building

    private void installLocalR()
    {
        for (final long asn : spec.localAsns())
        {
            addLocalR((int)asn);
        }
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            for (final RouterSpec.Address a : i.addresses())
            {
                final int r = (int)(a.address() >>> 32);
                if (r != 0)
                {
                    addLocalR(r);
                }
            }
        }
    }

    private void addLocalR(final int r)
    {
        if ((r >>> 24) == 127)
        {
            fib.addLocalR(r, Dir24_8.Layout.DIR_16_8_8);
        }
        else
        {
            fib.addLocalR(r, spec.localTableLayout());
        }
    }

    private void installZones()
    {
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            for (final RouterSpec.Zone z : i.zones())
            {
                if ((z.zoneR() >>> 24) != 127)
                {
                    throw new IllegalArgumentException("interface " + i.name() + ": zone " +
                        Integer.toUnsignedString(z.zoneR()) + " is not a 127.x r value");
                }
                zones.setZone(z.zoneR(), z.group());
                addLocalR(z.zoneR());
            }
        }
        for (final RouterSpec.ZonePermit p : spec.zonePermits())
        {
            zones.permit(p.from(), p.to(), true);
        }
    }

    private void installConnected()
    {
        final NextHopTable hops = fib.nextHops();
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            for (final RouterSpec.Address a : i.addresses())
            {
                final long prefix = a.address() & Ipv8Prefix.mask64(a.length64());
                final int hop = hops.addConnected(i.portIndex(), 0);
                check(fib.addRoute(prefix, a.length64(), hop), "interface " + i.name() + " connected prefix " +
                    Ipv8Prefix.of(prefix, a.length64()));
                hops.release(hop);
                check(fib.addRoute(a.address(), 64, NextHopTable.LOCAL_INDEX), "interface " + i.name() +
                    " address " + Ipv8Address.toString(a.address()));
                installIpv4Segment(i, a);
            }
        }
    }

    /**
     * IPv4-only hosts share IPv8 segments (spec 3.1): an own-ASN interface address also makes its host prefix a
     * connected IPv4 (r = 0) route on that interface, unless some interface already has it (zones reuse RFC 1918
     * space, so 127.x addresses never do this).
     */
    private void installIpv4Segment(final RouterSpec.Interface i, final RouterSpec.Address a)
    {
        final int r = (int)(a.address() >>> 32);
        if (r == 0 || (r >>> 24) == 127 || a.length64() < 32)
        {
            return;
        }
        final NextHopTable hops = fib.nextHops();
        final long host = a.address() & 0xFFFF_FFFFL;
        final long prefix = host & Ipv8Prefix.mask64(a.length64());
        if (fib.route(prefix, a.length64()) < 0)
        {
            final int hop = hops.addConnected(i.portIndex(), 0);
            check(fib.addRoute(prefix, a.length64(), hop), "interface " + i.name() + " IPv4 segment " +
                Ipv8Prefix.of(prefix, a.length64()));
            hops.release(hop);
        }
        if (fib.route(host, 64) < 0)
        {
            check(fib.addRoute(host, 64, NextHopTable.LOCAL_INDEX), "interface " + i.name() + " IPv4 address");
        }
    }

    private void installStaticRoutes()
    {
        for (final RouterSpec.Route r : spec.routes())
        {
            final String what = "route " + Ipv8Prefix.of(r.prefix(), r.length64());
            if (r.drop())
            {
                check(fib.addRoute(r.prefix(), r.length64(), NextHopTable.DROP_INDEX), what);
            }
            else
            {
                check(addRoute(r.prefix(), r.length64(), r.nextHop()), what);
            }
        }
    }

    private void installEightToFour()
    {
        final NextHopTable hops = fib.nextHops();
        for (final RouterSpec.EightToFourPeer p : spec.eightToFourPeers())
        {
            state.endpointByAsn.put((int)p.asn(), p.ipv4Endpoint());
            state.endpoints.add(p.ipv4Endpoint());
            // A Tier 1 route for the ASN via the tunnel, unless a static route for it exists already.
            final long prefix = p.asn() << 32;
            if (fib.route(prefix, 32) >= 0 || fib.isLocalR((int)p.asn()))
            {
                continue;
            }
            final int towards = fib.lookup(p.ipv4Endpoint() & 0xFFFF_FFFFL);
            if (Fib.isMiss(towards) || hops.kind(towards) != NextHopTable.CONNECTED)
            {
                throw new IllegalArgumentException("8to4 peer " + p.asn() + ": endpoint " +
                    Ipv8Address.toString(p.ipv4Endpoint() & 0xFFFF_FFFFL) + " is not reachable by an IPv4 route");
            }
            final int hop = hops.addEightToFour(hops.port(towards), p.ipv4Endpoint());
            check(fib.addRoute(prefix, 32, hop), "8to4 peer " + p.asn() + " Tier 1 route");
            hops.release(hop);
        }
    }

    private void createCaches()
    {
        for (final RouterSpec.Interface i : spec.interfaces())
        {
            final NeighborSender sender = new NeighborSender(state, i.portIndex(), controlPool);
            final Arp8Cache cache = new Arp8Cache(spec.neighborCacheSize(), spec.arp8Timers(), sender);
            sender.cache(cache);
            caches[i.portIndex()] = cache;
        }
    }

    private void installNeighbors()
    {
        for (final RouterSpec.Neighbor n : spec.neighbors())
        {
            int port = -1;
            if (n.interfaceName() != null)
            {
                for (final RouterSpec.Interface i : spec.interfaces())
                {
                    if (i.name().equals(n.interfaceName()))
                    {
                        port = i.portIndex();
                    }
                }
            }
            else
            {
                port = connectedPort(n.address());
            }
            if (port < 0)
            {
                throw new IllegalArgumentException("neighbor " + Ipv8Address.toString(n.address()) +
                    (n.interfaceName() != null ? ": no interface " + n.interfaceName() :
                        " is not on a connected prefix of any interface"));
            }
            caches[port].addStatic(n.address(), n.mac(), n.capability());
        }
    }

    private void installAcl8()
    {
        for (final RouterSpec.Acl8Binding b : spec.acl8())
        {
            acl8(b.interfaceName(), b.rules());
        }
    }

    private static void check(final RouteResult result, final String what)
    {
        if (!result.isSuccess())
        {
            throw new IllegalArgumentException(what + ": " + result.description());
        }
    }

    /** @return all node names in run order (for docs and tests). */
    public List<String> nodeNames()
    {
        final List<String> names = new ArrayList<>();
        for (int n = 0; n < graph.nodeCount(); n++)
        {
            names.add(graph.node(n).name());
        }
        return names;
    }
}
