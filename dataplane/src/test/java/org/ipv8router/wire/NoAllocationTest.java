package org.ipv8router.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The receive path (validate + parse with the flyweights + 8to4 decapsulation + TTL decrement) allocates
 * nothing: after warm-up, 1,000,000 mixed good and bad frames must not grow this thread's allocated-bytes
 * counter by more than a small fixed slack. A canary loop that does allocate proves the measurement sees
 * allocation on this JVM, so the test cannot pass vacuously. This is not a timing test.
 */
class NoAllocationTest
{
    private static final int MEASURED_FRAMES = 1_000_000;
    private static final int WARM_UP_FRAMES = 300_000;
    /** Total slack for the measured run (not per packet): counter granularity, a stray TLAB refill record. */
    private static final long SLACK_BYTES = 1024;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounterAvailable()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
            "SKIPPED LOUDLY: this JVM has no com.sun.management.ThreadMXBean, cannot measure allocation");
        threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(),
            "SKIPPED LOUDLY: thread allocated-memory measurement not supported by this JVM");
        threads.setThreadAllocatedMemoryEnabled(true);
        threads.getCurrentThreadAllocatedBytes(); // first call may initialise
    }

    /** The mix: valid IPv8 (plain, tagged, 0x0800), IPv4, ARP8, ARP4, 8to4, and one of each common drop. */
    private static final class Workload
    {
        final UnsafeBuffer[] frames;
        final int[] lengths;
        final long[] countsByReason = new long[DropReason.count()];
        final ReceiveValidator validator = new ReceiveValidator(WireProfile.DEFAULT);
        final EightToFour decapsulator = new EightToFour(WireProfile.DEFAULT.eightToFourProtocol());
        final EthernetFrame ethernet = new EthernetFrame();
        final Ipv8Header ipv8 = new Ipv8Header();
        final Ipv4Header ipv4 = new Ipv4Header();
        final ArpPacket arp = new ArpPacket();
        final IcmpMessage icmp = new IcmpMessage();
        long checksumOfFields;

        Workload()
        {
            final byte[] good = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, Frames.SRC, Frames.DST);
            final byte[] badChecksum = good.clone();
            badChecksum[14 + 8] ^= 1;
            final byte[] badIhl = good.clone();
            badIhl[14] = (byte)0x85;
            final byte[] truncated = java.util.Arrays.copyOf(good, 30);
            final byte[] badArp = Frames.arp8(EtherTypes.IPV8_DEFAULT);
            badArp[14 + 5] = 4;
            final byte[] on0800 = Frames.ipv8(EtherTypes.IPV4, false, Frames.SRC, Frames.DST);
            final byte[] multicastSource = Frames.ipv8(EtherTypes.IPV8_DEFAULT, false, 0xFFFF0000E0000001L, Frames.DST);

            final UnsafeBuffer tunnel = new UnsafeBuffer(new byte[14 + 56]);
            ethernet.wrap(tunnel, 0).writeHeader(Frames.DST_MAC, Frames.SRC_MAC, EtherTypes.IPV4);
            tunnel.putBytes(14 + 20, good, 14, 36);
            EightToFour.encapsulate(tunnel, 14, 36, 0xCB007101, 0xC6336401, 253, 0);

            final byte[][] raw = {
                good,
                Frames.ipv8(EtherTypes.IPV8_DEFAULT, true, Frames.SRC, Frames.DST),
                on0800,
                Frames.ipv4(0xC0000201, 0xC6336407),
                Frames.arp8(EtherTypes.IPV8_DEFAULT),
                Frames.arp4(),
                tunnel.byteArray(),
                badChecksum,
                badIhl,
                truncated,
                badArp,
                multicastSource,
                Frames.ipv8(EtherTypes.IPV6, false, Frames.SRC, Frames.DST),
            };
            frames = new UnsafeBuffer[raw.length];
            lengths = new int[raw.length];
            for (int i = 0; i < raw.length; i++)
            {
                frames[i] = new UnsafeBuffer(raw[i].clone());
                lengths[i] = raw[i].length;
            }
        }

        /** The per-frame work the dataplane's receive stage will do; must allocate nothing. */
        void run(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                final int which = i % frames.length;
                final UnsafeBuffer frame = frames[which];
                final int length = lengths[which];
                final DropReason reason = validator.validateFrame(frame, 0, length);
                countsByReason[reason.ordinal()]++;
                if (reason != DropReason.NONE)
                {
                    continue;
                }
                ethernet.wrap(frame, 0, length);
                checksumOfFields += ethernet.source() + ethernet.vlanId() + ethernet.etherType();
                switch (validator.kind())
                {
                    case ReceiveValidator.KIND_IPV8 -> parseIpv8(frame, validator.l3Offset(), validator.l3Length());
                    case ReceiveValidator.KIND_IPV4 -> parseIpv4(frame);
                    case ReceiveValidator.KIND_ARP4, ReceiveValidator.KIND_ARP8 ->
                    {
                        arp.wrap(frame, validator.l3Offset(), validator.l3Length());
                        checksumOfFields += arp.senderProtocolAddress() + arp.targetProtocolAddress() +
                            arp.senderHardwareAddress() + arp.operation();
                    }
                    default -> throw new IllegalStateException("unexpected kind " + validator.kind());
                }
            }
        }

        private void parseIpv8(final UnsafeBuffer frame, final int offset, final int length)
        {
            ipv8.wrap(frame, offset, length);
            checksumOfFields += ipv8.source() ^ ipv8.destination() + ipv8.protocol() + ipv8.totalLength();
            // Forward it: TTL 64 -> 63 with the incremental checksum, then back so the next round sees 64.
            ipv8.decrementTtl();
            ipv8.ttl(64).updateChecksum();
            if (ipv8.protocol() == IpProtocols.ICMP &&
                ReceiveValidator.validateIcmp(frame, validator.l4Offset(), validator.l4Length()) == DropReason.NONE)
            {
                icmp.wrap(frame, validator.l4Offset(), validator.l4Length());
                checksumOfFields += icmp.type() + icmp.identifier() + icmp.sequence();
            }
        }

        private void parseIpv4(final UnsafeBuffer frame)
        {
            ipv4.wrap(frame, validator.l3Offset(), validator.l3Length());
            checksumOfFields += ipv4.source() + ipv4.protocol();
            if (ipv4.protocol() == 253)
            {
                final DropReason inner = decapsulator.decapsulate(frame, validator.l3Offset(), validator.l3Length());
                countsByReason[inner.ordinal()]++;
                // Inner packets are validated by the same validator; it only touches primitive state.
                if (inner == DropReason.NONE &&
                    validator.validateIpv8(frame, decapsulator.innerOffset(), decapsulator.innerLength()) == DropReason.NONE)
                {
                    parseIpv8(frame, validator.l3Offset(), validator.l3Length());
                }
            }
        }
    }

    private static long allocatedDuring(final Runnable work)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void millionMixedFramesAllocateNothing()
    {
        final Workload workload = new Workload();
        workload.run(WARM_UP_FRAMES);
        java.util.Arrays.fill(workload.countsByReason, 0);

        final long allocated = allocatedDuring(() -> workload.run(MEASURED_FRAMES));
        System.out.println("NoAllocationTest: " + allocated + " bytes allocated over " + MEASURED_FRAMES + " frames");

        assertTrue(allocated < SLACK_BYTES,
            "receive path allocated " + allocated + " bytes over " + MEASURED_FRAMES + " frames");
        // The mix really exercised good and bad frames (13 kinds, 1,000,000 frames).
        final int perKind = MEASURED_FRAMES / 13;
        final long[] counts = workload.countsByReason;
        assertTrue(counts[DropReason.NONE.ordinal()] >= 7L * perKind, "valid frames + valid 8to4 inner");
        assertTrue(counts[DropReason.BAD_HEADER_CHECKSUM.ordinal()] >= perKind);
        assertTrue(counts[DropReason.BAD_IHL.ordinal()] >= perKind);
        assertTrue(counts[DropReason.PACKET_TRUNCATED.ordinal()] >= perKind);
        assertTrue(counts[DropReason.ARP_BAD_PLEN.ordinal()] >= perKind);
        assertTrue(counts[DropReason.SOURCE_MULTICAST.ordinal()] >= perKind);
        assertTrue(counts[DropReason.UNKNOWN_ETHERTYPE.ordinal()] >= perKind);
        assertTrue(workload.checksumOfFields != 0);
    }

    /** Sink that makes the canary's arrays escape, so the JIT cannot scalar-replace them. */
    private static Object sink;

    @Test
    void canaryShowsTheMeasurementDetectsAllocation()
    {
        final LongSupplier allocatingPath = () ->
        {
            long total = 0;
            for (int i = 0; i < MEASURED_FRAMES / 10; i++)
            {
                final byte[] garbage = new byte[16];
                sink = garbage;
                total += garbage.length;
            }
            return total;
        };
        allocatingPath.getAsLong();
        final long allocated = allocatedDuring(allocatingPath::getAsLong);
        assertTrue(allocated >= (long)(MEASURED_FRAMES / 10) * 16,
            "the allocation counter missed a deliberately allocating loop: " + allocated + " bytes");
        assertEquals(16, ((byte[])sink).length);
    }
}
