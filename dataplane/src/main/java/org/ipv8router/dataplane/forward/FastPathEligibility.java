package org.ipv8router.dataplane.forward;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the fused fast path ({@code ip8-fast}) may run: THE single place that says, per interface and per
 * direction, whether a packet may take the fast path in (ingress) or out (egress). The fast path only ever does
 * the plain forwarding of the slow graph (validate, role filters, lookup, TTL, neighbour, L2 rewrite); any feature
 * that makes an interface do more than that must block the fast path there, and then every packet arriving on
 * (ingress) or routed out of (egress) that interface takes the slow graph, where the feature's node runs.
 * <pre>
 *   per port:  ingressBlockers (bit mask of features)   egressBlockers (bit mask of features)
 *              eligible = bit 0 set if ingressBlockers == 0, bit 1 set if egressBlockers == 0
 *   packet takes ip8-fast only if eligible(ingress port) has bit 0 AND eligible(egress port) has bit 1
 *              (and every per-packet check of FastPathNode passes)
 * </pre>
 * <b>Who blocks today.</b> Only {@link #OPERATOR}. The optional features of the data plane do not block here: ip8-fast
 * reads their state live, per vector or per run of one port ({@link ForwardingFeatures#acl8On},
 * {@link ForwardingFeatures#egressValidationActive}, {@link ForwardingFeatures#returnFlowRestoring} and the held
 * VIPs of {@link GatewayPairTable}), so a change made while running is seen from the next burst without a block.
 * The other bits ({@link #LOCAL_SERVICE}, {@link #FIRST_FREE} on) are for a feature that has no such live check;
 * it blocks the ports where it applies, e.g.
 * <pre>{@code
 *   router.fastPath().block(port, FastPathEligibility.LOCAL_SERVICE, true, false);
 *   ... install the feature's state and node ...
 *   router.fastPath().unblock(port, FastPathEligibility.LOCAL_SERVICE, true, false); // when it is removed there
 * }</pre>
 * Each feature has its own bit so that removing one never re-enables the fast path under another. Packets for our
 * own addresses, broadcast, multicast, zones, 8to4, downgrade, MTU overflow, unresolved neighbours and anything
 * malformed never take the fast path anyway (see FastPathNode); those need no block.
 * <p>
 * <b>Threading.</b> {@code block}/{@code unblock} are for the control plane (any thread; they serialise on this
 * object). The worker reads the eligibility bytes with acquire loads: a change is seen from the next burst on.
 * A feature whose state must never be bypassed must block BEFORE it starts depending on its node (and unblock
 * after it stopped): a burst already in flight finishes with the old answer.
 */
public final class FastPathEligibility
{
    /** The operator switched the fast path off ({@code RouterSpec.fastPath = false}, config {@code fast-path off}). */
    public static final int OPERATOR = 1;
    /** The router serves something itself on this interface that would otherwise be forwarded. */
    public static final int LOCAL_SERVICE = 1 << 1;
    /**
     * First bit free for features added later (give each its own bit, and name it here). Return flows, egress
     * validation, ACL8 and the gateway pair need none: ip8-fast reads their state live (see above).
     */
    public static final int FIRST_FREE = 1 << 2;

    static final byte INGRESS_OK = 1;
    static final byte EGRESS_OK = 2;

    private static final VarHandle ELIGIBLE = MethodHandles.arrayElementVarHandle(byte[].class);

    private final int[] ingressBlockers;
    private final int[] egressBlockers;
    private final byte[] eligible;

    /**
     * @param ports   one more than the highest port index.
     * @param enabled false = the operator turned the fast path off ({@link #OPERATOR} blocks every port).
     */
    FastPathEligibility(final int ports, final boolean enabled)
    {
        ingressBlockers = new int[ports];
        egressBlockers = new int[ports];
        eligible = new byte[ports];
        for (int p = 0; p < ports; p++)
        {
            if (!enabled)
            {
                ingressBlockers[p] = OPERATOR;
                egressBlockers[p] = OPERATOR;
            }
            publish(p);
        }
    }

    /**
     * Makes packets in through (ingress) and/or out through (egress) {@code port} take the slow graph while
     * {@code feature} is active there.
     *
     * @param port    interface's port index.
     * @param feature one of the feature bits of this class.
     * @param ingress block packets arriving on the port.
     * @param egress  block packets routed out of the port.
     * @throws IllegalArgumentException for an unknown port or a feature that is not a single bit.
     */
    public synchronized void block(final int port, final int feature, final boolean ingress, final boolean egress)
    {
        check(port, feature);
        if (ingress)
        {
            ingressBlockers[port] |= feature;
        }
        if (egress)
        {
            egressBlockers[port] |= feature;
        }
        publish(port);
    }

    /** Undoes {@link #block} for {@code feature} only; other features' blocks stay. */
    public synchronized void unblock(final int port, final int feature, final boolean ingress, final boolean egress)
    {
        check(port, feature);
        if (ingress)
        {
            ingressBlockers[port] &= ~feature;
        }
        if (egress)
        {
            egressBlockers[port] &= ~feature;
        }
        publish(port);
    }

    /** {@link #block} on every port (e.g. a router-wide feature). */
    public synchronized void blockAll(final int feature, final boolean ingress, final boolean egress)
    {
        for (int p = 0; p < eligible.length; p++)
        {
            block(p, feature, ingress, egress);
        }
    }

    /** {@link #unblock} on every port. */
    public synchronized void unblockAll(final int feature, final boolean ingress, final boolean egress)
    {
        for (int p = 0; p < eligible.length; p++)
        {
            unblock(p, feature, ingress, egress);
        }
    }

    /** @return true if packets arriving on {@code port} may take the fast path (cold path / tests). */
    public boolean isIngressEligible(final int port)
    {
        return (eligible(port) & INGRESS_OK) != 0;
    }

    /** @return true if packets routed out of {@code port} may take the fast path (cold path / tests). */
    public boolean isEgressEligible(final int port)
    {
        return (eligible(port) & EGRESS_OK) != 0;
    }

    /** @return the features blocking the port, e.g. "[OPERATOR in/out, LOCAL_SERVICE in]" (for {@code show}, logs). */
    public synchronized String describe(final int port)
    {
        final List<String> parts = new ArrayList<>();
        for (int k = 0; k < Integer.SIZE; k++)
        {
            final int bit = 1 << k;
            final boolean in = (ingressBlockers[port] & bit) != 0;
            final boolean out = (egressBlockers[port] & bit) != 0;
            if (in || out)
            {
                parts.add(featureName(bit) + (in && out ? " in/out" : in ? " in" : " out"));
            }
        }
        return parts.toString();
    }

    /** The worker's read: {@link #INGRESS_OK} | {@link #EGRESS_OK} bits; 0 for a port out of range. */
    byte eligible(final int port)
    {
        final byte[] eligible = this.eligible;
        return port >= 0 && port < eligible.length ? (byte)ELIGIBLE.getAcquire(eligible, port) : 0;
    }

    private void publish(final int port)
    {
        final byte value = (byte)((ingressBlockers[port] == 0 ? INGRESS_OK : 0) |
            (egressBlockers[port] == 0 ? EGRESS_OK : 0));
        ELIGIBLE.setRelease(eligible, port, value);
    }

    private void check(final int port, final int feature)
    {
        if (port < 0 || port >= eligible.length)
        {
            throw new IllegalArgumentException("fast path: no port index " + port + " (ports 0.." +
                (eligible.length - 1) + ")");
        }
        if (Integer.bitCount(feature) != 1)
        {
            throw new IllegalArgumentException("fast path: feature must be one bit, got 0x" +
                Integer.toHexString(feature));
        }
    }

    private static String featureName(final int bit)
    {
        return switch (bit)
        {
            case OPERATOR -> "OPERATOR";
            case LOCAL_SERVICE -> "LOCAL_SERVICE";
            default -> "feature-0x" + Integer.toHexString(bit);
        };
    }
}
