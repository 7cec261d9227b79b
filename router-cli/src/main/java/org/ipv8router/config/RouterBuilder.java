package org.ipv8router.config;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.config.ConfigModel.EgressPermitEntry;
import org.ipv8router.config.ConfigModel.EightToFourPeer;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.ZoneMembership;
import org.ipv8router.config.ConfigModel.ZonePermit;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.forward.EgressValidationMode;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8Prefix;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.WireProfile;

/**
 * Turns a parsed {@link RouterConfig} into the data plane's {@link RouterSpec}. Interfaces get port indices in
 * config order (the first {@code interface} block is port 0). What the v1 data plane does not act on is reported by
 * {@link #warnings(RouterConfig)} instead of being silently ignored.
 */
public final class RouterBuilder
{
    private RouterBuilder()
    {
    }

    /**
     * @param config           the parsed configuration.
     * @param localTableLayout Tier 2 layout for own-ASN tables (DIR_16_8_8 keeps offline runs small).
     * @return the spec; interface {@code i} of the config runs on port index {@code i}.
     */
    public static RouterSpec toSpec(final RouterConfig config, final Dir24_8.Layout localTableLayout)
    {
        return builder(config, localTableLayout).build();
    }

    /** {@link #toSpec} as a builder, for callers that set more (e.g. pcap-forward accepts any destination MAC). */
    public static RouterSpec.Builder builder(final RouterConfig config, final Dir24_8.Layout localTableLayout)
    {
        final RouterSpec.Builder b = RouterSpec.builder()
            .profile(WireProfile.DEFAULT
                .withIpv8EtherType(config.etherType())
                .withAcceptV8On0800(config.acceptV8On0800())
                .withL4PseudoHeader(config.l4Full64() ? L4PseudoHeader.FULL64 : L4PseudoHeader.IPV4_COMPATIBLE))
            .fibConfig(FibConfig.defaults()
                .withMaxAsns(config.fibMaxAsns())
                .withAsnPrefixBudget(config.fibAsnPrefixBudget()))
            .localTableLayout(localTableLayout)
            .xlate8NextHop(config.xlate8NextHop())
            .icmpOnFilter(config.icmpOnFilter())
            .egressValidation(egressValidation(config.egressValidation()))
            .arp8Timers(config.arp8Timers())
            .fastPath(config.fastPath())
            .returnFlow(config.returnFlowEntries() == 0 ? RouterSpec.ReturnFlow.OFF :
                new RouterSpec.ReturnFlow(config.returnFlowEntries(), config.returnFlowIdleTimeout(),
                    config.returnFlowTcpIdleTimeout()));
        for (final EgressPermitEntry e : config.egressPermits())
        {
            b.egressPermit(e.permit());
        }
        if (config.hasAsn())
        {
            b.localAsn(config.asn());
        }
        int port = 0;
        for (final InterfaceConfig i : config.interfaces())
        {
            final List<RouterSpec.Address> addresses = new ArrayList<>();
            for (final InterfaceAddress a : i.addresses())
            {
                addresses.add(new RouterSpec.Address(a.address(), a.length64()));
            }
            final List<RouterSpec.Zone> zones = new ArrayList<>();
            for (final ZoneMembership z : i.zones())
            {
                zones.add(new RouterSpec.Zone(z.zoneR(), z.group()));
            }
            b.addInterface(new RouterSpec.Interface(i.name(), port++, i.mac(), i.mtu(), addresses, role(i.role()),
                zones, i.peerAsns()));
            if (!i.acl8().isEmpty())
            {
                b.acl8(i.name(), i.acl8Rules());
            }
            if (i.gatewayPair() != null)
            {
                b.gatewayPair(new RouterSpec.GatewayPair(i.name(), i.gatewayPair().even(), ownVip(i),
                    i.gatewayPair().peer(), i.gatewayPair().vlan()));
            }
        }
        for (final StaticRoute r : config.routes())
        {
            if (r.drop())
            {
                b.dropRoute(r.prefix(), r.length64());
            }
            else
            {
                b.route(r.prefix(), r.length64(), r.nextHop());
            }
        }
        for (final EightToFourPeer p : config.eightToFourPeers())
        {
            b.eightToFourPeer(p.asn(), p.ipv4Endpoint());
        }
        for (final StaticNeighbor n : config.neighbors())
        {
            b.neighbor(n.interfaceName(), n.address(), n.mac(), n.capability());
        }
        for (final ZonePermit p : config.zonePermits())
        {
            b.zonePermit(p.fromGroup(), p.toGroup());
        }
        return b;
    }

