package org.ipv8router.perf.pktgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The per-packet paths allocate nothing once compiled: frame writing and probe accounting on a plain buffer, and
 * the DPDK transmit/receive stages on a net_ring loop. Measured with the thread's allocated-bytes counter; a
 * small slack covers the counter's own granularity, far below one object per packet.
 * <p>
 * <b>Steady state.</b> The claim is about compiled code. A window in which the JIT was still at work (a late C2
 * compile, or a deoptimisation and its recompile: code that runs interpreted meanwhile allocates the objects C2's
 * escape analysis removes, and a deoptimisation itself re-creates scalar-replaced objects) is not steady state: such
 * a window is run again, up to {@link #MAX_WINDOWS} times, and the first run without JIT activity is the one asserted
 * (the last if there is none). A per-packet allocation, even of one 16-octet object, is megabytes in every run, so it
 * still fails.
 */
class ZeroAllocationTest
{
    private static final long SLACK_BYTES = 1024;
    private static final int MAX_WINDOWS = 5;

    private static long allocated()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * The bytes the current thread allocated in the asserted run of a window, how many runs were made, and each
     * run's bytes (marked where the JIT was busy) for the failure message.
     */
    private record SteadyState(long bytes, int runs, String log)
    {
    }

    /**
     * Runs {@code window} until one run sees no JIT compilation, at most {@link #MAX_WINDOWS} times; the asserted
     * run is that one, or the last if the JIT was busy in every one.
     */
    private static SteadyState steadyState(final Runnable window)
    {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final StringBuilder log = new StringBuilder();
        long bytes = 0;
        int runs = 0;
        boolean jitBusy = true;
        while (jitBusy && runs < MAX_WINDOWS)
        {
            final long jitBefore = jit.getTotalCompilationTime();
            final long before = allocated();
            window.run();
            bytes = allocated() - before;
            jitBusy = jit.getTotalCompilationTime() != jitBefore;
            runs++;
            log.append(runs > 1 ? ", " : "").append(bytes).append(" B").append(jitBusy ? " (JIT busy)" : "");
        }
        return new SteadyState(bytes, runs, log.toString());
    }

    @Test
    void writingAndCountingFramesAllocatesNothing()
    {
        final TrafficProfile profile = TrafficProfile.defaults().withSizes(FrameSizes.parse("imix", false))
            .withIpv4Percent(30).withStreams(8)
            .withFlows(new FlowSet(ValueRange.parseAsn("a", "64496-64511"), ValueRange.parseHost("b",
                "10.0.0.1-10.0.0.254"), ValueRange.of(64512), ValueRange.parseHost("d", "10.1.0.1-10.1.0.9")));
        final FrameFactory factory = new FrameFactory(profile);
        final StreamTracker tracker = new StreamTracker(8);
        final LatencyStats latency = new LatencyStats();
        final ProbeReceiver receiver = new ProbeReceiver(profile.ipv8EtherType(), tracker, latency);
        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        loop(factory, receiver, frame, view, 300_000); // JIT
        final SteadyState steady = steadyState(() -> loop(factory, receiver, frame, view, 200_000));
        assertTrue(steady.bytes() < SLACK_BYTES, steady.bytes() + " bytes allocated for 200000 frames; runs: " +
            steady.log());
        assertEquals(300_000 + 200_000L * steady.runs(), tracker.totalUnique());
    }

    private static void loop(final FrameFactory factory, final ProbeReceiver receiver, final UnsafeBuffer frame,
        final UnsafeBuffer view, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final long now = System.nanoTime();
            final int length = factory.write(frame, 0, now);
            view.wrap(frame.addressOffset(), length);
            receiver.onFrame(view, 0, length, now);
        }
    }

    @Test
    void dpdkTransmitAndReceiveStagesAllocateNothing()
    {
        final TrafficProfile profile = TrafficProfile.defaults().withSizes(FrameSizes.parse("64,1518", false));
        try (RingLoop loop = RingLoop.open(profile, RatePacer.UNLIMITED, 32))
        {
            final PacketTransmitter tx = loop.tx;
            final PacketReceiver rx = loop.rx;
            loop.pacer.start(System.nanoTime());
            for (int i = 0; i < 20_000; i++)
            {
                tx.doWork(System.nanoTime());
                rx.doWork();
            }
            final long[] sentInWindow = new long[1];
            final SteadyState steady = steadyState(() ->
            {
                final long sentBefore = tx.sent();
                for (int i = 0; i < 10_000; i++)
                {
                    tx.doWork(System.nanoTime());
                    rx.doWork();
                }
                sentInWindow[0] = tx.sent() - sentBefore;
            });
            assertTrue(sentInWindow[0] > 100_000, "sent " + sentInWindow[0]);
            assertTrue(steady.bytes() < SLACK_BYTES, steady.bytes() + " bytes allocated for " + sentInWindow[0] +
                " packets sent and received; runs: " + steady.log());
            loop.stopAndDrain(System::nanoTime);
            assertEquals(tx.sent(), loop.tracker.totalUnique());
        }
    }
}
