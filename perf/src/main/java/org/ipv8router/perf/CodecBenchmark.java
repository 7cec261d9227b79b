package org.ipv8router.perf;

import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Downgrade;
import org.ipv8router.wire.DropReason;
import org.ipv8router.wire.IpProtocols;
import org.ipv8router.wire.Ipv8Header;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.ReceiveValidator;
import org.ipv8router.wire.WireProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Wire codec cost per packet in ns, over {@value #FRAMES} distinct valid 60-octet IPv8/UDP frames (see
 * {@link Frames}) walked in turn so that neither the branch predictor nor the JIT sees one constant packet.
 * <ul>
 *   <li>{@code validateAndParse}: {@link ReceiveValidator#validateFrame} (L2 demux, the seven IPv8 checks including
 *       the header checksum) then the fields the forwarding path reads (destination, source, TTL, protocol).</li>
 *   <li>{@code writeHeader}: {@link Ipv8Header#writeHeader} of a 28-octet header with checksum, as an ICMPv8
 *       error or 8to4 decapsulation writes one.</li>
 *   <li>{@code downgrade8to4}: {@link Downgrade#toIpv4InPlace} (spec 3.3) of one packet. The packet is first
 *       restored from a pristine copy (a 60-octet copy, measured alone by {@code copyFrameBaseline}); subtract the
 *       baseline for the downgrade itself.</li>
 * </ul>
 * Every benchmark has a {@code ...NoBoundsChecks} twin forked with {@code -Dagrona.disable.bounds.checks=true}
 * (the perf-run setting; java-stack.md section 4.3), the plain one keeps Agrona's checks as tests do.
 */
@State(Scope.Thread)
public class CodecBenchmark extends WireMicroBenchmark
{
    static final int FRAMES = 256;

    private UnsafeBuffer frames;
    private ReceiveValidator validator;
    private final Ipv8Header header = new Ipv8Header();
    private long[] sources;
    private long[] destinations;
    private int[] ttls;
    private int index;

    /** Pristine frames and a scratch copy for the in-place downgrade, with the L4 pseudo-header mode as a knob. */
    @State(Scope.Thread)
    public static class DowngradeState
    {
        @Param({"ipv4-compatible"})
        public String pseudoHeader;

        UnsafeBuffer pristine;
        UnsafeBuffer scratch;
        L4PseudoHeader mode;

        @Setup(Level.Trial)
        public void setUp()
        {
            mode = L4PseudoHeader.fromConfigName(pseudoHeader);
            pristine = Frames.allocate(FRAMES);
            Frames.fill(pristine, FRAMES, new Random(3), WireProfile.DEFAULT.withL4PseudoHeader(mode));
            scratch = Frames.allocate(1);
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final Random rnd = new Random(1);
        frames = Frames.allocate(FRAMES);
        Frames.fill(frames, FRAMES, rnd, WireProfile.DEFAULT);
        validator = new ReceiveValidator(WireProfile.DEFAULT);
        sources = new long[FRAMES];
        destinations = new long[FRAMES];
        ttls = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++)
        {
            final DropReason reason = validator.validateFrame(frames, i * Frames.STRIDE, Frames.FRAME_LENGTH);
            if (reason != DropReason.NONE)
            {
                throw new IllegalStateException("benchmark frame " + i + " is not valid: " + reason);
            }
            sources[i] = Frames.randomSource(rnd);
            destinations[i] = Frames.randomDestination(rnd);
            ttls[i] = 2 + rnd.nextInt(250);
        }
    }

    private int next()
    {
        final int i = index;
        index = (i + 1) & (FRAMES - 1);
        return i;
    }

    @Benchmark
    public void validateAndParse(final Blackhole bh)
    {
        doValidateAndParse(bh);
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS, JvmFlags.NO_BOUNDS_CHECKS})
    public void validateAndParseNoBoundsChecks(final Blackhole bh)
    {
        doValidateAndParse(bh);
    }

    @Benchmark
    public int writeHeader()
    {
        return doWriteHeader();
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS, JvmFlags.NO_BOUNDS_CHECKS})
    public int writeHeaderNoBoundsChecks()
    {
        return doWriteHeader();
    }

    @Benchmark
    public int downgrade8to4(final DowngradeState state)
    {
        return doDowngrade(state);
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS, JvmFlags.NO_BOUNDS_CHECKS})
    public int downgrade8to4NoBoundsChecks(final DowngradeState state)
    {
        return doDowngrade(state);
    }

    /** The restore copy alone, to subtract from {@code downgrade8to4}. */
    @Benchmark
    public int copyFrameBaseline(final DowngradeState state)
    {
        final int i = next();
        state.scratch.putBytes(0, state.pristine, i * Frames.STRIDE, Frames.FRAME_LENGTH);
        return state.scratch.getInt(Frames.L3_OFFSET + Ipv8Header.DESTINATION_OFFSET);
    }

    private void doValidateAndParse(final Blackhole bh)
    {
        final int offset = next() * Frames.STRIDE;
        final DropReason reason = validator.validateFrame(frames, offset, Frames.FRAME_LENGTH);
        bh.consume(reason);
        if (reason == DropReason.NONE)
        {
            header.wrap(frames, validator.l3Offset(), validator.l3Length());
            bh.consume(header.destination());
            bh.consume(header.source());
            bh.consume(header.ttl());
            bh.consume(header.protocol());
        }
    }

    private int doWriteHeader()
    {
        final int i = next();
        header.wrap(frames, i * Frames.STRIDE + Frames.L3_OFFSET, Frames.TOTAL_LENGTH);
        header.writeHeader(0, Frames.TOTAL_LENGTH, i, Ipv8Header.FLAG_DF, ttls[i], IpProtocols.UDP, sources[i],
            destinations[i]);
        return header.checksum();
    }

    private int doDowngrade(final DowngradeState state)
    {
        final int i = next();
        final UnsafeBuffer scratch = state.scratch;
        scratch.putBytes(0, state.pristine, i * Frames.STRIDE, Frames.FRAME_LENGTH);
        final int start = Downgrade.toIpv4InPlace(scratch, Frames.L3_OFFSET, state.mode);
        // The new IPv4 header checksum depends on everything the downgrade wrote.
        return scratch.getInt(start + 8) ^ start;
    }
}
