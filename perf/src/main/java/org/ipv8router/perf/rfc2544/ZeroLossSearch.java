package org.ipv8router.perf.rfc2544;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 2544 section 26.1 throughput search: the highest offered rate at which the device under test forwards
 * every frame it was sent. Each trial sends at one rate for a fixed time and counts the loss; the search
 * <ol>
 *   <li>first offers the generator's maximum rate ("max"): its achieved transmit rate is the ceiling, and if that
 *       trial loses nothing the throughput is the ceiling (the generator is the limit, unless the router pushed
 *       back: see below);</li>
 *   <li>otherwise bisects between the minimum rate and the ceiling: a trial without loss raises the lower bound
 *       (and is the best result so far), a trial with loss lowers the upper bound;</li>
 *   <li>stops when the bounds are closer than the resolution (a fraction of the ceiling) or after the maximum
 *       number of trials.</li>
 * </ol>
 * A trial "passes" when its loss is at most the loss tolerance: 0 by default, which is RFC 2544's definition;
 * a small tolerance is an explicit, reported deviation for noisy shared machines.
 * Latency (RFC 2544 26.2) is taken from the passing trial at the throughput rate, so the search needs no
 * separate latency trial. The search only decides rates; running a trial is the caller's {@link Trial}.
 * <p>
 * <b>Who set the rate.</b> A trial that transmitted less than it offered was slowed down by someone: the generator
 * (out of CPU) or the device under test pushing back. Over vhost-user or memif the generator's transmit ring is
 * the router's receive ring, so a router slower than the offered rate fills that ring and the generator's
 * tx_burst takes fewer frames than offered; the generator waits and retries instead of the router dropping at
 * ingress. Such a trial loses nothing, yet the router was the limit. {@link #limitOf} tells the cases apart with
 * the generator's back-pressure counts, and {@link Outcome#limitedBy()} says "router (back-pressure)" rather than
 * "generator" when the max trial passed only because the router throttled the generator.
 */
public final class ZeroLossSearch
{
    /** Offered rate that means "as fast as the generator can". */
    public static final double MAX_RATE = 0;

    private final double resolution;
    private final double minPps;
    private final int maxTrials;
    private final double lossTolerancePercent;

    /** One trial at one offered rate: sends for the trial duration and reports what was sent and lost. */
    @FunctionalInterface
    public interface Trial
    {
        /**
         * @param offeredPps packets per second to offer, or {@link #MAX_RATE}.
         * @return what the trial measured.
         * @throws Exception when the trial could not run (the search stops and rethrows).
         */
        TrialResult run(double offeredPps) throws Exception;
    }

    /**
     * What one trial measured.
     *
     * @param offeredPps the rate asked for ({@link #MAX_RATE} for max).
     * @param txPps      the rate actually transmitted over the trial (below offered when the generator cannot keep up).
     * @param sent       packets sent.
     * @param lost       packets sent and not received.
     * @param latency    latency percentiles of the received packets, or null when none were measured.
     * @param backPressure the generator's transmit back-pressure counts in this trial.
     */
    public record TrialResult(double offeredPps, double txPps, long sent, long lost, Latency latency,
        BackPressure backPressure)
    {
        public TrialResult
        {
            backPressure = backPressure == null ? BackPressure.NONE : backPressure;
        }

        /** A trial without back-pressure counts (none seen, or a generator that does not report them). */
        public TrialResult(final double offeredPps, final double txPps, final long sent, final long lost,
            final Latency latency)
        {
            this(offeredPps, txPps, sent, lost, latency, BackPressure.NONE);
        }

        /** @return what limited this trial, see {@link ZeroLossSearch#limitOf}. */
        public Limit limit()
        {
            return limitOf(offeredPps, txPps, backPressure.partialBursts(), lost);
        }

        /** @return lost / sent in percent (100 when nothing was sent: a trial without traffic proves nothing). */
        public double lossPercent()
        {
            return sent > 0 ? 100.0 * lost / sent : 100.0;
        }
    }

    /**
     * The generator's transmit back-pressure in one trial (ipv8-pktgen's {@code tx_partial_bursts},
     * {@code tx_retried_frames}, {@code tx_blocked_ns}).
     *
     * @param partialBursts tx_burst calls the port took only partly or not at all.
     * @param retriedFrames frames refused when first offered.
     * @param blockedNs     time with refused frames pending (the generator built nothing new meanwhile).
     */
    public record BackPressure(long partialBursts, long retriedFrames, long blockedNs)
    {
        public static final BackPressure NONE = new BackPressure(0, 0, 0);
    }

    /** What limited a trial, or a search's result. */
    public enum Limit
    {
        /** The offered rate was transmitted and nothing was lost. */
        NONE("offered rate met"),
        /** Transmitted below the offered rate without back-pressure: the generator could not go faster. */
        GENERATOR("generator"),
        /** Transmitted below the offered rate and the port pushed back: the device under test set the pace. */
        ROUTER_BACK_PRESSURE("router (back-pressure)"),
        /**
         * Frames were lost (sent and never received), anywhere on the loop: at the router's ingress, while it
         * forwarded, or at the generator's own receive ring (the router counts the last as txdrop). One trial does
         * not tell which; the report's router totals do (so far every loss was the generator's receive ring).
         */
        LOSS("loss");

        private final String label;

        Limit(final String label)
        {
            this.label = label;
        }

        /** @return the label the reports print. */
        public String label()
        {
            return label;
        }
    }

    /**
     * A trial "fell short" of its offered rate when it transmitted less than this fraction of it: the pacer holds
     * a fixed rate to well under 1 %, so a larger shortfall means someone slowed the generator down.
     */
    public static final double SHORTFALL_FRACTION = 0.99;

    /**
     * What limited one trial, a pure decision on its counts:
     * <ol>
     *   <li>transmitted short of the offered rate (always, at {@link #MAX_RATE}) with back-pressure seen:
     *       {@link Limit#ROUTER_BACK_PRESSURE}, whatever the loss: the router could not take the offered rate;</li>
     *   <li>otherwise frames lost: {@link Limit#LOSS};</li>
     *   <li>otherwise short of the offered rate: {@link Limit#GENERATOR};</li>
     *   <li>otherwise {@link Limit#NONE}.</li>
     * </ol>
     * Back-pressure at a rate that was still met (a short stall the ring absorbed) does not count as the limit.
     *
     * @param offeredPps         the offered rate, or {@link #MAX_RATE}.
     * @param achievedPps        the rate actually transmitted.
     * @param backPressureEvents tx_burst calls the port took only partly or not at all.
     * @param lost               frames sent and not received.
     * @return the limit.
     */
    public static Limit limitOf(final double offeredPps, final double achievedPps, final long backPressureEvents,
        final long lost)
    {
        final boolean fellShort = offeredPps == MAX_RATE || achievedPps < SHORTFALL_FRACTION * offeredPps;
        if (fellShort && backPressureEvents > 0)
        {
            return Limit.ROUTER_BACK_PRESSURE;
        }
        if (lost > 0)
        {
            return Limit.LOSS;
        }
        return fellShort ? Limit.GENERATOR : Limit.NONE;
    }

    /** Latency percentiles in nanoseconds (from the generator's HdrHistogram). */
    public record Latency(long min, long p50, long p99, long p999, long max, double mean, long count)
    {
    }

    /**
     * @param best           the passing trial with the highest offered rate, or null if none passed.
     * @param trials         every trial, in the order run.
     * @param ceilingPps     the generator's achieved rate in the max trial.
     * @param maxTrialPassed true when the max trial already passed (no bisection was run).
     */
    public record Outcome(TrialResult best, List<TrialResult> trials, double ceilingPps, boolean maxTrialPassed)
    {
        /** @return the throughput in packets per second (the best trial's transmitted rate), 0 if none passed. */
        public double throughputPps()
        {
            return best == null ? 0 : best.txPps();
        }

        /**
         * What limited the throughput: {@link Limit#ROUTER_BACK_PRESSURE} when the best trial fell short of its
         * offered rate because the router pushed back (it forwarded everything it took, but took less than
         * offered); otherwise {@link Limit#GENERATOR} when the max trial passed (loss within a non-zero tolerance
         * included), {@link Limit#LOSS} when it did not (frames were lost at higher rates, see {@link Limit#LOSS}).
         */
        public Limit limitedBy()
        {
            if (best != null && best.limit() == Limit.ROUTER_BACK_PRESSURE)
            {
                return Limit.ROUTER_BACK_PRESSURE;
            }
            return maxTrialPassed ? Limit.GENERATOR : Limit.LOSS;
        }

        /** @return true when the generator, not the router, limited the throughput. */
        public boolean generatorLimited()
        {
            return limitedBy() == Limit.GENERATOR;
        }
    }

    /**
     * @param resolution           stop when upper - lower bound &lt;= resolution x ceiling (e.g. 0.02 for 2 %).
     * @param minPps               lowest rate tried; below it the search gives up (no passing rate).
     * @param maxTrials            at most this many trials, the max trial included.
     * @param lossTolerancePercent a trial passes with loss up to this; 0 is RFC 2544.
     */
    public ZeroLossSearch(final double resolution, final double minPps, final int maxTrials,
        final double lossTolerancePercent)
    {
        if (!(resolution > 0 && resolution < 1))
        {
            throw new IllegalArgumentException("resolution must be in (0, 1), got " + resolution);
        }
        if (!(minPps > 0))
        {
            throw new IllegalArgumentException("minimum rate must be > 0 pps, got " + minPps);
        }
        if (maxTrials < 1)
        {
            throw new IllegalArgumentException("at least one trial, got " + maxTrials);
        }
        if (!(lossTolerancePercent >= 0 && lossTolerancePercent < 100))
        {
            throw new IllegalArgumentException("loss tolerance must be in [0, 100) %, got " + lossTolerancePercent);
        }
        this.resolution = resolution;
        this.minPps = minPps;
        this.maxTrials = maxTrials;
        this.lossTolerancePercent = lossTolerancePercent;
    }

    /** @return true when the trial's loss is within the tolerance (exactly zero loss with tolerance 0). */
    public boolean passes(final TrialResult result)
    {
        if (result.sent() <= 0)
        {
            return false;
        }
        return lossTolerancePercent == 0 ? result.lost() == 0 : result.lossPercent() <= lossTolerancePercent;
    }

    /**
     * Runs the search.
     *
     * @param trial runs one trial.
     * @return the outcome.
     * @throws Exception what a trial threw.
     */
    public Outcome search(final Trial trial) throws Exception
    {
        final List<TrialResult> trials = new ArrayList<>();
        final TrialResult first = trial.run(MAX_RATE);
        trials.add(first);
        final double ceiling = first.txPps();
        if (passes(first))
        {
            return new Outcome(first, List.copyOf(trials), ceiling, true);
        }
        TrialResult best = null;
        double lower = minPps;
        double upper = ceiling;
        if (!(upper > lower))
        {
            return new Outcome(null, List.copyOf(trials), ceiling, false);
        }
        // The first bisection trial is at the ceiling's midpoint; no trial at 'lower' is run unless the bounds
        // collapse onto it, so a router that passes nothing ends with best == null.
        while (trials.size() < maxTrials && upper - lower > resolution * ceiling)
        {
            final double rate = (lower + upper) / 2;
            final TrialResult result = trial.run(rate);
            trials.add(result);
            if (passes(result))
            {
                best = result;
                lower = rate;
            }
            else
            {
                upper = rate;
            }
        }
        return new Outcome(best, List.copyOf(trials), ceiling, false);
    }
}
