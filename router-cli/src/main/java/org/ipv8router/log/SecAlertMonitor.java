package org.ipv8router.log;

import org.agrona.concurrent.status.CountersReader;
import org.ipv8router.dataplane.counters.CounterTypes;

/**
 * Turns the data plane's border filter drop counters into SEC-ALERT records: on each {@link #poll()} it reads the
 * drop reason counter of every data plane {@link SecAlertKind} and hands the increase since the previous poll to
 * {@link SecAlertLog}. The forwarding threads only count (lock-free, allocation-free); everything that formats or
 * writes runs here, on a control plane thread.
 * <p>
 * Counters are found by type {@link CounterTypes#DROP_REASON} and label {@code "drop <label>: ..."} (the
 * forwarding assembly registers the wire drop reasons with their {@code DropReason.label()}). A counter that is
 * not registered yet (assembly not started) is looked for again on the next poll. Not thread safe: one poller.
 */
public final class SecAlertMonitor
{
    private final CountersReader counters;
    private final SecAlertLog alerts;
    private final int[] counterIds = new int[SecAlertKind.values().length];
    private final long[] lastValues = new long[SecAlertKind.values().length];

    /**
     * @param counters the data plane counters (in-process reader, or a {@code CountersFile} reader).
     * @param alerts   where alerts go.
     */
    public SecAlertMonitor(final CountersReader counters, final SecAlertLog alerts)
    {
        this.counters = counters;
        this.alerts = alerts;
        java.util.Arrays.fill(counterIds, CountersReader.NULL_COUNTER_ID);
    }

    /**
     * Reads the counters once and raises alerts for their increase.
     *
     * @return the number of alert events seen in this poll.
     */
    public long poll()
    {
        long seen = 0;
        for (final SecAlertKind kind : SecAlertKind.values())
        {
            if (kind.dropReason() == null)
            {
                continue;
            }
            final int i = kind.ordinal();
            if (counterIds[i] == CountersReader.NULL_COUNTER_ID || !isStillOurs(counterIds[i], kind))
            {
                counterIds[i] = find(kind);
                if (counterIds[i] == CountersReader.NULL_COUNTER_ID)
                {
                    continue;
                }
                lastValues[i] = 0; // a counter registered after start counts from 0: its whole value is new
            }
            final long value = counters.getCounterValue(counterIds[i]);
            final long delta = value - lastValues[i];
            lastValues[i] = value;
            if (delta > 0)
            {
                seen += delta;
                alerts.alert(kind, delta, 0, 0, null);
            }
        }
        return seen;
    }

    private boolean isStillOurs(final int id, final SecAlertKind kind)
    {
        return counters.getCounterState(id) == CountersReader.RECORD_ALLOCATED &&
            counters.getCounterTypeId(id) == CounterTypes.DROP_REASON &&
            counters.getCounterLabel(id).startsWith(prefix(kind));
    }

    private int find(final SecAlertKind kind)
    {
        final String prefix = prefix(kind);
        final int[] found = {CountersReader.NULL_COUNTER_ID};
        counters.forEach((CountersReader.MetaData)(id, typeId, key, label) ->
        {
            if (found[0] == CountersReader.NULL_COUNTER_ID && typeId == CounterTypes.DROP_REASON &&
                label.startsWith(prefix))
            {
                found[0] = id;
            }
        });
        return found[0];
    }

    private static String prefix(final SecAlertKind kind)
    {
        return "drop " + kind.dropReason().label() + ":";
    }
}
