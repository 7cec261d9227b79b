package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Reason;
import org.ipv8router.whois8.ValidationState;
import org.ipv8router.whois8.Whois8Listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records listener calls and waits for a given one. */
final class RecordingListener implements Whois8Listener
{
    record Event(long rn, ValidationState state, Reason reason)
    {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onRnChanged(final long rn, final ValidationState rnState, final Reason reason)
    {
        events.add(new Event(rn, rnState, reason));
    }

    /** Waits until an event for rn with that reason arrives; returns false on timeout. */
    boolean await(final long rn, final Reason reason, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline)
        {
            for (final Event e : events)
            {
                if (e.rn() == rn && e.reason() == reason)
                {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    long count(final long rn)
    {
        return events.stream().filter(e -> e.rn() == rn).count();
    }
}
