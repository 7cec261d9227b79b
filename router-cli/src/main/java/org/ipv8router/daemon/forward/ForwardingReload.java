package org.ipv8router.daemon.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ipv8router.config.ConfigDiff;
import org.ipv8router.config.ConfigModel.EgressPermitEntry;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.ZonePermit;
import org.ipv8router.config.RouterBuilder;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.daemon.ReloadTarget;
import org.ipv8router.dataplane.fib.NextHopTable;
import org.ipv8router.dataplane.fib.RouteResult;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.wire.Ipv8Address;

/**
 * Applies a reload to the running data plane without restarting it: static routes (added, removed, next hop
 * changed) on the FIB writer thread, static neighbours in the neighbour caches on the forwarding thread, zone
 * permits on the control plane; ACL8 lists, egress permits, the egress-validation mode and icmp-on-filter through
 * their RCU/volatile publication (any thread; the worker picks them up with its next vector). What the running data plane cannot take live (ports, interface addresses, roles,
 * zones, MTU and MAC, added or removed interfaces, 8to4 peers, global knobs fixed at start) is refused in the
 * check phase with one line per change, so the daemon keeps the running configuration and keeps forwarding.
 */
final class ForwardingReload implements ReloadTarget
{
    /** Global knobs a reload may change: parser options and knobs the data plane takes live. */
    private static final Set<String> LIVE_GLOBALS =
        Set.of("ipv8 accept-hyphen-notation", "ipv8 icmp-on-filter", "ipv8 egress-validation");

    private final ForwardingModule module;

    ForwardingReload(final ForwardingModule module)
    {
        this.module = module;
    }

    @Override
    public String name()
    {
        return ForwardingModule.COMPONENT;
    }

    @Override
    public void check(final ConfigDiff diff, final RouterConfig before, final RouterConfig after) throws Exception
    {
        final List<String> refused = new ArrayList<>();
        for (final ConfigDiff.GlobalChange g : diff.globals())
        {
            if (!LIVE_GLOBALS.contains(g.knob()))
            {
                refused.add(g.knob() + " " + g.before() + " -> " + g.after() + (g.knob().startsWith("dpdk ") ?
                    " (the DPDK EAL is initialised once per process: restart the daemon)" :
                    g.knob().startsWith("ipv8 arp8 ") ? " (neighbour caches are built at start: restart the daemon)" :
                    " (fixed when the data plane starts)"));
            }
        }
        diff.interfaces().added().forEach(i -> refused.add("interface " + i.name() + " added (ports are opened at start)"));
        diff.interfaces().removed().forEach(i -> refused.add("interface " + i.name() + " removed (ports are opened at start)"));
        for (final ConfigDiff.Change<InterfaceConfig> c : diff.interfaces().changed())
        {
            for (final String what : c.what())
            {
                if (what.startsWith("acl8"))
                {
                    continue;   // ACL8 lists are applied live (below)
                }
                refused.add("interface " + c.after().name() + ": " + what +
                    (what.startsWith("port") ? " (a port's device is opened at start)" :
                        what.startsWith("exception-path") ? " (the kernel TAP is created at start)" :
                        what.startsWith("gateway-pair") ? " (gateway pairs are fixed at start)" :
                            " (interface tables are fixed at start)"));
            }
        }
        if (!diff.eightToFourPeers().isEmpty())
        {
            refused.add("8to4 peers " + diff.eightToFourPeers().added().size() + " added, " +
                diff.eightToFourPeers().removed().size() + " removed, " + diff.eightToFourPeers().changed().size() +
                " changed (8to4 endpoints are installed at start)");
        }
        final Router router = module.router();
        final List<StaticRoute> routes = new ArrayList<>(diff.routes().added());
        diff.routes().changed().forEach(c -> routes.add(c.after()));
        for (final StaticRoute r : routes)
        {
            if (!r.drop() && router.connectedPort(r.nextHop()) < 0)
            {
                refused.add(after.source() + ":" + r.line() + ": route " + ForwardingCommands.prefixText(r.prefix(),
                    r.length64()) + ": next hop " + Ipv8Address.toString(r.nextHop()) +
                    " is not on a connected prefix of any interface");
            }
        }
        final List<StaticNeighbor> neighbors = new ArrayList<>(diff.neighbors().added());
        diff.neighbors().changed().forEach(c -> neighbors.add(c.after()));
        for (final StaticNeighbor n : neighbors)
        {
            if (portOf(router, n) < 0)
            {
                refused.add(after.source() + ":" + n.line() + ": neighbor " + Ipv8Address.toString(n.address()) +
                    (n.interfaceName() != null ? ": no interface " + n.interfaceName() :
                        " is not on a connected prefix of any interface"));
            }
        }
        if (!refused.isEmpty())
        {
            throw new Exception("needs a restart or is invalid: " + String.join("; ", refused));
        }
    }

