package org.ipv8router.perf;

import java.nio.ByteOrder;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Checksum;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.WireProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Header checksum cost in ns, over {@value #HEADERS} distinct valid IPv8 headers in off-heap frames (see
 * {@link Frames}), walked in turn.
 * <ul>
 *   <li>{@code fullHeader28}: RFC 1071 over the 28-octet option-less header, checksum field included (what
 *       receive validation does; the result is 0 for a correct header).</li>
 *   <li>{@code update16Ttl}: RFC 1624 update for the TTL|Protocol word after a TTL decrement, from the header's
 *       stored values (read-only, so the header stays valid).</li>
 *   <li>{@code decrementTtlInPlace}: the forwarding rewrite, {@link Ipv8Header#decrementTtl()} (load, update16,
 *       two stores). TTL wraps after 256 rounds, which changes nothing in the arithmetic.</li>
 *   <li>{@code update64Address}: RFC 1624 update after a whole 64-bit address is rewritten (e.g. an 8to4 or NAT
 *       style rewrite), stored header checksum and address against a new address from a table.</li>
 * </ul>
 * The buffer-reading ones have {@code ...NoBoundsChecks} twins forked with
 * {@code -Dagrona.disable.bounds.checks=true}. Set-up checks that every incremental result equals a full
 * recomputation, so the benchmarks time correct code.
 */
@State(Scope.Thread)
public class ChecksumBenchmark extends WireMicroBenchmark
{
    static final int HEADERS = 256;

    private UnsafeBuffer frames;
    private final Ipv8Header header = new Ipv8Header();
    private long[] newAddresses;
    private int index;

    @Setup(Level.Trial)
    public void setUp()
    {
        final Random rnd = new Random(5);
        frames = Frames.allocate(HEADERS);
        Frames.fill(frames, HEADERS, rnd, WireProfile.DEFAULT);
        newAddresses = new long[HEADERS];
        for (int i = 0; i < HEADERS; i++)
        {
            newAddresses[i] = Frames.randomDestination(rnd);
            checkIncrementalEqualsFull(i);
        }
    }

    /** Refuses to benchmark arithmetic that disagrees with a full RFC 1071 recomputation. */
    private void checkIncrementalEqualsFull(final int i)
    {
        final int offset = l3(i);
        final UnsafeBuffer copy = Frames.allocate(1);
        copy.putBytes(0, frames, offset, Ipv8Header.MIN_HEADER_LENGTH);
        final Ipv8Header h = new Ipv8Header().wrap(copy, 0, Ipv8Header.MIN_HEADER_LENGTH);
        if (!h.verifyChecksum())
        {
            throw new IllegalStateException("header " + i + " has a bad checksum");
        }
        final int ttlWord = copy.getShort(Ipv8Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int byUpdate16 = Checksum.update16(h.checksum(), ttlWord, (ttlWord - 0x0100) & 0xFFFF);
        final int byUpdate64 = Checksum.update64(h.checksum(), h.destination(), newAddresses[i]);
        h.ttl(h.ttl() - 1);
        if (byUpdate16 != h.computeChecksum())
        {
            throw new IllegalStateException("update16 disagrees with RFC 1071 on header " + i);
        }
        h.ttl(h.ttl() + 1).destination(newAddresses[i]);
        if (byUpdate64 != h.computeChecksum())
        {
            throw new IllegalStateException("update64 disagrees with RFC 1071 on header " + i);
        }
    }

    private static int l3(final int i)
    {
        return i * Frames.STRIDE + Frames.L3_OFFSET;
    }

    private int next()
    {
        final int i = index;
        index = (i + 1) & (HEADERS - 1);
        return i;
    }

    @Benchmark
    public int fullHeader28()
    {
        return Checksum.compute(frames, l3(next()), Ipv8Header.MIN_HEADER_LENGTH);
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS, JvmFlags.NO_BOUNDS_CHECKS})
    public int fullHeader28NoBoundsChecks()
    {
        return Checksum.compute(frames, l3(next()), Ipv8Header.MIN_HEADER_LENGTH);
    }

    @Benchmark
    public int update16Ttl()
    {
        final int offset = l3(next());
        final int checksum = frames.getShort(offset + Ipv8Header.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int ttlWord = frames.getShort(offset + Ipv8Header.TTL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return Checksum.update16(checksum, ttlWord, (ttlWord - 0x0100) & 0xFFFF);
    }

    @Benchmark
    public int decrementTtlInPlace()
    {
        return header.wrap(frames, l3(next()), Ipv8Header.MIN_HEADER_LENGTH).decrementTtl();
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS, JvmFlags.NO_BOUNDS_CHECKS})
    public int decrementTtlInPlaceNoBoundsChecks()
    {
        return header.wrap(frames, l3(next()), Ipv8Header.MIN_HEADER_LENGTH).decrementTtl();
    }

    @Benchmark
    public int update64Address()
    {
        final int i = next();
        final int offset = l3(i);
        final int checksum = frames.getShort(offset + Ipv8Header.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final long old = frames.getLong(offset + Ipv8Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        return Checksum.update64(checksum, old, newAddresses[i]);
    }
}
