package org.ipv8router.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.concurrent.SystemNanoClock;
import org.ipv8router.config.ConfigException;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.ConfigParser;
import org.ipv8router.config.RouterBuilder;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.counters.DropReasons;
import org.ipv8router.dataplane.counters.NodeCounters;
import org.ipv8router.dataplane.counters.PortCounters;
import org.ipv8router.dataplane.fib.Dir24_8;
import org.ipv8router.dataplane.forward.Router;
import org.ipv8router.dataplane.forward.RouterSpec;
import org.ipv8router.dataplane.graph.Graph;
import org.ipv8router.dataplane.packet.SlabPacketPool;
import org.ipv8router.dataplane.port.PcapPort;
import org.ipv8router.dataplane.port.Port;
import org.ipv8router.pcap.PcapWriter;

/**
 * {@code ipv8 pcap-forward}: runs the real forwarding pipeline offline over pcap files, so an operator can test a
 * router config against captured traffic. Each {@code --in NAME=FILE} is the ingress of interface NAME (every
 * frame is taken as received, whatever its destination MAC); the egress of every interface is written to
 * {@code DIR/<name>.pcap} and frames for the control plane to {@code DIR/punt.pcap}. Static neighbours
 * ({@code ipv8 neighbor <addr> <mac> ipv8|ipv4}) stand in for ARP8; unknown neighbours are probed (the ARP8/ARP4
 * requests appear in the egress pcap), and at the end of input the run lets their probes time out, so what they
 * held is dropped as {@code neighbor_unresolved} (ICMP host unreachable to the source). Prints per-port, per-node
 * and per-drop-reason counts.
 */
public final class PcapForwardCommand implements Command
{
    private final OptionParser parser = new OptionParser()
        .option("--config", "-c", "FILE", "router configuration (spec section 8 grammar)")
        .repeatableOption("--in", "-i", "NAME=PCAP", "ingress of interface NAME read from PCAP (repeatable)")
        .option("--out-dir", "-o", "DIR", "where <interface>.pcap and punt.pcap are written (created)")
        .flag("--json", "-j", "print the counters as one JSON object");

    @Override
    public String name()
    {
        return "pcap-forward";
    }

    @Override
    public String summary()
    {
        return "forward pcap input through the real pipeline with a router config; egress and punt as pcaps";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 pcap-forward " + parser.synopsis() + "\n\n" +
            "Runs the IPv8 forwarding pipeline over pcap files: each --in NAME=FILE is read as the ingress of\n" +
            "interface NAME; the egress of every interface goes to DIR/<name>.pcap and punted frames (for the\n" +
            "router itself) to DIR/punt.pcap. Static neighbours stand in for ARP8; unanswered neighbours time out\n" +
            "at the end of input. Prints the counters: per port, per graph node, per drop reason.\n\n" +
            parser.help();
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        final String configFile = options.value("--config", null);
        final String outDir = options.value("--out-dir", null);
        if (configFile == null)
        {
            throw new UsageException("missing --config FILE");
        }
        if (outDir == null)
        {
            throw new UsageException("missing --out-dir DIR");
        }
        final RouterConfig config;
        try
        {
            config = ConfigParser.parse(Path.of(configFile));
        }
        catch (final ConfigException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.FAILURE;
        }
        catch (final IOException ex)
        {
            err.println("ipv8 pcap-forward: cannot read config " + configFile + ": " + ex.getMessage());
            return ExitCode.FAILURE;
        }
        final Map<String, Path> inputs = new LinkedHashMap<>();
        for (final String in : options.values("--in"))
        {
            final int eq = in.indexOf('=');
            if (eq <= 0 || eq == in.length() - 1)
            {
                throw new UsageException("--in needs NAME=PCAP, got '" + in + "'");
            }
            final String name = in.substring(0, eq);
            if (config.findInterface(name) == null)
            {
                err.println("ipv8 pcap-forward: --in " + in + ": " + configFile + " has no interface '" + name + "'");
                return ExitCode.FAILURE;
            }
            if (inputs.put(name, Path.of(in.substring(eq + 1))) != null)
            {
                throw new UsageException("--in given twice for interface '" + name + "'");
            }
        }
        for (final String warning : RouterBuilder.warnings(config))
        {
            err.println("ipv8 pcap-forward: warning: " + warning);
        }
        try
        {
            return forward(config, inputs, Path.of(outDir), options.has("--json"), out, err);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("ipv8 pcap-forward: " + ex.getMessage());
            return ExitCode.FAILURE;
        }
    }

