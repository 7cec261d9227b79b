package org.ipv8router.dataplane.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.ErrorHandler;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.counters.NodeCounters;
import org.ipv8router.dataplane.packet.PacketVector;

/**
 * A forwarding graph: nodes in an order where every arc goes forward, one pending vector per node, and the
 * dispatcher that moves packets along the arcs (VPP's graph scheduler, reduced to a DAG).
 * <p>
 * <b>One pass.</b> {@link #run()} visits nodes in order. A node with pending packets processes its vector; then
 * each packet is appended to the pending vector of its next node (detached packets are skipped; packets without
 * a valid next node go to the drop node with reason {@code next-unset} or {@code bad-next}). If a pending vector
 * is full, its node runs at once, so vectors never overflow and, since arcs go forward, the recursion depth is
 * bounded by the number of nodes. After the pass every node's {@link Node#flush()} runs (port-output transmits).
 * Packets keep their relative order along every path.
 * <p>
 * <b>Cost per vector, not per packet and arc.</b> When every packet of a vector goes to the same next node and
 * that node has nothing pending, the whole vector is handed over ({@link PacketVector#takeAll}: the arrays are
 * swapped, no metadata is copied). On a real split, each run of consecutive packets with the same next node is
 * moved with one array copy per field ({@link PacketVector#appendRange}).
 * <p>
 * <b>Failures.</b> If a node throws a {@link RuntimeException} from {@code process}, the packets still attached to
 * its vector are dropped as {@code node-error} (never processed twice, never leaked), the exception goes to the
 * graph's {@link ErrorHandler}, and the pass continues. Exceptions from {@code flush} are reported the same way.
 * <p>
 * <b>Input.</b> Ports receive straight into {@link #input()}, the pending vector of the start node.
 * <p>
 * <b>Threading.</b> A graph and its nodes belong to one forwarding agent thread; nothing here is thread safe and
 * nothing allocates after {@link Builder#build()}.
 */
public final class Graph
{
    private final String name;
    private final Node[] nodes;
    private final String[] names;
    private final int[][] nextTable;
    private final PacketVector[] pending;
    private final int[][] targets;
    private final Node[] flushers;
    private final NodeCounters[] nodeCounters;
    private final int startIndex;
    private final int dropIndex;
    private final ErrorHandler errorHandler;

    private Graph(
        final String name,
        final Node[] nodes,
        final int[][] nextTable,
        final int vectorCapacity,
        final int startIndex,
        final DataplaneCounters counters,
        final ErrorHandler errorHandler)
    {
        this.name = name;
        this.errorHandler = errorHandler;
        this.nodes = nodes;
        this.nextTable = nextTable;
        this.startIndex = startIndex;
        this.dropIndex = nodes.length - 1;
        this.names = new String[nodes.length];
        this.pending = new PacketVector[nodes.length];
        this.targets = new int[nodes.length][vectorCapacity];
        this.flushers = Arrays.stream(nodes).filter(Graph::overridesFlush).toArray(Node[]::new);
        this.nodeCounters = new NodeCounters[nodes.length];
        for (int n = 0; n < nodes.length; n++)
        {
            names[n] = nodes[n].name();
            pending[n] = new PacketVector(vectorCapacity);
            nodeCounters[n] = counters.newNodeCounters(name, n, names[n]);
        }
    }

    /** Only nodes with their own {@code flush} are called after a pass: no interface call per idle node per pass. */
    private static boolean overridesFlush(final Node node)
    {
        try
        {
            return node.getClass().getMethod("flush").getDeclaringClass() != Node.class;
        }
        catch (final NoSuchMethodException ex)
        {
            return true;
        }
    }

    /**
     * Starts a graph description. The drop node is added for you.
     *
     * @param name     graph name (e.g. the forwarding agent's role name), used in counter labels.
     * @param counters where node counters are allocated and drops counted.
     * @return the builder.
     */
    public static Builder builder(final String name, final DataplaneCounters counters)
    {
        return new Builder(name, counters);
    }

