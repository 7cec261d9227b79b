package org.ipv8router.dataplane.counters;

import java.util.List;

/**
 * The counters of a counters file at one instant, as plain values (cold path, immutable).
 *
 * @param counters every allocated counter in id order.
 */
public record CountersSnapshot(List<Counter> counters)
{
    /**
     * One counter.
     *
     * @param id     counter id in the file.
     * @param typeId a {@link CounterTypes} value.
     * @param key    port index, node index or drop reason code (see {@link CounterTypes}).
     * @param label  human-readable label.
     * @param value  value when read.
     */
    public record Counter(int id, int typeId, int key, String label, long value)
    {
    }

    public CountersSnapshot
    {
        counters = List.copyOf(counters);
    }

    /**
     * @param label exact label.
     * @return the first counter with that label, or null.
     */
    public Counter find(final String label)
    {
        for (final Counter c : counters)
        {
            if (c.label().equals(label))
            {
                return c;
            }
        }
        return null;
    }

    /**
     * @param label exact label.
     * @return the value of the counter with that label.
     * @throws IllegalArgumentException if there is none.
     */
    public long value(final String label)
    {
        final Counter c = find(label);
        if (c == null)
        {
            throw new IllegalArgumentException("no counter labelled '" + label + "'");
        }
        return c.value();
    }

    /** @return one line per counter: id, value, label. */
    public String format()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Counter c : counters)
        {
            sb.append(String.format("%4d %20d  %s%n", c.id(), c.value(), c.label()));
        }
        return sb.toString();
    }
}
