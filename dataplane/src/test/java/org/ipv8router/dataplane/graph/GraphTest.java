package org.ipv8router.dataplane.graph;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.packet.PacketVector;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphTest
{
    private final DataplaneCounters counters = DataplaneCounters.inMemory(256);
    private final SlabPacketPool pool = new SlabPacketPool("g", 1024);

    @AfterEach
    void close()
    {
        pool.close();
        counters.close();
    }

    private static final int LEAVE_NEXT = Integer.MIN_VALUE + 1;

    /** Routes each packet by a function of its aux word; records the order it saw packets in. */
    private static final class RouteNode implements Node
    {
        final String name;
        final List<String> nexts;
        final java.util.function.LongToIntFunction route;
        final List<Long> seen = new ArrayList<>();

        RouteNode(final String name, final List<String> nexts, final java.util.function.LongToIntFunction route)
        {
            this.name = name;
            this.nexts = nexts;
            this.route = route;
        }

        public String name()
        {
            return name;
        }

        public List<String> nextNodes()
        {
            return nexts;
        }

        public void process(final PacketVector vector)
        {
            for (int i = 0; i < vector.count(); i++)
            {
                seen.add(vector.aux(i));
                final int slot = route.applyAsInt(vector.aux(i));
                if (slot == Integer.MIN_VALUE)
                {
                    vector.drop(i, 3);
                }
                else if (slot == Integer.MAX_VALUE)
                {
                    vector.free(i); // consumed here
                }
                else if (slot == LEAVE_NEXT)
                {
                    continue; // leaves the next slot as the node found it
                }
                else
                {
                    vector.next(i, slot);
                }
            }
        }
    }

    private void inject(final Graph graph, final int count, final long firstAux)
    {
        final PacketVector in = graph.input();
        for (int k = 0; k < count; k++)
        {
            final int i = in.add(pool, pool.alloc(), pool.headroom(), 64, 0);
            in.aux(i, firstAux + k);
        }
    }

    @Test
    void ordersNodesForwardEvenWhenAddedBackwards()
    {
        final RouteNode c = new RouteNode("c", List.of(), aux -> Integer.MAX_VALUE);
        final RouteNode b = new RouteNode("b", List.of("c"), aux -> 0);
        final RouteNode a = new RouteNode("a", List.of("b", "c"), aux -> (int)(aux & 1));
        final Graph graph = Graph.builder("g", counters).node(c).node(b).node(a).start("a").build();
        assertTrue(graph.nodeIndex("a") < graph.nodeIndex("b"));
        assertTrue(graph.nodeIndex("b") < graph.nodeIndex("c"));
        assertEquals(graph.nodeCount() - 1, graph.dropNodeIndex());
        assertEquals("drop", graph.node(graph.dropNodeIndex()).name());
        assertEquals(graph.nodeIndex("c"), graph.nextNodeIndex(graph.nodeIndex("a"), 1));
        assertEquals(-1, graph.nextNodeIndex(graph.nodeIndex("a"), 2));

        inject(graph, 10, 0);
        graph.run();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), a.seen);
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L), b.seen);
        assertEquals(10, c.seen.size());
        assertEquals(1024, pool.available(), "c consumed (freed) every packet");
        assertEquals(1, graph.nodeCounters(graph.nodeIndex("a")).vectors());
        assertEquals(10, graph.nodeCounters(graph.nodeIndex("a")).packets());
        assertEquals(5, graph.nodeCounters(graph.nodeIndex("b")).packets());
    }

    @Test
    void unroutedAndMisroutedPacketsAreDroppedWithEngineReasons()
    {
        final DropReasons reasons = counters.dropReasons();
        reasons.register(3, "test-drop", "dropped by the test node");
        final RouteNode a = new RouteNode("a", List.of("b"), aux -> switch ((int)aux)
        {
            case 0 -> PacketVector.NEXT_UNSET;
            case 1 -> 5; // no such slot
            case 2 -> Integer.MIN_VALUE; // drop(3)
            default -> 0;
        });
        final RouteNode b = new RouteNode("b", List.of(), aux -> Integer.MAX_VALUE);
        final Graph graph = Graph.builder("g", counters).node(a).node(b).build();
        inject(graph, 4, 0);
        graph.run();
        assertEquals(1, reasons.count(DropReasons.NEXT_UNSET));
        assertEquals(1, reasons.count(DropReasons.BAD_NEXT));
        assertEquals(1, reasons.count(3));
        assertEquals(List.of(3L), b.seen);
        assertEquals(1024, pool.available());
        assertEquals(3, graph.nodeCounters(graph.dropNodeIndex()).packets());
    }

    @Test
    void aWholeVectorHandedOverStartsUnroutedInTheNextNode()
    {
        // a sends every packet to b, so the vector is handed over whole; b routes only even packets and does not
        // touch the odd ones, which must still drop as next-unset: the hand-over resets the next slots a chose.
        final DropReasons reasons = counters.dropReasons();
        final RouteNode sink = new RouteNode("sink", List.of(), aux -> Integer.MAX_VALUE);
        final RouteNode b = new RouteNode("b", List.of("sink"), aux -> (aux & 1) == 0 ? 0 : LEAVE_NEXT);
        final RouteNode a = new RouteNode("a", List.of("b", "sink"), aux -> 0);
        final Graph graph = Graph.builder("g", counters).node(a).node(b).node(sink).build();
        inject(graph, 6, 0);
        graph.run();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), b.seen);
        assertEquals(List.of(0L, 2L, 4L), sink.seen);
        assertEquals(3, reasons.count(DropReasons.NEXT_UNSET));
        assertEquals(1024, pool.available());
    }

    @Test
    void runsOfASplitVectorKeepTheirOrderAndMetadataAcrossFullTargets()
    {
        // a splits 16 packets in runs (0-6 -> b, 7-9 -> c, 10-15 -> b) into vectors of 16; b already holds 5, so
        // its vector fills in the middle of the second run and is dispatched there. Every packet arrives once, in
        // order, with its aux word.
        final RouteNode sink = new RouteNode("sink", List.of(), aux -> Integer.MAX_VALUE);
        final RouteNode b = new RouteNode("b", List.of("sink"), aux -> 0);
        final RouteNode c = new RouteNode("c", List.of("sink"), aux -> 0);
        final RouteNode a = new RouteNode("a", List.of("b", "c"), aux -> aux >= 7 && aux <= 9 ? 1 : 0);
        final Graph graph = Graph.builder("g", counters).vectorCapacity(16).node(a).node(b).node(c).node(sink)
            .build();
        final PacketVector pb = graph.pending(graph.nodeIndex("b"));
        final List<Long> expectedB = new ArrayList<>();
        for (int k = 0; k < 5; k++)
        {
            final int i = pb.add(pool, pool.alloc(), pool.headroom(), 64, 0);
            pb.aux(i, 100 + k);
            expectedB.add(100L + k);
        }
        inject(graph, 16, 0);
        graph.run();
        for (long k = 0; k < 16; k++)
        {
            if (k < 7 || k > 9)
            {
                expectedB.add(k);
            }
        }
        assertEquals(expectedB, b.seen);
        assertEquals(2, graph.nodeCounters(graph.nodeIndex("b")).vectors(), "b ran when full, then in its turn");
        assertEquals(List.of(7L, 8L, 9L), c.seen);
        assertEquals(21, sink.seen.size());
        assertEquals(1024, pool.available());
    }

    @Test
    void fanInBeyondVectorCapacityRunsTheFullNodeEarlyAndKeepsOrder()
    {
        // a sends everything to b; b sends everything to sink. With vectors of 8 and 20 packets injected in
        // three passes of a's vector, b's pending vector fills and must be dispatched mid-scatter.
        final RouteNode sink = new RouteNode("sink", List.of(), aux -> Integer.MAX_VALUE);
        final RouteNode b = new RouteNode("b", List.of("sink"), aux -> 0);
        final RouteNode a = new RouteNode("a", List.of("b"), aux -> 0);
        final Graph graph = Graph.builder("g", counters).vectorCapacity(8).node(a).node(b).node(sink).build();
        inject(graph, 8, 0);
        // pre-load b with 5 packets so a's 8 overflow it
        final PacketVector pb = graph.pending(graph.nodeIndex("b"));
        for (int k = 0; k < 5; k++)
        {
            final int i = pb.add(pool, pool.alloc(), pool.headroom(), 64, 0);
            pb.aux(i, 100 + k);
        }
        graph.run();
        assertEquals(13, sink.seen.size());
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), sink.seen);
        assertEquals(1024, pool.available());
    }

    @Test
    void rejectsCyclesMissingNodesAndDuplicates()
    {
        final RouteNode x = new RouteNode("x", List.of("y"), aux -> 0);
        final RouteNode y = new RouteNode("y", List.of("x"), aux -> 0);
        final IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
            () -> Graph.builder("g", counters).node(x).node(y).build());
        assertTrue(cycle.getMessage().contains("cycle") && cycle.getMessage().contains("x"), cycle.getMessage());

        final RouteNode lonely = new RouteNode("lonely", List.of("nowhere"), aux -> 0);
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> Graph.builder("g", counters).node(lonely).build());
        assertTrue(missing.getMessage().contains("'nowhere'"), missing.getMessage());

        assertThrows(IllegalArgumentException.class,
            () -> Graph.builder("g", counters).node(x).node(new RouteNode("x", List.of(), aux -> 0)));
        assertThrows(IllegalArgumentException.class,
            () -> Graph.builder("g", counters).node(new RouteNode("drop", List.of(), aux -> 0)));
        assertThrows(IllegalArgumentException.class,
            () -> Graph.builder("g", counters).node(x).start("zzz").build());
    }

    @Test
    void closeDropsWhatIsStillPending()
    {
        final RouteNode a = new RouteNode("a", List.of(), aux -> Integer.MAX_VALUE);
        final Graph graph = Graph.builder("g", counters).node(a).build();
        inject(graph, 5, 0);
        graph.close();
        assertEquals(5, counters.dropReasons().count(DropReasons.SHUTDOWN));
        assertEquals(1024, pool.available());
    }

    @Test
    void dropReasonRegistryRejectsReservedAndDuplicateCodes()
    {
        final DropReasons reasons = counters.dropReasons();
        reasons.register(0, "ttl-expired", "TTL reached zero");
        final IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
            () -> reasons.register(0, "again", "x"));
        assertTrue(dup.getMessage().contains("ttl-expired"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> reasons.register(DropReasons.UNKNOWN, "x", "y"));
        assertThrows(IllegalArgumentException.class, () -> reasons.register(-1, "x", "y"));
        reasons.add(77, 2); // never registered
        reasons.add(100_000, 1);
        assertEquals(3, reasons.count(DropReasons.UNKNOWN));
        assertEquals("ttl-expired", reasons.name(0));
    }

    @Test
    void aNodeThatThrowsLosesItsVectorToNodeErrorButTheGraphGoesOn()
    {
        final List<Throwable> errors = new ArrayList<>();
        final RouteNode sink = new RouteNode("sink", List.of(), aux -> Integer.MAX_VALUE);
        final RouteNode faulty = new RouteNode("faulty", List.of("sink"), aux ->
        {
            if (aux == 2)
            {
                throw new IllegalStateException("boom on packet 2");
            }
            return 0;
        });
        final Graph graph = Graph.builder("g", counters).node(faulty).node(sink).errorHandler(errors::add).build();
        inject(graph, 4, 0);
        graph.run();
        assertEquals(1, errors.size());
        assertEquals("boom on packet 2", errors.get(0).getMessage());
        assertEquals(4, counters.dropReasons().count(DropReasons.NODE_ERROR), "the whole vector, none twice");
        assertEquals(List.of(), sink.seen);
        assertEquals(1024, pool.available(), "nothing leaked");

        inject(graph, 2, 10);
        graph.run();
        assertEquals(List.of(10L, 11L), sink.seen, "the next pass works");
        assertEquals(1024, pool.available());
    }

    @Test
    void defaultErrorHandlerLogsAtPowersOfTwo()
    {
        final RateLimitedLog log = new RateLimitedLog("test");
        for (int k = 0; k < 5; k++)
        {
            log.onError(new IllegalStateException("expected in this test " + k));
        }
        assertEquals(5, log.count());
    }
}