    @Override
    public void apply(final ConfigDiff diff, final RouterConfig before, final RouterConfig after) throws Exception
    {
        final Router router = module.router();
        final List<String> failed = new ArrayList<>();
        int applied = 0;
        for (final StaticRoute r : diff.routes().removed())
        {
            final RouteResult result = module.control().call("remove route",
                () -> router.removeRoute(r.prefix(), r.length64()));
            applied += note(failed, "remove route " + ForwardingCommands.prefixText(r.prefix(), r.length64()), result);
        }
        final List<StaticRoute> routes = new ArrayList<>(diff.routes().added());
        diff.routes().changed().forEach(c -> routes.add(c.after()));
        for (final StaticRoute r : routes)
        {
            final String what = "route " + ForwardingCommands.prefixText(r.prefix(), r.length64());
            try
            {
                final RouteResult result = module.control().call("add " + what, () -> r.drop() ?
                    router.fib().addRoute(r.prefix(), r.length64(), NextHopTable.DROP_INDEX) :
                    router.addRoute(r.prefix(), r.length64(), r.nextHop()));
                applied += note(failed, what, result);
            }
            catch (final RuntimeException e)
            {
                failed.add(what + ": " + ForwardingModule.message(e));
            }
        }
        for (final StaticNeighbor n : diff.neighbors().removed())
        {
            final int port = portOf(router, n);
            if (port >= 0)
            {
                module.worker().call("remove neighbor", () -> router.neighbors(port).remove(n.address()));
                applied++;
            }
        }
        final List<StaticNeighbor> neighbors = new ArrayList<>(diff.neighbors().added());
        diff.neighbors().changed().forEach(c -> neighbors.add(c.after()));
        for (final StaticNeighbor n : neighbors)
        {
            final int port = portOf(router, n);
            try
            {
                module.worker().call("add neighbor", () ->
                {
                    router.neighbors(port).addStatic(n.address(), n.mac(), n.capability());
                    return null;
                });
                applied++;
            }
            catch (final RuntimeException e)
            {
                failed.add("neighbor " + Ipv8Address.toString(n.address()) + ": " + ForwardingModule.message(e));
            }
        }
        for (final ZonePermit p : diff.zonePermits().removed())
        {
            module.control().call("zone-permit", () ->
            {
                router.zones().permit(p.fromGroup(), p.toGroup(), false);
                return null;
            });
            applied++;
        }
        for (final ZonePermit p : diff.zonePermits().added())
        {
            module.control().call("zone-permit", () ->
            {
                router.zones().permit(p.fromGroup(), p.toGroup(), true);
                return null;
            });
            applied++;
        }
        for (final ConfigDiff.Change<InterfaceConfig> c : diff.interfaces().changed())
        {
            if (!c.before().acl8Rules().equals(c.after().acl8Rules()))
            {
                try
                {
                    router.acl8(c.after().name(), c.after().acl8Rules());
                    applied++;
                }
                catch (final RuntimeException e)
                {
                    failed.add("interface " + c.after().name() + " acl8: " + ForwardingModule.message(e));
                }
            }
        }
        if (!diff.egressPermits().isEmpty())
        {
            try
            {
                router.egressPermits().apply(
                    diff.egressPermits().added().stream().map(EgressPermitEntry::permit).toList(),
                    diff.egressPermits().removed().stream().map(EgressPermitEntry::permit).toList());
                applied += diff.egressPermits().added().size() + diff.egressPermits().removed().size();
            }
            catch (final RuntimeException e)
            {
                failed.add("egress permits: " + ForwardingModule.message(e));
            }
        }
        if (before.egressValidation() != after.egressValidation())
        {
            router.egressPermits().mode(RouterBuilder.egressValidation(after.egressValidation()));
            applied++;
        }
        if (before.icmpOnFilter() != after.icmpOnFilter())
        {
            router.icmpOnFilter(after.icmpOnFilter());
            applied++;
        }
        module.config(after);
        module.log().info(ForwardingModule.COMPONENT, "reload-applied", "changes", applied, "failed", failed.size(),
            "thread", module.forwardingThread().getName());
        if (!failed.isEmpty())
        {
            throw new Exception(String.join("; ", failed));
        }
    }

    private static int note(final List<String> failed, final String what, final RouteResult result)
    {
        if (!result.isSuccess())
        {
            failed.add(what + ": " + result.description());
            return 0;
        }
        return 1;
    }

    private static int portOf(final Router router, final StaticNeighbor n)
    {
        if (n.interfaceName() == null)
        {
            return router.connectedPort(n.address());
        }
        for (final Port p : router.ports())
        {
            if (p.name().equals(n.interfaceName()))
            {
                return p.index();
            }
        }
        return -1;
    }
}
