package org.ipv8router.dataplane.forward;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.ipv8router.wire.Ipv8Prefix;

/**
 * The ACL8 permit lists of the interfaces (spec 7.6), indexed by port. An interface without a list is not
 * filtered; an interface with one permits only what a rule matches (first match wins, miss = deny).
 * <p>
 * <b>Threading (RCU).</b> Each interface's list is compiled into an immutable {@link Rules} (parallel primitive
 * arrays) and published with one volatile store; the worker reads the reference once per packet and never sees a
 * half-written list. A replaced list is reclaimed by the GC once no worker pass holds it. {@link #set} may be
 * called from any control-plane thread, while the worker forwards.
 */
public final class Acl8Table
{
    /** Bound on rules per interface (a linear first-match scan; the Zone Server pushes aggregates, not flows). */
    public static final int MAX_RULES = 1024;

    private final AtomicReferenceArray<Rules> byPort;

    Acl8Table(final int portCount)
    {
        byPort = new AtomicReferenceArray<>(Math.max(1, portCount));
    }

    /**
     * Replaces the list of one interface.
     *
     * @param port  port index of the interface.
     * @param rules the ordered permit list; empty (or null) removes the list, so the interface is not filtered.
     * @throws IllegalArgumentException with more than {@link #MAX_RULES} rules or a port out of range.
     */
    public void set(final int port, final List<Acl8Rule> rules)
    {
        if (port < 0 || port >= byPort.length())
        {
            throw new IllegalArgumentException("ACL8: no port " + port);
        }
        if (rules != null && rules.size() > MAX_RULES)
        {
            throw new IllegalArgumentException("ACL8: " + rules.size() + " rules, at most " + MAX_RULES + " per interface");
        }
        byPort.set(port, rules == null || rules.isEmpty() ? null : new Rules(rules));
    }

    /** @return true when the interface on {@code port} has a permit list (packets arriving there are filtered). */
    public boolean isActive(final int port)
    {
        return port >= 0 && port < byPort.length() && byPort.get(port) != null;
    }

    /** @return the rules of {@code port} in order (empty when none); cold path. */
    public List<Acl8Rule> rules(final int port)
    {
        final Rules r = port >= 0 && port < byPort.length() ? byPort.get(port) : null;
        return r == null ? List.of() : r.source;
    }

    /** Worker: the compiled list of {@code port}, or null. */
    Rules compiled(final int port)
    {
        return port >= 0 && port < byPort.length() ? byPort.get(port) : null;
    }

    /** One interface's list as primitive arrays (immutable once published). */
    static final class Rules
    {
        final List<Acl8Rule> source;
        final long[] sources;
        final long[] sourceMasks;
        final long[] destinations;
        final long[] destinationMasks;
        final int[] protocols;
        final int[] ports;

        Rules(final List<Acl8Rule> rules)
        {
            source = List.copyOf(rules);
            final int n = rules.size();
            sources = new long[n];
            sourceMasks = new long[n];
            destinations = new long[n];
            destinationMasks = new long[n];
            protocols = new int[n];
            ports = new int[n];
            for (int k = 0; k < n; k++)
            {
                final Acl8Rule r = rules.get(k);
                sources[k] = r.source();
                sourceMasks[k] = Ipv8Prefix.mask64(r.sourceLength());
                destinations[k] = r.destination();
                destinationMasks[k] = Ipv8Prefix.mask64(r.destinationLength());
                protocols[k] = r.protocol();
                ports[k] = r.port();
            }
        }

        /**
         * @param destinationPort the TCP/UDP destination port, or {@link Acl8Rule#ANY} when the packet has none
         *                        (then rules with a port do not match).
         * @return index of the first matching rule, or -1 (deny).
         */
        int firstMatch(final long src, final long dst, final int protocol, final int destinationPort)
        {
            for (int k = 0, n = sources.length; k < n; k++)
            {
                if ((src & sourceMasks[k]) == sources[k] &&
                    (dst & destinationMasks[k]) == destinations[k] &&
                    (protocols[k] == Acl8Rule.ANY || protocols[k] == protocol) &&
                    (ports[k] == Acl8Rule.ANY || (destinationPort != Acl8Rule.ANY && ports[k] == destinationPort)))
                {
                    return k;
                }
            }
            return -1;
        }
    }
}