    /** @return what the configuration asks for that the v1 data plane does not do (one line each). */
    public static List<String> warnings(final RouterConfig config)
    {
        final List<String> warnings = new ArrayList<>();
        if (config.icmpOnFilter())
        {
            warnings.add(config.source() + ": icmp-on-filter answers ACL8 and egress-validation drops only; " +
                "border (role/zone) filter drops send no ICMPv8 3/13");
        }
        if (config.egressValidation() == RouterConfig.EgressValidation.ENFORCE && config.egressPermits().isEmpty())
        {
            warnings.add(config.source() + ": egress-validation enforce with no 'ipv8 egress-permit' lines: all " +
                "internal -> external traffic drops until the Zone Server adds permits");
        }
        for (final InterfaceConfig i : config.interfaces())
        {
            if (i.shutdown())
            {
                warnings.add(config.source() + ":" + i.line() + ": interface " + i.name() +
                    " is shut down in the config but pcap-forward still reads its input");
            }
        }
        return warnings;
    }

    /** The data plane's mode for the config's. */
    public static EgressValidationMode egressValidation(final RouterConfig.EgressValidation mode)
    {
        return switch (mode)
        {
            case ENFORCE -> EgressValidationMode.ENFORCE;
            case MONITOR -> EgressValidationMode.MONITOR;
            case OFF -> EgressValidationMode.OFF;
        };
    }

    /**
     * Our VIP of an interface's gateway pair: the interface address whose connected prefix holds the peer.
     *
     * @return the address, or 0 if none does.
     */
    public static long ownVip(final InterfaceConfig i)
    {
        final long peer = i.gatewayPair().peer();
        for (final InterfaceAddress a : i.addresses())
        {
            final long mask = Ipv8Prefix.mask64(a.length64());
            if ((a.address() & mask) == (peer & mask) && a.address() != peer)
            {
                return a.address();
            }
        }
        return 0;
    }

    /**
     * Checks an interface's gateway pair (profile section 9): our VIP is the interface address on the peer's
     * prefix, the even member sits at broadcast - 1 and the odd one at broadcast - 2 (.254/.253 on a /24).
     *
     * @return what is wrong, or null.
     */
    public static String gatewayPairProblem(final InterfaceConfig i)
    {
        final ConfigModel.GatewayPair p = i.gatewayPair();
        final String what = "interface " + i.name() + ": gateway-pair " + (p.even() ? "even" : "odd") + " peer " +
            Ipv8Address.toString(p.peer());
        final long own = ownVip(i);
        if (own == 0)
        {
            return what + ": the peer is on no prefix of the interface's addresses (give the interface its " +
                (p.even() ? ".254" : ".253") + " address on the shared segment)";
        }
        int length64 = 0;
        for (final InterfaceAddress a : i.addresses())
        {
            if (a.address() == own)
            {
                length64 = a.length64();
            }
        }
        if (length64 > 62)
        {
            return what + ": the segment is too small for a gateway pair (needs at least 4 addresses)";
        }
        final long broadcast = own | ~Ipv8Prefix.mask64(length64);
        final long wantOwn = p.even() ? broadcast - 1 : broadcast - 2;
        final long wantPeer = p.even() ? broadcast - 2 : broadcast - 1;
        if (own != wantOwn || p.peer() != wantPeer)
        {
            return what + ": the " + (p.even() ? "even" : "odd") + " member must be " + Ipv8Address.toString(wantOwn) +
                " and its peer " + Ipv8Address.toString(wantPeer) + " (broadcast - 1 is even, broadcast - 2 is odd)";
        }
        return null;
    }

    private static RouterSpec.Role role(final InterfaceRole role)
    {
        return switch (role)
        {
            case INTERNAL -> RouterSpec.Role.INTERNAL;
            case EXTERNAL -> RouterSpec.Role.EXTERNAL;
            case RINE -> RouterSpec.Role.RINE;
            case INTERIOR_LINK -> RouterSpec.Role.INTERIOR_LINK;
        };
    }
}
