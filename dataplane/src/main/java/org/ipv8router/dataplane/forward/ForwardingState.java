package org.ipv8router.dataplane.forward;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntHashSet;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.fib.Fib;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.neighbor.Arp8Cache;
import org.ipv8router.dataplane.zone.ZoneTable;
import org.ipv8router.wire.WireProfile;

/**
 * What the forwarding nodes of one worker share: read-mostly tables (interfaces, FIB, zones, 8to4 endpoints) and
 * the worker's own mutable parts (neighbour caches, held packets, re-injection queues, the time of the current duty
 * cycle). Owned by one {@link RouterAgent} thread; the FIB and zone table are written by the control plane through
 * their own lock-free protocols.
 */
final class ForwardingState
{
    final WireProfile profile;
    final InterfaceTable interfaces;
    final Fib fib;
    final NextHopTable nextHops;
    final ZoneTable zones;
    final long xlate8NextHop;
    /** Remote ASN (as int) -> its 8to4 endpoint; 0 = none. Built before the worker starts, read only after. */
    final Int2IntHashMap endpointByAsn = new Int2IntHashMap(0);
    /** IPv4 addresses 8to4 packets may come from (anti-spoofing, spec 5.1). */
    final IntHashSet endpoints = new IntHashSet();
    final Arp8Cache[] caches;
    final HeldPackets held;
    final Reinjector reinjector;
    final PuntQueue punt;
    final DropReasons dropReasons;
    /** ACL8 permit lists per ingress port (spec 7.6); RCU-published by the control plane. */
    final Acl8Table acl8;
    /** Egress-validation mode and permits (spec 7.5); RCU-published by the control plane. */
    final EgressPermitTable egressPermits;
    /** Return flows of downgraded packets (spec 3.5); null when disabled. Worker thread only. */
    final ReturnFlowTable returnFlows;
    /** ICMPv8 3/13 for ACL8 and egress-validation drops ({@code icmp-on-filter}); the control plane may flip it. */
    volatile boolean icmpOnFilter;
    /** Which optional features are active where (for fast paths that skip nodes). */
    final ForwardingFeatures features;
    /** The .254/.253 gateway pairs (set once by the Router before the worker starts). */
    GatewayPairTable pairs;
    /** Frames the control plane sends as they are (hellos, gratuitous ARP); set once by the Router. */
    ControlTxQueue controlTx;
    /** Time of the current duty cycle (ns), set by the worker; nodes never read a clock themselves. */
    long now;

    ForwardingState(
        final WireProfile profile,
        final InterfaceTable interfaces,
        final Fib fib,
        final ZoneTable zones,
        final long xlate8NextHop,
        final Arp8Cache[] caches,
        final HeldPackets held,
        final Reinjector reinjector,
        final PuntQueue punt,
        final DropReasons dropReasons,
        final Acl8Table acl8,
        final EgressPermitTable egressPermits,
        final ReturnFlowTable returnFlows,
        final boolean icmpOnFilter)
    {
        this.profile = profile;
        this.interfaces = interfaces;
        this.fib = fib;
        this.nextHops = fib.nextHops();
        this.zones = zones;
        this.xlate8NextHop = xlate8NextHop;
        this.caches = caches;
        this.held = held;
        this.reinjector = reinjector;
        this.punt = punt;
        this.dropReasons = dropReasons;
        this.acl8 = acl8;
        this.egressPermits = egressPermits;
        this.returnFlows = returnFlows;
        this.icmpOnFilter = icmpOnFilter;
        this.features = new ForwardingFeatures(interfaces, acl8, egressPermits, returnFlows);
    }

    /** The 8to4 endpoint for destination r, or 0. */
    int endpointFor(final int r)
    {
        return endpointByAsn.get(r);
    }
}
