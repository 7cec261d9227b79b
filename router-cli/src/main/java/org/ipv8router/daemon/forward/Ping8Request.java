package org.ipv8router.daemon.forward;

import java.util.List;

import org.ipv8router.control.ControlException;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8AddressFormatException;

/**
 * The arguments of {@code ping8 DST [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE]} (as ping(8): count 1..100,
 * default 5; interval 0.01..10 s, default 1; timeout per reply 0.01..30 s, default 1; data size 0..1400, default
 * 56).
 */
record Ping8Request(String target, long destination, int count, long intervalMs, long timeoutMs, int size)
{
    static Ping8Request parse(final List<String> args) throws ControlException
    {
        String target = null;
        int count = 5;
        long intervalMs = 1000;
        long timeoutMs = 1000;
        int size = 56;
        for (int i = 0; i < args.size(); i++)
        {
            final String a = args.get(i);
            if (a.startsWith("-"))
            {
                if (i + 1 >= args.size())
                {
                    throw new ControlException("ping8: option " + a + " needs a value");
                }
                final String v = args.get(++i);
                switch (a)
                {
                    case "-c", "--count" -> count = (int)number(a, v, 1, 100, 1);
                    case "-i", "--interval" -> intervalMs = number(a, v, 0.01, 10, 1000);
                    case "-W", "--timeout" -> timeoutMs = number(a, v, 0.01, 30, 1000);
                    case "-s", "--size" -> size = (int)number(a, v, 0, 1400, 1);
                    default -> throw new ControlException("ping8: unknown option '" + a +
                        "'; usage: ping8 DST [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE]");
                }
            }
            else if (target == null)
            {
                target = a;
            }
            else
            {
                throw new ControlException("ping8: one destination only, got '" + target + "' and '" + a + "'");
            }
        }
        if (target == null)
        {
            throw new ControlException("usage: ping8 DST [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE]");
        }
        final long destination;
        try
        {
            destination = Ipv8Address.parse(target);
        }
        catch (final Ipv8AddressFormatException e)
        {
            throw new ControlException("ping8: " + e.getMessage());
        }
        return new Ping8Request(target, destination, count, intervalMs, timeoutMs, size);
    }

    private static long number(final String option, final String value, final double min, final double max,
        final double scale) throws ControlException
    {
        final double d;
        try
        {
            d = Double.parseDouble(value);
        }
        catch (final NumberFormatException e)
        {
            throw new ControlException("ping8: " + option + " needs a number, got '" + value + "'");
        }
        if (!(d >= min && d <= max))
        {
            throw new ControlException("ping8: " + option + " must be in " + fmt(min) + ".." + fmt(max) + ", got " + value);
        }
        return Math.round(d * scale);
    }

    private static String fmt(final double d)
    {
        return d == Math.rint(d) ? Long.toString((long)d) : Double.toString(d);
    }
}
