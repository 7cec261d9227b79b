package org.ipv8router.bgp8.session;

import java.net.InetSocketAddress;

import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.policy.PeerPolicy;

/**
 * Configuration of one neighbour.
 *
 * @param name         operator name used in logs
 * @param remote       the neighbour's address and port (port used for outgoing connections)
 * @param localAddress address to bind outgoing connections to (null = any); incoming connections are matched
 *                     to this neighbour by the remote IP address
 * @param peerAsn      expected ASN of the neighbour (2/2 Bad Peer AS otherwise)
 * @param fsm          timers and passive flag
 * @param policy       per-session policy (eBGP/iBGP is derived: eBGP when peerAsn != local ASN)
 * @param ipv4         offer the IPv4 unicast family
 * @param ipv8         offer the IPv8 family (AFI/SAFI of the wire profile) and the BGP8 capability
 * @param nextHop8     IPv8 next hop we advertise for IPv8 routes; 0 = local ASN . local IPv4 address
 * @param nextHop4     IPv4 next hop we advertise for IPv4 routes; 0 = our address on the session (some
 *                     daemons, e.g. GoBGP, refuse loopback next hops, so loopback labs set one here)
 */
public record PeerConfig(
    String name,
    InetSocketAddress remote,
    InetSocketAddress localAddress,
    long peerAsn,
    FsmConfig fsm,
    PeerPolicy policy,
    boolean ipv4,
    boolean ipv8,
    long nextHop8,
    long nextHop4)
{
    public PeerConfig
    {
        if (remote == null || remote.getAddress() == null)
        {
            throw new IllegalArgumentException("neighbour " + name + ": remote address is missing or unresolved");
        }
        if (peerAsn <= 0 || peerAsn > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("neighbour " + name + ": peer ASN " + peerAsn + " is outside 1..2^32-1");
        }
        if (!ipv4 && !ipv8)
        {
            throw new IllegalArgumentException("neighbour " + name + ": neither IPv4 nor IPv8 family enabled");
        }
    }

    /** An eBGP or iBGP neighbour with default timers and policy. */
    public static PeerConfig of(
        final String name, final InetSocketAddress remote, final long peerAsn, final long localAsn)
    {
        final PeerPolicy policy = peerAsn == localAsn ? PeerPolicy.ibgp(peerAsn) : PeerPolicy.ebgp(peerAsn);
        return new PeerConfig(name, remote, null, peerAsn, FsmConfig.DEFAULT, policy, true, false, 0, 0);
    }

    public PeerConfig withLocalAddress(final InetSocketAddress local)
    {
        return new PeerConfig(name, remote, local, peerAsn, fsm, policy, ipv4, ipv8, nextHop8, nextHop4);
    }

    public PeerConfig withFsm(final FsmConfig f)
    {
        return new PeerConfig(name, remote, localAddress, peerAsn, f, policy, ipv4, ipv8, nextHop8, nextHop4);
    }

    public PeerConfig withPolicy(final PeerPolicy p)
    {
        return new PeerConfig(name, remote, localAddress, peerAsn, fsm, p, ipv4, ipv8, nextHop8, nextHop4);
    }

    public PeerConfig withFamilies(final boolean v4, final boolean v8)
    {
        return new PeerConfig(name, remote, localAddress, peerAsn, fsm, policy, v4, v8, nextHop8, nextHop4);
    }

    public PeerConfig withNextHop8(final long nh)
    {
        return new PeerConfig(name, remote, localAddress, peerAsn, fsm, policy, ipv4, ipv8, nh, nextHop4);
    }

    public PeerConfig withNextHop4(final long nh)
    {
        return new PeerConfig(name, remote, localAddress, peerAsn, fsm, policy, ipv4, ipv8, nextHop8, nh);
    }

    public boolean ebgp()
    {
        return policy.ebgp();
    }
}