    /** @return the graph's name. */
    public String name()
    {
        return name;
    }

    /** @return the number of nodes, including the drop node. */
    public int nodeCount()
    {
        return nodes.length;
    }

    /**
     * @param nodeName name of a node.
     * @return its index in run order, or -1.
     */
    public int nodeIndex(final String nodeName)
    {
        for (int n = 0; n < names.length; n++)
        {
            if (names[n].equals(nodeName))
            {
                return n;
            }
        }
        return -1;
    }

    /** @param index node index. @return the node. */
    public Node node(final int index)
    {
        return nodes[index];
    }

    /** @param index node index. @return the node's counters. */
    public NodeCounters nodeCounters(final int index)
    {
        return nodeCounters[index];
    }

    /**
     * @param index node index.
     * @param slot  next-node slot of that node.
     * @return the index of the node behind the slot, or -1.
     */
    public int nextNodeIndex(final int index, final int slot)
    {
        final int[] table = nextTable[index];
        return slot >= 0 && slot < table.length ? table[slot] : -1;
    }

    /** @return index of the start node. */
    public int startNodeIndex()
    {
        return startIndex;
    }

    /** @return index of the drop node (always the last). */
    public int dropNodeIndex()
    {
        return dropIndex;
    }

    /** @return the start node's pending vector, which ports receive into. */
    public PacketVector input()
    {
        return pending[startIndex];
    }

    /**
     * @param index node index.
     * @return the node's pending vector (packets queued for it).
     */
    public PacketVector pending(final int index)
    {
        return pending[index];
    }

