package org.ipv8router.dpdk;

import java.util.List;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.graph.L2PatchNode;
import org.ipv8router.dataplane.graph.PortOutputNode;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.wire.WireProfile;

/**
 * The forwarding graphs the DPDK tests and the DPDK benchmark run over {@link DpdkPort}s. They are ordinary
 * dataplane graphs; nothing in them knows about DPDK. Until the IPv8 pipeline is merged the pipeline is
 * {@link #macRewrite}: [frame-validate -&gt;] mac-rewrite -&gt; l2-patch -&gt; port-output. Tests and the
 * benchmark take a {@link Factory}, so the IPv8 pipeline replaces it in one place.
 */
public final class ForwardingPipelines
{
    /** Builds a graph over the given ports. */
    @FunctionalInterface
    public interface Factory
    {
        /**
         * @param counters where node and drop counters go.
         * @param ports    the ports the graph transmits on (port-output).
         * @return the graph.
         */
        Graph build(DataplaneCounters counters, List<? extends Port> ports);
    }

    private ForwardingPipelines()
    {
    }

    /**
     * testpmd's "mac" forwarding as a graph: frames from port {@code i} leave on {@code patch[i]} with that port's
     * MAC as source and {@code peerMac[patch[i]]} as destination.
     *
     * @param patch    egress port index by ingress port index.
     * @param peerMac  destination MAC by egress port index.
     * @param validate put receive validation (spec 2.5) in front; invalid frames are counted and dropped.
     * @return the factory.
     */
    public static Factory macRewrite(final int[] patch, final long[] peerMac, final boolean validate)
    {
        return macRewrite(patch, null, peerMac, validate);
    }

    /**
     * As {@link #macRewrite(int[], long[], boolean)} with the source MACs given rather than read from the ports
     * (the router config may set them; tests comparing DPDK and pure-Java ports need the same ones).
     *
     * @param patch    egress port index by ingress port index.
     * @param portMac  source MAC by egress port index, or null to use each port's {@link Port#macAddress()}.
     * @param peerMac  destination MAC by egress port index.
     * @param validate put receive validation (spec 2.5) in front.
     * @return the factory.
     */
    public static Factory macRewrite(
        final int[] patch, final long[] portMac, final long[] peerMac, final boolean validate)
    {
        return (counters, ports) ->
        {
            WireDropReasons.registerAll(counters.dropReasons());
            final long[] sourceMac = portMac != null ? portMac.clone() : new long[peerMac.length];
            for (final Port port : ports)
            {
                if (portMac == null && port.index() < sourceMac.length)
                {
                    sourceMac[port.index()] = port.macAddress();
                }
            }
            final Graph.Builder builder = Graph.builder("mac-rewrite", counters);
            if (validate)
            {
                builder.node(new FrameValidationNode(WireProfile.DEFAULT, MacRewriteNode.NAME));
            }
            return builder
                .node(new MacRewriteNode(patch, sourceMac, peerMac, L2PatchNode.NAME))
                .node(new L2PatchNode(patch))
                .node(new PortOutputNode(ports))
                .build();
        };
    }
}
