package org.ipv8router.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.CountersSnapshot;
import org.ipv8router.dataplane.counters.CountersSnapshot.Counter;

/**
 * {@code show counters}: a counters file snapshot grouped the way operators read it (FRR/Junos-like tables):
 * per port (rx/tx packets, bytes, drops), per graph node (vectors, packets), per drop reason, then anything else.
 * Text shows non-zero rows only (unless asked for all); JSON always has every counter so scripts see stable keys.
 * With a previous snapshot and the interval between them, each row also gets its rate per second.
 * <p>
 * Groups come from the counter type ids of {@link CounterTypes} and the label formats written by
 * {@code DataplaneCounters} ("port NAME METRIC", "node NAME METRIC (graph G)", "drop NAME: DESCRIPTION").
 */
final class CountersView
{
    private static final Pattern NODE = Pattern.compile("node (.+) (vectors|packets) \\(graph (.+)\\)");
    private static final String[] PORT_METRICS =
        {"rx_packets", "rx_bytes", "rx_drops", "tx_packets", "tx_bytes", "tx_drops"};

    /** One port row: values in PORT_METRICS order. */
    record PortRow(int index, String name, long[] values, double rxPps, double txPps)
    {
        boolean nonZero()
        {
            for (final long v : values)
            {
                if (v != 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    record NodeRow(String graph, int index, String name, long vectors, long packets, double packetRate)
    {
    }

    record DropRow(int code, String reason, String description, long packets, double rate)
    {
    }

    record OtherRow(int id, String type, String label, long value, double rate)
    {
    }

    private final List<PortRow> ports = new ArrayList<>();
    private final List<NodeRow> nodes = new ArrayList<>();
    private final List<DropRow> drops = new ArrayList<>();
    private final List<OtherRow> others = new ArrayList<>();
    private final boolean withRates;

    /**
     * @param now             the snapshot to show.
     * @param previous        an earlier snapshot of the same file for rates, or null.
     * @param intervalSeconds time between the two snapshots.
     */
    CountersView(final CountersSnapshot now, final CountersSnapshot previous, final double intervalSeconds)
    {
        this.withRates = previous != null && intervalSeconds > 0;
        final Map<Integer, Long> before = new LinkedHashMap<>();
        if (previous != null)
        {
            for (final Counter c : previous.counters())
            {
                before.put(c.id(), c.value());
            }
        }
        final Map<Integer, PortRow> portsByIndex = new LinkedHashMap<>();
        final Map<String, long[]> nodeValues = new LinkedHashMap<>();
        final Map<String, Double> nodeRates = new LinkedHashMap<>();
        final Map<Integer, double[]> portRates = new LinkedHashMap<>();
        for (final Counter c : now.counters())
        {
            final double rate = withRates ? Math.max(0, c.value() - before.getOrDefault(c.id(), 0L)) / intervalSeconds : 0;
            final int type = c.typeId();
            if (type >= CounterTypes.PORT_RX_PACKETS && type <= CounterTypes.PORT_TX_DROPS)
            {
                final PortRow row = portsByIndex.computeIfAbsent(c.key(),
                    k -> new PortRow(k, portName(c.label()), new long[PORT_METRICS.length], 0, 0));
                row.values()[type - CounterTypes.PORT_RX_PACKETS] = c.value();
                final double[] r = portRates.computeIfAbsent(c.key(), k -> new double[2]);
                if (type == CounterTypes.PORT_RX_PACKETS)
                {
                    r[0] = rate;
                }
                else if (type == CounterTypes.PORT_TX_PACKETS)
                {
                    r[1] = rate;
                }
            }
            else if ((type == CounterTypes.NODE_VECTORS || type == CounterTypes.NODE_PACKETS) &&
                NODE.matcher(c.label()).matches())
            {
                final Matcher m = NODE.matcher(c.label());
                m.matches();
                final String key = m.group(3) + "\u0000" + c.key() + "\u0000" + m.group(1);
                final long[] v = nodeValues.computeIfAbsent(key, k -> new long[2]);
                v[type == CounterTypes.NODE_VECTORS ? 0 : 1] = c.value();
                if (type == CounterTypes.NODE_PACKETS)
                {
                    nodeRates.put(key, rate);
                }
            }
            else if (type == CounterTypes.DROP_REASON && c.label().startsWith("drop ") && c.label().indexOf(':') > 5)
            {
                final int colon = c.label().indexOf(':');
                drops.add(new DropRow(c.key(), c.label().substring(5, colon), c.label().substring(colon + 1).strip(),
                    c.value(), rate));
            }
            else
            {
                others.add(new OtherRow(c.id(), CounterTypes.name(type), c.label(), c.value(), rate));
            }
        }
        for (final PortRow p : portsByIndex.values())
        {
            final double[] r = portRates.get(p.index());
            ports.add(new PortRow(p.index(), p.name(), p.values(), r[0], r[1]));
        }
        for (final Map.Entry<String, long[]> e : nodeValues.entrySet())
        {
            final String[] k = e.getKey().split("\u0000", 3);
            nodes.add(new NodeRow(k[0], Integer.parseInt(k[1]), k[2], e.getValue()[0], e.getValue()[1],
                nodeRates.getOrDefault(e.getKey(), 0.0)));
        }
    }

    private static String portName(final String label)
    {
        final int last = label.lastIndexOf(' ');
        return label.startsWith("port ") && last > 5 ? label.substring(5, last) : label;
    }

    /** The tables as text; zero rows left out unless {@code all}. */
    String text(final boolean all)
    {
        final StringBuilder sb = new StringBuilder();
        final List<PortRow> p = ports.stream().filter(r -> all || r.nonZero()).toList();
        if (!p.isEmpty())
        {
            sb.append(String.format("%-16s %14s %16s %10s %14s %16s %10s", "Interface", "Rx packets", "Rx bytes",
                "Rx drops", "Tx packets", "Tx bytes", "Tx drops"));
            sb.append(withRates ? String.format(" %12s %12s%n", "Rx pps", "Tx pps") : "\n");
            for (final PortRow r : p)
            {
                final long[] v = r.values();
                sb.append(String.format("%-16s %14d %16d %10d %14d %16d %10d", r.name(), v[0], v[1], v[2], v[3],
                    v[4], v[5]));
                sb.append(withRates ? String.format(" %12.1f %12.1f%n", r.rxPps(), r.txPps()) : "\n");
            }
            sb.append('\n');
        }
        final List<NodeRow> n = nodes.stream().filter(r -> all || r.vectors() != 0 || r.packets() != 0).toList();
        if (!n.isEmpty())
        {
            sb.append(String.format("%-28s %-12s %14s %16s", "Node", "Graph", "Vectors", "Packets"));
            sb.append(withRates ? String.format(" %12s%n", "Packets/s") : "\n");
            for (final NodeRow r : n)
            {
                sb.append(String.format("%-28s %-12s %14d %16d", r.name(), r.graph(), r.vectors(), r.packets()));
                sb.append(withRates ? String.format(" %12.1f%n", r.packetRate()) : "\n");
            }
            sb.append('\n');
        }
        final List<DropRow> d = drops.stream().filter(r -> all || r.packets() != 0).toList();
        if (!d.isEmpty())
        {
            sb.append(String.format("%-30s %14s", "Drop reason", "Packets"));
            sb.append(withRates ? String.format(" %12s", "Packets/s") : "").append("  Description\n");
            for (final DropRow r : d)
            {
                sb.append(String.format("%-30s %14d", r.reason(), r.packets()));
                sb.append(withRates ? String.format(" %12.1f", r.rate()) : "").append("  ").append(r.description())
                    .append('\n');
            }
            sb.append('\n');
        }
        final List<OtherRow> o = others.stream().filter(r -> all || r.value() != 0).toList();
        if (!o.isEmpty())
        {
            sb.append(String.format("%-50s %16s", "Counter", "Value"));
            sb.append(withRates ? String.format(" %12s%n", "Per second") : "\n");
            for (final OtherRow r : o)
            {
                sb.append(String.format("%-50s %16d", r.label(), r.value()));
                sb.append(withRates ? String.format(" %12.1f%n", r.rate()) : "\n");
            }
            sb.append('\n');
        }
        if (sb.isEmpty())
        {
            sb.append("(all ").append(ports.size() + nodes.size() + drops.size() + others.size())
                .append(" counters are zero)\n");
        }
        return sb.toString();
    }

    /**
     * Every counter as JSON:
     * {@code {"ports":[{"index","name","rx_packets",...,"tx_drops"[,"rx_pps","tx_pps"]}],
     * "nodes":[{"graph","index","name","vectors","packets"[,"packets_per_s"]}],
     * "drops":[{"code","reason","description","packets"[,"packets_per_s"]}],
     * "other":[{"id","type","label","value"[,"per_s"]}]}}; rates only with a previous snapshot.
     */
    void json(final ObjectNode into)
    {
        final ArrayNode p = into.putArray("ports");
        for (final PortRow r : ports)
        {
            final ObjectNode o = p.addObject();
            o.put("index", r.index());
            o.put("name", r.name());
            for (int i = 0; i < PORT_METRICS.length; i++)
            {
                o.put(PORT_METRICS[i], r.values()[i]);
            }
            if (withRates)
            {
                o.put("rx_pps", r.rxPps());
                o.put("tx_pps", r.txPps());
            }
        }
        final ArrayNode n = into.putArray("nodes");
        for (final NodeRow r : nodes)
        {
            final ObjectNode o = n.addObject();
            o.put("graph", r.graph());
            o.put("index", r.index());
            o.put("name", r.name());
            o.put("vectors", r.vectors());
            o.put("packets", r.packets());
            if (withRates)
            {
                o.put("packets_per_s", r.packetRate());
            }
        }
        final ArrayNode d = into.putArray("drops");
        for (final DropRow r : drops)
        {
            final ObjectNode o = d.addObject();
            o.put("code", r.code());
            o.put("reason", r.reason());
            o.put("description", r.description());
            o.put("packets", r.packets());
            if (withRates)
            {
                o.put("packets_per_s", r.rate());
            }
        }
        final ArrayNode other = into.putArray("other");
        for (final OtherRow r : others)
        {
            final ObjectNode o = other.addObject();
            o.put("id", r.id());
            o.put("type", r.type());
            o.put("label", r.label());
            o.put("value", r.value());
            if (withRates)
            {
                o.put("per_s", r.rate());
            }
        }
    }

    /** A header line: file, writer pid and whether it still runs, when it started. */
    static String header(final String file, final long pid, final boolean alive, final long startMs)
    {
        return "Counters " + file + "  writer pid " + pid + (alive ? " (running)" : " (NOT running: values are final)") +
            ", created " + Instant.ofEpochMilli(startMs) + "\n\n";
    }
}