    private int forward(
        final RouterConfig config,
        final Map<String, Path> inputs,
        final Path dir,
        final boolean json,
        final PrintStream out,
        final PrintStream err) throws IOException
    {
        Files.createDirectories(dir);
        final RouterSpec spec = RouterBuilder.builder(config, Dir24_8.Layout.DIR_16_8_8)
            .acceptAnyDestinationMac(true) // a capture holds frames as seen on the wire, for any MAC
            .build();
        final List<Port> ports = new ArrayList<>();
        try (DataplaneCounters counters = DataplaneCounters.inMemory(4096);
            SlabPacketPool pool = new SlabPacketPool("pcap-forward", 8192);
            PcapWriter punt = PcapWriter.create(dir.resolve("punt.pcap")))
        {
            try
            {
                int index = 0;
                for (final InterfaceConfig i : config.interfaces())
                {
                    ports.add(PcapPort.open(i.name(), index, pool, inputs.get(i.name()),
                        dir.resolve(i.name() + ".pcap"), counters.newPortCounters(index, i.name())));
                    index++;
                }
                final Router router;
                try
                {
                    router = Router.create(spec, ports, counters, new SystemNanoClock());
                }
                catch (final IllegalArgumentException ex)
                {
                    err.println("ipv8 pcap-forward: " + config.source() + ": " + ex.getMessage());
                    return ExitCode.FAILURE;
                }
                // Offline there is no peer and no hello: each pair answers its own VIP (virtual MAC), never the peer's.
                for (int p = 0; p < router.interfaces().size(); p++)
                {
                    if (router.gatewayPairs().activeOn(p))
                    {
                        router.gatewayPairs().ownActive(p, true);
                        err.println("ipv8 pcap-forward: note: interface " + router.interfaces().name(p) +
                            ": gateway pair runs offline without hellos (own VIP answered with " +
                            org.ipv8router.wire.EthernetFrame.formatMac(router.gatewayPairs().ownMac(p)) +
                            ", no takeover)");
                    }
                }
                final long[] punted = {0};
                router.runToEndOfInput((port, buffer, offset, length) ->
                {
                    try
                    {
                        punt.write(buffer, offset, length, System.currentTimeMillis() * 1_000_000L);
                        punted[0]++;
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                });
                for (final Port port : ports)
                {
                    port.close();
                }
                ports.clear();
                report(router, config, dir, punted[0], json, out);
                router.close();
                return ExitCode.OK;
            }
            finally
            {
                for (final Port port : ports)
                {
                    port.close();
                }
            }
        }
    }

    private static void report(
        final Router router,
        final RouterConfig config,
        final Path dir,
        final long punted,
        final boolean json,
        final PrintStream out)
    {
        final Graph graph = router.graph();
        final DropReasons drops = router.counters().dropReasons();
        if (json)
        {
            final ObjectNode root = Json.object();
            final ObjectNode portsNode = root.putObject("ports");
            for (final Port port : router.ports())
            {
                final PortCounters c = port.counters();
                portsNode.putObject(port.name())
                    .put("rx_packets", c.rxPackets()).put("rx_bytes", c.rxBytes()).put("rx_drops", c.rxDrops())
                    .put("tx_packets", c.txPackets()).put("tx_bytes", c.txBytes()).put("tx_drops", c.txDrops())
                    .put("pcap", dir.resolve(port.name() + ".pcap").toString());
            }
            final ObjectNode nodes = root.putObject("nodes");
            for (int n = 0; n < graph.nodeCount(); n++)
            {
                final NodeCounters c = graph.nodeCounters(n);
                nodes.putObject(graph.node(n).name()).put("packets", c.packets()).put("vectors", c.vectors());
            }
            final ObjectNode reasons = root.putObject("drops");
            long total = 0;
            for (int code = 0; code < DropReasons.MAX_CODES; code++)
            {
                final long count = drops.count(code);
                if (count > 0)
                {
                    reasons.put(drops.name(code), count);
                    total += count;
                }
            }
            root.put("dropped", total);
            final ObjectNode neighbors = root.putObject("neighbors");
            final org.agrona.concurrent.status.CountersReader reader = router.counters().reader();
            reader.forEach((id, typeId, key, label) ->
            {
                if (label.startsWith("neighbor "))
                {
                    final String[] parts = label.split(" ");
                    final ObjectNode iface = neighbors.has(parts[1]) ?
                        (ObjectNode)neighbors.get(parts[1]) : neighbors.putObject(parts[1]);
                    iface.put(parts[2], reader.getCounterValue(id));
                }
            });
            root.putObject("icmp_errors")
                .put("sent", counter(router, "icmp-error sent"))
                .put("suppressed", counter(router, "icmp-error suppressed"));
            root.put("punted", punted);
            root.put("punt_pcap", dir.resolve("punt.pcap").toString());
            root.put("config", config.source());
            Json.print(out, root);
            return;
        }
        out.println("ports:");
        for (final Port port : router.ports())
        {
            final PortCounters c = port.counters();
            out.printf("  %-12s rx %d (%d octets, %d dropped)  tx %d (%d octets, %d dropped)  -> %s%n", port.name(),
                c.rxPackets(), c.rxBytes(), c.rxDrops(), c.txPackets(), c.txBytes(), c.txDrops(),
                dir.resolve(port.name() + ".pcap"));
        }
        out.println("nodes (packets):");
        for (int n = 0; n < graph.nodeCount(); n++)
        {
            final long packets = graph.nodeCounters(n).packets();
            if (packets > 0)
            {
                out.printf("  %-20s %d%n", graph.node(n).name(), packets);
            }
        }
        out.println("drops:");
        boolean any = false;
        for (int code = 0; code < DropReasons.MAX_CODES; code++)
        {
            final long count = drops.count(code);
            if (count > 0)
            {
                out.printf("  %-32s %d%n", drops.name(code), count);
                any = true;
            }
        }
        if (!any)
        {
            out.println("  (none)");
        }
        out.println("neighbors:");
        final org.agrona.concurrent.status.CountersReader reader = router.counters().reader();
        reader.forEach((id, typeId, key, label) ->
        {
            final long value = reader.getCounterValue(id);
            if (label.startsWith("neighbor ") && value > 0)
            {
                out.printf("  %-40s %d%n", label.substring("neighbor ".length()), value);
            }
        });
        out.printf("icmp errors: %d sent, %d suppressed%n", counter(router, "icmp-error sent"),
            counter(router, "icmp-error suppressed"));
        out.printf("punted: %d -> %s%n", punted, dir.resolve("punt.pcap"));
    }

    private static long counter(final Router router, final String label)
    {
        final org.agrona.concurrent.status.CountersReader reader = router.counters().reader();
        final long[] value = {0};
        reader.forEach((id, typeId, key, l) ->
        {
            if (l.equals(label))
            {
                value[0] = reader.getCounterValue(id);
            }
        });
        return value[0];
    }
}