    /**
     * One pass over the graph: processes every pending packet down to the sinks, then flushes all nodes.
     *
     * @return the number of packets the nodes processed (a packet counts once per node it passes).
     */
    public int run()
    {
        int processed = 0;
        for (int n = 0; n < nodes.length; n++)
        {
            if (!pending[n].isEmpty())
            {
                processed += dispatch(n);
            }
        }
        for (final Node node : flushers)
        {
            try
            {
                node.flush();
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
        return processed;
    }

    /**
     * Gives back every packet still pending (counted as {@code shutdown} drops) and closes the nodes. Called by
     * the forwarding agent when it stops.
     */
    public void close()
    {
        for (int n = 0; n < dropIndex; n++)
        {
            final PacketVector vector = pending[n];
            for (int i = 0, count = vector.count(); i < count; i++)
            {
                vector.drop(i, DropReasons.SHUTDOWN);
            }
            scatterToDrop(vector);
        }
        if (!pending[dropIndex].isEmpty())
        {
            dispatch(dropIndex);
        }
        for (final Node node : nodes)
        {
            node.close();
        }
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Graph{").append(name).append(':');
        for (int n = 0; n < nodes.length; n++)
        {
            sb.append(' ').append(n).append('=').append(names[n]).append("->");
            final int[] table = nextTable[n];
            sb.append('[');
            for (int s = 0; s < table.length; s++)
            {
                sb.append(s == 0 ? "" : ",").append(names[table[s]]);
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private int dispatch(final int n)
    {
        final PacketVector vector = pending[n];
        final int count = vector.count();
        try
        {
            nodes[n].process(vector);
        }
        catch (final RuntimeException ex)
        {
            if (n == dropIndex)
            {
                vector.freeAll();
                errorHandler.onError(ex);
                return count;
            }
            for (int i = 0, c = vector.count(); i < c; i++)
            {
                vector.drop(i, DropReasons.NODE_ERROR);
            }
            errorHandler.onError(ex);
        }
        nodeCounters[n].onVector(count);
        if (n == dropIndex)
        {
            vector.freeAll(); // the drop node frees everything; this only catches a misbehaving replacement
            return count;
        }
        final int[] table = nextTable[n];
        final int uniformSlot = vector.uniformNext();
        if (uniformSlot >= 0 && uniformSlot < table.length)
        {
            final PacketVector targetVector = pending[table[uniformSlot]];
            if (targetVector.isEmpty())
            {
                targetVector.takeAll(vector); // the common case: the whole vector goes on, nothing is copied
                return count;
            }
        }
        final int[] targets = this.targets[n];
        final int c = vector.count();
        int first = -1;
        boolean uniform = true;
        for (int i = 0; i < c; i++)
        {
            if (vector.isDetached(i))
            {
                targets[i] = -1;
                uniform = false;
                continue;
            }
            final int slot = vector.next(i);
            final int target;
            if (slot >= 0 && slot < table.length)
            {
                target = table[slot];
            }
            else
            {
                if (slot != PacketVector.NEXT_DROP)
                {
                    vector.drop(i, slot == PacketVector.NEXT_UNSET ? DropReasons.NEXT_UNSET : DropReasons.BAD_NEXT);
                }
                target = dropIndex;
            }
            targets[i] = target;
            if (first < 0)
            {
                first = target;
            }
            else if (target != first)
            {
                uniform = false;
            }
        }
        if (uniform && first >= 0 && pending[first].isEmpty())
        {
            pending[first].takeAll(vector); // the whole vector goes one way: hand it over, copy nothing
            return count;
        }
        int i = 0;
        while (i < c)
        {
            final int target = targets[i];
            if (target < 0)
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < c && targets[end] == target)
            {
                end++;
            }
            while (i < end)
            {
                final PacketVector targetVector = pending[target];
                if (targetVector.isFull())
                {
                    dispatch(target);
                }
                i += targetVector.appendRange(vector, i, end - i);
            }
        }
        vector.clear();
        return count;
    }

    private void scatterToDrop(final PacketVector vector)
    {
        final PacketVector drop = pending[dropIndex];
        for (int i = 0, c = vector.count(); i < c; i++)
        {
            if (!vector.isDetached(i))
            {
                if (drop.isFull())
                {
                    dispatch(dropIndex);
                }
                drop.appendFrom(vector, i);
            }
        }
        vector.clear();
    }

    /**
     * Describes a graph: add nodes, name the start node, build. Cold path; errors name the offending node.
     */
    public static final class Builder
    {
        private final String name;
        private final DataplaneCounters counters;
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private String startNode;
        private int vectorCapacity = PacketVector.DEFAULT_CAPACITY;
        private ErrorHandler errorHandler;

        private Builder(final String name, final DataplaneCounters counters)
        {
            this.name = name;
            this.counters = counters;
        }

        /**
         * Adds a node.
         *
         * @param node the node; its name must be unique in the graph and not {@code drop}.
         * @return this.
         */
        public Builder node(final Node node)
        {
            if (DropNode.NAME.equals(node.name()))
            {
                throw new IllegalArgumentException("graph " + name + ": the drop node is added automatically");
            }
            if (nodes.putIfAbsent(node.name(), node) != null)
            {
                throw new IllegalArgumentException("graph " + name + ": two nodes are named '" + node.name() + "'");
            }
            return this;
        }

        /**
         * Names the node that received packets enter; defaults to the first node added.
         *
         * @param nodeName name of the start node.
         * @return this.
         */
        public Builder start(final String nodeName)
        {
            this.startNode = nodeName;
            return this;
        }

        /**
         * Sets the size of every pending vector.
         *
         * @param capacity packets per vector, default {@link PacketVector#DEFAULT_CAPACITY}.
         * @return this.
         */
        public Builder vectorCapacity(final int capacity)
        {
            if (capacity < 1)
            {
                throw new IllegalArgumentException("graph " + name + ": vector capacity must be >= 1, got " + capacity);
            }
            this.vectorCapacity = capacity;
            return this;
        }

        /**
         * Sets where exceptions thrown by nodes go; the default logs them (the first, then at powers of two).
         *
         * @param errorHandler receives node exceptions on the forwarding thread; must not throw.
         * @return this.
         */
        public Builder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Resolves next-node names, orders the nodes so all arcs go forward, allocates vectors and counters.
         *
         * @return the graph.
         * @throws IllegalArgumentException if a next node is missing, the start node is unknown, or arcs form a
         *                                  cycle.
         */
        public Graph build()
        {
            if (nodes.isEmpty())
            {
                throw new IllegalArgumentException("graph " + name + " has no nodes");
            }
            final String start = startNode != null ? startNode : nodes.keySet().iterator().next();
            if (!nodes.containsKey(start))
            {
                throw new IllegalArgumentException("graph " + name + ": start node '" + start + "' is not in the graph");
            }
            for (final Node node : nodes.values())
            {
                for (final String next : node.nextNodes())
                {
                    if (!nodes.containsKey(next) && !DropNode.NAME.equals(next))
                    {
                        throw new IllegalArgumentException("graph " + name + ": node '" + node.name() +
                            "' names next node '" + next + "', which is not in the graph");
                    }
                }
            }
            final List<Node> ordered = topologicalOrder();
            ordered.add(new DropNode(counters.dropReasons()));
            final Node[] array = ordered.toArray(new Node[0]);
            final Map<String, Integer> indexByName = new LinkedHashMap<>();
            for (int n = 0; n < array.length; n++)
            {
                indexByName.put(array[n].name(), n);
            }
            final int[][] nextTable = new int[array.length][];
            for (int n = 0; n < array.length; n++)
            {
                final List<String> nexts = n == array.length - 1 ? List.of() : array[n].nextNodes();
                nextTable[n] = new int[nexts.size()];
                for (int s = 0; s < nexts.size(); s++)
                {
                    nextTable[n][s] = indexByName.get(nexts.get(s));
                }
            }
            final ErrorHandler handler = errorHandler != null ? errorHandler : new RateLimitedLog("graph " + name);
            return new Graph(name, array, nextTable, vectorCapacity, indexByName.get(start), counters, handler);
        }

        /** Kahn's algorithm, stable in insertion order. */
        private List<Node> topologicalOrder()
        {
            final List<Node> all = new ArrayList<>(nodes.values());
            final Map<String, Integer> inDegree = new LinkedHashMap<>();
            for (final Node node : all)
            {
                inDegree.put(node.name(), 0);
            }
            for (final Node node : all)
            {
                for (final String next : node.nextNodes())
                {
                    if (!DropNode.NAME.equals(next))
                    {
                        inDegree.merge(next, 1, Integer::sum);
                    }
                }
            }
            final List<Node> ordered = new ArrayList<>();
            final boolean[] placed = new boolean[all.size()];
            boolean progress = true;
            while (ordered.size() < all.size() && progress)
            {
                progress = false;
                for (int k = 0; k < all.size(); k++)
                {
                    final Node node = all.get(k);
                    if (!placed[k] && inDegree.get(node.name()) == 0)
                    {
                        placed[k] = true;
                        ordered.add(node);
                        progress = true;
                        for (final String next : node.nextNodes())
                        {
                            if (!DropNode.NAME.equals(next))
                            {
                                inDegree.merge(next, -1, Integer::sum);
                            }
                        }
                        break; // restart from the first node to keep insertion order where possible
                    }
                }
            }
            if (ordered.size() < all.size())
            {
                final List<String> inCycle = new ArrayList<>();
                for (int k = 0; k < all.size(); k++)
                {
                    if (!placed[k])
                    {
                        inCycle.add(all.get(k).name());
                    }
                }
                throw new IllegalArgumentException("graph " + name + ": arcs form a cycle among nodes " +
                    Arrays.toString(inCycle.toArray()) + "; arcs must only go forward");
            }
            return ordered;
        }
    }
}
