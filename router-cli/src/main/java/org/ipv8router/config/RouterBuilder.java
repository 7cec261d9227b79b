package org.ipv8router.config;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.config.ConfigModel.EightToFourPeer;
import org.ipv8router.config.ConfigModel.InterfaceAddress;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigModel.StaticNeighbor;
import org.ipv8router.config.ConfigModel.StaticRoute;
import org.ipv8router.config.ConfigModel.ZoneMembership;
import org.ipv8router.config.ConfigModel.ZonePermit;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.fib.FibConfig;
import org.ipv8router.dataplane.forward.RouterSpec;
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
            .fastPath(config.fastPath());
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
        if (config.egressValidation() != RouterConfig.EgressValidation.OFF)
        {
            warnings.add(config.source() + ": egress-validation " +
                config.egressValidation().name().toLowerCase() + " is not implemented in the v1 data plane (off)");
        }
        if (config.icmpOnFilter())
        {
            warnings.add(config.source() + ": icmp-on-filter is not implemented (filter drops send no ICMPv8 3/13)");
        }
        for (final InterfaceConfig i : config.interfaces())
        {
            if (i.gatewayPair() != null)
            {
                warnings.add(config.source() + ":" + i.line() + ": interface " + i.name() +
                    ": gateway-pair failover is not in the data plane (only the configured addresses are answered)");
            }
            if (i.shutdown())
            {
                warnings.add(config.source() + ":" + i.line() + ": interface " + i.name() +
                    " is shut down in the config but pcap-forward still reads its input");
            }
        }
        return warnings;
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
