package org.ipv8router.testsupport;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Property checks on plain JUnit: runs a body over many generated cases from a FIXED seed, so every run sees
 * the same inputs and a failure reproduces by running the test again.
 * <p>
 * Each case draws its inputs from a {@link Gen}, which names and records every value it hands out. When the
 * body fails (assertion or any exception) the failure is rethrown as an {@link AssertionError} that names the
 * seed, the case index and every generated input, with the original failure as its cause.
 * <p>
 * Edge cases are explicit, not left to chance: case 0 draws every value at the low end of its range (empty
 * arrays, {@code false}, the first enum constant), case 1 at the high end, case 2 as close to zero as the range
 * allows. Later cases draw uniformly, with a share of the draws steered to the range's edges (min, min + 1,
 * -1, 0, 1, max - 1, max) and a share to small magnitudes, much like a property-testing library would.
 * There is no shrinking: the printed input is the reproduction.
 */
public final class RandomCases
{
    /** The number of cases a property runs unless it says otherwise (the usual default of property-testing libraries). */
    public static final int DEFAULT_TRIES = 1000;

    private static final int MODE_MIN = 0;
    private static final int MODE_MAX = 1;
    private static final int MODE_ZERO = 2;
    private static final int MODE_RANDOM = 3;

    private RandomCases()
    {
    }

    /** The body of a property: draws its inputs from the generator and asserts. */
    @FunctionalInterface
    public interface Property
    {
        void check(Gen gen) throws Throwable;
    }

    /** Runs {@code tries} cases of {@code property}, case {@code i} from a generator seeded by (seed, i). */
    public static void forAll(final long seed, final int tries, final Property property)
    {
        if (tries < 3)
        {
            throw new IllegalArgumentException("tries must be >= 3 so that the min/max/zero edge cases run: " + tries);
        }
        for (int i = 0; i < tries; i++)
        {
            runCase(seed, i, tries, property);
        }
    }

    /** {@link #forAll(long, int, Property)} with {@link #DEFAULT_TRIES} cases. */
    public static void forAll(final long seed, final Property property)
    {
        forAll(seed, DEFAULT_TRIES, property);
    }

    /** Runs the single case {@code caseIndex} of a property: the way to replay a reported failure in a debugger. */
    public static void replay(final long seed, final int caseIndex, final Property property)
    {
        runCase(seed, caseIndex, 1, property);
    }

    private static void runCase(final long seed, final int caseIndex, final int tries, final Property property)
    {
        final Gen gen = new Gen(seed, caseIndex);
        try
        {
            property.check(gen);
        }
        catch (final Throwable failure)
        {
            if (failure instanceof VirtualMachineError error)
            {
                throw error;
            }
            throw new AssertionError(
                "property failed at case " + caseIndex + " of " + tries + " (seed 0x" + Long.toHexString(seed) +
                "; replay with RandomCases.replay(0x" + Long.toHexString(seed) + "L, " + caseIndex + ", ...))" +
                "\n  input: " + gen.describe() +
                "\n  failure: " + failure, failure);
        }
    }

    /** Generated inputs of one case; every draw is recorded under its name for the failure message. */
    public static final class Gen
    {
        private static final long[] EDGE_OFFSETS = {0, 1, -1};
        private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MAX_VALUE, Byte.MIN_VALUE};

        private final SplittableRandom random;
        private final int caseIndex;
        private final int mode;
        private final StringBuilder inputs = new StringBuilder();

