/**
 * The forwarding graph (VPP style) and its thread: {@link org.ipv8router.dataplane.graph.Node} (one small job on a
 * vector of packets), {@link org.ipv8router.dataplane.graph.Graph} (nodes ordered so arcs go forward, one pending
 * vector per node, dispatch), the built-in nodes {@link org.ipv8router.dataplane.graph.DropNode},
 * {@link org.ipv8router.dataplane.graph.PortOutputNode} and {@link org.ipv8router.dataplane.graph.L2PatchNode},
 * and {@link org.ipv8router.dataplane.graph.ForwardingAgent} (the Agrona agent that receives from ports and runs
 * the graph).
 * <p>
 * A typical graph: {@code ethernet-input -> ip8-validate -> ip8-lookup -> ip8-rewrite -> port-output}, every node
 * also able to drop with a reason. One graph per forwarding thread; nodes, vectors and pools are not shared.
 */
package org.ipv8router.dataplane.graph;
