package org.ipv8router.perf.pktgen;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs the per-packet code (frame writing, probe parsing and accounting) on a scratch buffer before the
 * measured phase, with throw-away state, so that the JIT has compiled it when the first real burst goes out:
 * otherwise the first second of a run is sent by the interpreter at a fraction of the rate, with latency
 * outliers of tens of milliseconds.
 */
final class Warmup
{
    static final int DEFAULT_FRAMES = 200_000;

    private Warmup()
    {
    }

    /** Writes and parses frames of the profile; returns the probes counted (to keep the work observable). */
    static long run(final TrafficProfile profile, final int frames)
    {
        final FrameFactory factory = new FrameFactory(profile);
        final StreamTracker tracker = new StreamTracker(profile.streams());
        final ProbeReceiver receiver = new ProbeReceiver(profile.ipv8EtherType(), tracker, new LatencyStats());
        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(factory.maxFrameLength()));
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        for (int i = 0; i < frames; i++)
        {
            final long now = System.nanoTime();
            final int length = factory.write(frame, 0, now);
            view.wrap(frame.addressOffset(), length);
            receiver.onFrame(view, 0, length, now);
        }
        return tracker.totalUnique();
    }
}