        Gen(final long seed, final int caseIndex)
        {
            this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (caseIndex + 1L)));
            this.caseIndex = caseIndex;
            this.mode = Math.min(caseIndex, MODE_RANDOM);
        }

        /** Index of this case within its run; 0, 1 and 2 are the min, max and zero edge cases. */
        public int caseIndex()
        {
            return caseIndex;
        }

        /** A long seed for a {@link java.util.Random} driving a longer scenario; recorded like any input. */
        public long seed(final String name)
        {
            return anyLong(name);
        }

        /** An int in [min, max], both inclusive. */
        public int intIn(final String name, final int min, final int max)
        {
            final int value = (int)draw(min, max);
            record(name, value + " (0x" + Integer.toHexString(value) + ")");
            return value;
        }

        public int anyInt(final String name)
        {
            return intIn(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        /** A long in [min, max], both inclusive. */
        public long longIn(final String name, final long min, final long max)
        {
            return record(name, draw(min, max));
        }

        public long anyLong(final String name)
        {
            return longIn(name, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        public boolean bool(final String name)
        {
            final boolean value = switch (mode)
            {
                case MODE_MIN, MODE_ZERO -> false;
                case MODE_MAX -> true;
                default -> random.nextBoolean();
            };
            record(name, String.valueOf(value));
            return value;
        }

        /** One of the constants, the first in the min case and the last in the max case. */
        @SafeVarargs
        public final <T> T oneOf(final String name, final T... values)
        {
            final T value = values[choice(values.length)];
            record(name, String.valueOf(value));
            return value;
        }

        /**
         * An unrecorded choice in [0, n): 0 in the min and zero cases, n - 1 in the max case. For picking which
         * of several generators produces a value; record the value produced.
         */
        public int choice(final int n)
        {
            return switch (mode)
            {
                case MODE_MIN, MODE_ZERO -> 0;
                case MODE_MAX -> n - 1;
                default -> random.nextInt(n);
            };
        }

        /** Records a value produced outside the draw methods (e.g. by a custom generator) and returns it. */
        public long record(final String name, final long value)
        {
            record(name, value + " (0x" + Long.toHexString(value) + ")");
            return value;
        }

        /**
         * Random bytes, length in [minSize, maxSize]: empty-most in the min case, longest in the max case; in
         * random cases the length is often an edge and some bytes are 0, 1, -1, 127 or -128.
         */
        public byte[] bytes(final String name, final int minSize, final int maxSize)
        {
            final int size = switch (mode)
            {
                case MODE_MIN, MODE_ZERO -> minSize;
                case MODE_MAX -> maxSize;
                default -> random.nextInt(4) == 0 ?
                    edgeOf(new int[] {minSize, Math.min(minSize + 1, maxSize), maxSize}) :
                    random.nextInt(minSize, maxSize + 1);
            };
            final byte[] value = new byte[size];
            if (mode == MODE_MAX)
            {
                java.util.Arrays.fill(value, (byte)-1);
            }
            else if (mode == MODE_RANDOM)
            {
                random.nextBytes(value);
                if (random.nextBoolean())
                {
                    for (int i = 0; i < size; i++)
                    {
                        if (random.nextInt(8) == 0)
                        {
                            value[i] = EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
                        }
                    }
                }
            }
            record(name, "byte[" + size + "] " + HexFormat.of().formatHex(value));
            return value;
        }

        String describe()
        {
            return inputs.isEmpty() ? "(nothing drawn)" : inputs.toString();
        }

        private void record(final String name, final String text)
        {
            if (!inputs.isEmpty())
            {
                inputs.append(", ");
            }
            inputs.append(name).append('=').append(text);
        }

        private int edgeOf(final int[] candidates)
        {
            return candidates[random.nextInt(candidates.length)];
        }

        private long draw(final long min, final long max)
        {
            if (min > max)
            {
                throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
            }
            final long nearZero = Math.max(min, Math.min(max, 0));
            switch (mode)
            {
                case MODE_MIN:
                    return min;
                case MODE_MAX:
                    return max;
                case MODE_ZERO:
                    return nearZero;
                default:
                    break;
            }
            final int kind = random.nextInt(8);
            if (kind < 2)
            {
                // An edge: the bounds, one inside each bound, or -1/0/1 where the range has them.
                final int pick = random.nextInt(4 + EDGE_OFFSETS.length);
                final long edge = switch (pick)
                {
                    case 0 -> min;
                    case 1 -> max;
                    case 2 -> min == max ? min : min + 1;
                    case 3 -> min == max ? max : max - 1;
                    default -> nearZero + EDGE_OFFSETS[pick - 4];
                };
                return edge < min || edge > max ? nearZero : edge;
            }
            if (kind < 4)
            {
                // A small magnitude: within 2^bits (< 2^62, so no overflow) of the value nearest zero.
                final long magnitude = random.nextLong() >>> (64 - random.nextInt(1, 63));
                final boolean up = nearZero == min || (nearZero != max && random.nextBoolean());
                final long value = up ? nearZero + magnitude : nearZero - magnitude;
                if (value >= min && value <= max)
                {
                    return value;
                }
            }
            return uniform(min, max);
        }

        private long uniform(final long min, final long max)
        {
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE)
            {
                return random.nextLong();
            }
            if (max < Long.MAX_VALUE)
            {
                return random.nextLong(min, max + 1);
            }
            return random.nextLong(min - 1, max) + 1;
        }
    }
}
