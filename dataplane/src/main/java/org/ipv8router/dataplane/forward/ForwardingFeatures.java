package org.ipv8router.dataplane.forward;

/**
 * Which optional forwarding features are active where: the predicates a fused fast-path node must ask before it
 * skips the small nodes. Each is cheap (an array or volatile read) and may change while the router runs (reload,
 * control socket), so ask per vector or per packet, never cache across vectors.
 * <pre>
 *   acl8On(ingressPort)                     ip8-acl8 filters packets that arrived on this interface
 *   egressValidationOn(txPort)              ip8-egress-validate checks packets leaving on this interface
 *                                           (mode != off and the interface is external; only packets that came
 *                                           in on an internal interface are checked)
 *   egressValidationOn(ingressPort, txPort) the exact per-packet condition
 *   egressValidationActive()                the mode alone (mode != off), for a once-per-vector read
 *   returnFlowRecording()                   ip8-downgrade records flows (every downgrade must go through it)
 *   returnFlowRestoring()                   ip4-return-flow may rewrite IPv4 arrivals (worker thread only:
 *                                           true while the table holds at least one flow)
 * </pre>
 * A fast path that handles only IPv8 -&gt; IPv8 forwarding may take a packet when
 * {@code !acl8On(in) && !egressValidationOn(in, tx)}; IPv4 arrivals need {@code !returnFlowRestoring()} as well,
 * and downgrades {@code !returnFlowRecording()}.
 */
public final class ForwardingFeatures
{
    private final InterfaceTable interfaces;
    private final Acl8Table acl8;
    private final EgressPermitTable egressPermits;
    private final ReturnFlowTable returnFlows;

    ForwardingFeatures(
        final InterfaceTable interfaces, final Acl8Table acl8, final EgressPermitTable egressPermits,
        final ReturnFlowTable returnFlows)
    {
        this.interfaces = interfaces;
        this.acl8 = acl8;
        this.egressPermits = egressPermits;
        this.returnFlows = returnFlows;
    }

    /** @return true when packets arriving on {@code ingressPort} are subject to ACL8. */
    public boolean acl8On(final int ingressPort)
    {
        return acl8.isActive(ingressPort);
    }

    /** @return true when egress validation is on and {@code txPort} is an external interface. */
    public boolean egressValidationOn(final int txPort)
    {
        return egressPermits.mode() != EgressValidationMode.OFF && txPort >= 0 && txPort < interfaces.size() &&
            interfaces.role(txPort) == RouterSpec.Role.EXTERNAL;
    }

    /**
     * @return true when egress validation is on at all ({@link #egressValidationOn(int)} is this and an external
     *         {@code txPort}); for a fast path that reads the mode once per vector.
     */
    public boolean egressValidationActive()
    {
        return egressPermits.mode() != EgressValidationMode.OFF;
    }

    /** @return true when a packet from {@code ingressPort} to {@code txPort} is checked by egress validation. */
    public boolean egressValidationOn(final int ingressPort, final int txPort)
    {
        return egressValidationOn(txPort) && ingressPort >= 0 && ingressPort < interfaces.size() &&
            interfaces.role(ingressPort) == RouterSpec.Role.INTERNAL;
    }

    /** @return true when downgrades record return flows (spec 3.5). */
    public boolean returnFlowRecording()
    {
        return returnFlows != null;
    }

    /** @return true when IPv4 arrivals may be upgraded by ip4-return-flow (worker thread only). */
    public boolean returnFlowRestoring()
    {
        return returnFlows != null && returnFlows.size() > 0;
    }
}
