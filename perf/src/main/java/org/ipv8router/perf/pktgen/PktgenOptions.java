package org.ipv8router.perf.pktgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.L4PseudoHeader;

/**
 * The ipv8-pktgen command line: declares every option once (name, value, help line), parses argv into a
 * {@link PktgenConfig}, and renders --help. Every error is an IllegalArgumentException whose message names the
 * option and the bad value.
 */
public final class PktgenOptions
{
    private record Spec(String name, String value, String help, boolean repeatable, String group)
    {
    }

    private static final List<Spec> SPECS = List.of(
        new Spec("--src-asn", "RANGE", "source ASNs (r.r.r.r as a number), e.g. 64496-64511 [64496]", false, "flows"),
        new Spec("--src-host", "RANGE", "source hosts (n.n.n.n), e.g. 10.0.0.1-10.0.0.254 [10.0.0.1]", false, "flows"),
        new Spec("--dst-asn", "RANGE", "destination ASNs [64497]", false, "flows"),
        new Spec("--dst-host", "RANGE", "destination hosts [10.0.1.1]", false, "flows"),
        new Spec("--streams", "N", "1..65536 sequence spaces; a frame counts in stream (flow index mod N) [1]", false,
            "flows"),
        new Spec("--size", "SIZES", "frame size(s) in octets incl. FCS: 64..1518, a list 64,512,1518 (cycled) or " +
            "imix (64/594/1518 = 7:4:1) [64]", false, "frames"),
        new Spec("--jumbo", null, "allow frame sizes up to 9018", false, "frames"),
        new Spec("--ipv4-share", "PERCENT", "0..100 % of frames as IPv4 (r = 0, host parts only) [0]", false, "frames"),
        new Spec("--src-mac", "MAC", "Ethernet source [02:00:00:00:00:01]", false, "frames"),
        new Spec("--dst-mac", "MAC", "Ethernet destination, e.g. the router port's MAC [02:00:00:00:00:02]", false,
            "frames"),
        new Spec("--ethertype", "0xHHHH", "EtherType of IPv8 frames [0x8080]", false, "frames"),
        new Spec("--udp-ports", "SPORT,DPORT", "UDP ports [1024,9]", false, "frames"),
        new Spec("--ttl", "N", "IP time to live 1..255 [64]", false, "frames"),
        new Spec("--l4-pseudo-header", "MODE", "UDP checksum pseudo-header in IPv8: ipv4-compatible or full64 " +
            "[ipv4-compatible]", false, "frames"),
        new Spec("--rate", "RATE", "max (default), N pps, Nk / Nm (kpps, Mpps), or P% of the line rate", false, "rate"),
        new Spec("--line-rate-gbps", "G", "line rate for --rate P% (vdevs have none) [the port's link speed]", false,
            "rate"),
        new Spec("--duration", "SECONDS", "transmit for this long (decimals allowed) [10 unless --count]", false,
            "rate"),
        new Spec("--count", "N", "transmit N packets (with --duration: whichever ends first)", false, "rate"),
        new Spec("--burst", "N", "packets per burst 1..1024 [32]", false, "rate"),
        new Spec("--vdev", "ARGS", "an EAL virtual device, repeatable: net_ring0, net_null0, " +
            "net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap, net_memif0,role=client,socket=/run/m.sock, ...", true,
            "ports"),
        new Spec("--port", "NAME", "send and receive on this port (loopback, e.g. net_ring0)", false, "ports"),
        new Spec("--tx-port", "NAME", "send on this port [the first --vdev]", false, "ports"),
        new Spec("--rx-port", "NAME", "receive on this port [the transmit port]", false, "ports"),
        new Spec("--tx-only", null, "do not receive (e.g. net_null, or another process receives)", false, "ports"),
        new Spec("--rx-only", null, "only receive and count the probes of another sender (ipv8-pktgen --tx-only, a " +
            "replay) for --duration; loss = gaps, tail loss invisible", false, "ports"),
        new Spec("--rx-thread", null, "receive on a second thread [one thread interleaves tx and rx]", false, "ports"),
        new Spec("--lcore", "N", "EAL core for the dataplane thread [0]", false, "ports"),
        new Spec("--pci", null, "let DPDK probe PCI NICs (bound to vfio-pci); pass -a BDF with --eal", false, "ports"),
        new Spec("--no-huge", null, "run DPDK without hugepages (slower; automatic when none are free)", false,
            "ports"),
        new Spec("--eal", "ARGS", "further EAL arguments, space separated, e.g. '-a 0000:03:00.0'", true, "ports"),
        new Spec("--pool-size", "N", "mbufs in the pool [16383]", false, "ports"),
        new Spec("--drain-ms", "MS", "keep receiving this long after the last transmit [500]", false, "ports"),
        new Spec("--wait-link-ms", "MS", "wait up to MS for the ports' links before transmitting (memif, vhost " +
            "peers connect after start); exit 3 if they stay down [0: do not wait]", false, "ports"),
        new Spec("--json", null, "print the report as JSON instead of a table", false, "output"),
        new Spec("--hdr-log", "FILE", "write per-second latency histograms as an HdrHistogram log", false, "output"),
        new Spec("--quiet", null, "no progress line on stderr", false, "output"),
        new Spec("--max-loss", "PERCENT", "exit 1 if more than PERCENT of the sent packets are lost", false, "output"),
        new Spec("--pcap-out", "FILE", "write --count frames to a pcap instead of sending (no DPDK needed)", false,
            "output"),
        new Spec("--help", null, "this help", false, "output"));

    private PktgenOptions()
    {
    }

    /** Option names and their values in order; repeatable options keep every value. */
    static Map<String, List<String>> tokenize(final String[] args)
    {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            final int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            final String name = eq < 0 ? arg : arg.substring(0, eq);
            final Spec spec = SPECS.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (spec == null)
            {
                throw new IllegalArgumentException(arg.startsWith("-") ? "unknown option '" + name + "' (see --help)" :
                    "unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            if (values.containsKey(name) && !spec.repeatable())
            {
                throw new IllegalArgumentException("option '" + name + "' given more than once");
            }
            final String value;
            if (spec.value() == null)
            {
                if (eq >= 0)
                {
                    throw new IllegalArgumentException("option '" + name + "' takes no value (got '" + arg + "')");
                }
                value = "";
            }
            else if (eq >= 0)
            {
                value = arg.substring(eq + 1);
            }
            else
            {
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("option '" + name + "' needs a value <" + spec.value() + ">");
                }
                value = args[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    /** True if --help is among args (checked before anything else is validated). */
    public static boolean wantsHelp(final String[] args)
    {
        for (final String arg : args)
        {
            if (arg.equals("--help") || arg.equals("-h"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses argv.
     *
     * @throws IllegalArgumentException naming the offending option.
     */
    public static PktgenConfig parse(final String[] args)
    {
        final Map<String, List<String>> v = tokenize(args);
        final FlowSet defaults = FlowSet.defaults();
        final FlowSet flows = new FlowSet(
            has(v, "--src-asn") ? ValueRange.parseAsn("--src-asn", one(v, "--src-asn")) : defaults.srcAsn(),
            has(v, "--src-host") ? ValueRange.parseHost("--src-host", one(v, "--src-host")) : defaults.srcHost(),
            has(v, "--dst-asn") ? ValueRange.parseAsn("--dst-asn", one(v, "--dst-asn")) : defaults.dstAsn(),
            has(v, "--dst-host") ? ValueRange.parseHost("--dst-host", one(v, "--dst-host")) : defaults.dstHost());
        final FrameSizes sizes = FrameSizes.parse(has(v, "--size") ? one(v, "--size") : "64", has(v, "--jumbo"));
        final int ipv4Share = (int)longValue(v, "--ipv4-share", 0, 0, 100);
        final int streams = (int)longValue(v, "--streams", 1, 1, Probe.MAX_STREAMS);
        final long srcMac = has(v, "--src-mac") ? mac("--src-mac", one(v, "--src-mac")) :
            TrafficProfile.DEFAULT_SOURCE_MAC;
        final long dstMac = has(v, "--dst-mac") ? mac("--dst-mac", one(v, "--dst-mac")) :
            TrafficProfile.DEFAULT_DESTINATION_MAC;
        final int etherType = has(v, "--ethertype") ? etherType(one(v, "--ethertype")) : 0x8080;
        int sport = TrafficProfile.DEFAULT_SOURCE_PORT;
        int dport = TrafficProfile.DEFAULT_DESTINATION_PORT;
        if (has(v, "--udp-ports"))
        {
            final String[] ports = one(v, "--udp-ports").split(",");
            if (ports.length != 2)
            {
                throw new IllegalArgumentException("--udp-ports: want SPORT,DPORT, got '" + one(v, "--udp-ports") +
                    "'");
            }
            sport = (int)parseLong("--udp-ports", ports[0].trim(), 0, 65535);
            dport = (int)parseLong("--udp-ports", ports[1].trim(), 0, 65535);
        }
        final int ttl = (int)longValue(v, "--ttl", 64, 1, 255);
        final L4PseudoHeader pseudo;
        try
        {
            pseudo = has(v, "--l4-pseudo-header") ?
                L4PseudoHeader.fromConfigName(one(v, "--l4-pseudo-header")) : L4PseudoHeader.IPV4_COMPATIBLE;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--l4-pseudo-header: " + ex.getMessage());
        }
        final TrafficProfile profile = new TrafficProfile(flows, sizes, ipv4Share, streams, srcMac, dstMac, etherType,
            sport, dport, ttl, pseudo);

        double rate = RatePacer.UNLIMITED;
        double linePercent = 0;
        if (has(v, "--rate"))
        {
            final String text = one(v, "--rate").trim().toLowerCase(Locale.ROOT);
            if (text.endsWith("%"))
            {
                linePercent = parseDouble("--rate", text.substring(0, text.length() - 1));
                if (linePercent <= 0 || linePercent > 100)
                {
                    throw new IllegalArgumentException("--rate: a line-rate share must be in (0, 100]%, got " + text);
                }
            }
            else if (!text.equals("max") && !text.equals("unlimited"))
            {
                double factor = 1;
                String number = text.endsWith("pps") ? text.substring(0, text.length() - 3) : text;
                if (number.endsWith("k"))
                {
                    factor = 1e3;
                    number = number.substring(0, number.length() - 1);
                }
                else if (number.endsWith("m"))
                {
                    factor = 1e6;
                    number = number.substring(0, number.length() - 1);
                }
                rate = parseDouble("--rate", number) * factor;
                if (rate <= 0)
                {
                    throw new IllegalArgumentException("--rate: must be positive, got " + text);
                }
            }
        }
        final double lineRateGbps = has(v, "--line-rate-gbps") ? parseDouble("--line-rate-gbps",
            one(v, "--line-rate-gbps")) : 0;
        if (lineRateGbps < 0)
        {
            throw new IllegalArgumentException("--line-rate-gbps: must be positive, got " + lineRateGbps);
        }

        final long count = has(v, "--count") ? parseLong("--count", one(v, "--count"), 1, Long.MAX_VALUE - 1) :
            Long.MAX_VALUE;
        long durationNs = 0;
        if (has(v, "--duration"))
        {
            final double seconds = parseDouble("--duration", one(v, "--duration"));
            if (seconds <= 0)
            {
                throw new IllegalArgumentException("--duration: must be positive seconds, got " + seconds);
            }
            durationNs = (long)(seconds * 1e9);
        }
        else if (count == Long.MAX_VALUE)
        {
            durationNs = 10_000_000_000L;
        }
        final int burst = (int)longValue(v, "--burst", 32, 1, 1024);

        final List<String> vdevs = v.getOrDefault("--vdev", List.of());
        String txPort = has(v, "--tx-port") ? one(v, "--tx-port") : null;
        String rxPort = has(v, "--rx-port") ? one(v, "--rx-port") : null;
        if (has(v, "--port"))
        {
            if (txPort != null || rxPort != null)
            {
                throw new IllegalArgumentException("--port sets both directions: give it alone, or --tx-port and " +
                    "--rx-port");
            }
            txPort = one(v, "--port");
            rxPort = txPort;
        }
        final List<String> eal = new ArrayList<>();
        for (final String words : v.getOrDefault("--eal", List.of()))
        {
            for (final String word : words.trim().split("\\s+"))
            {
                if (!word.isEmpty())
                {
                    eal.add(word);
                }
            }
        }
        final Path pcapOut = has(v, "--pcap-out") ? Path.of(one(v, "--pcap-out")) : null;
        if (pcapOut != null && count == Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("--pcap-out needs --count N (how many frames to write)");
        }
        if (pcapOut == null && vdevs.isEmpty() && txPort == null)
        {
            throw new IllegalArgumentException("no port: give --vdev (e.g. --vdev net_ring0) and/or --port / " +
                "--tx-port, or --pcap-out FILE --count N to write a pcap");
        }
        if (has(v, "--rx-only") && (has(v, "--tx-only") || pcapOut != null || has(v, "--count")))
        {
            throw new IllegalArgumentException("--rx-only receives for --duration: it cannot be combined with " +
                "--tx-only, --pcap-out or --count");
        }
        return new PktgenConfig(profile, rate, linePercent, lineRateGbps, durationNs, count, burst, vdevs, txPort,
            rxPort, has(v, "--tx-only"), has(v, "--rx-only"), (int)longValue(v, "--lcore", 0, 0, 1023),
            has(v, "--rx-thread"),
            has(v, "--pci"), has(v, "--no-huge"), eal, (int)longValue(v, "--pool-size", 16383, 1023, 1 << 24),
            longValue(v, "--drain-ms", 500, 0, 600_000) * 1_000_000L,
            longValue(v, "--wait-link-ms", 0, 0, 600_000) * 1_000_000L, has(v, "--json"),
            has(v, "--hdr-log") ? Path.of(one(v, "--hdr-log")) : null, !has(v, "--quiet"),
            has(v, "--max-loss") ? parseDouble("--max-loss", one(v, "--max-loss")) : -1, pcapOut);
    }

    private static boolean has(final Map<String, List<String>> v, final String name)
    {
        return v.containsKey(name);
    }

    private static String one(final Map<String, List<String>> v, final String name)
    {
        return v.get(name).getFirst();
    }

    private static long longValue(final Map<String, List<String>> v, final String name, final long defaultValue,
        final long min, final long max)
    {
        return has(v, name) ? parseLong(name, one(v, name), min, max) : defaultValue;
    }

    private static long parseLong(final String name, final String text, final long min, final long max)
    {
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + ": '" + text + "' is not an integer");
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static double parseDouble(final String name, final String text)
    {
        try
        {
            final double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value))
            {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a number");
        }
    }

    private static long mac(final String name, final String text)
    {
        try
        {
            return EthernetFrame.parseMac(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(name + ": " + ex.getMessage());
        }
    }

    private static int etherType(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        try
        {
            return Integer.parseInt(t.startsWith("0x") ? t.substring(2) : t, 16);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--ethertype: '" + text + "' is not a hex EtherType such as 0x8080");
        }
    }

    /** The --help text: every option with its default, then examples and exit codes. */
    public static String help()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("""
            usage: ipv8-pktgen [options]

            IPv8/IPv4 load generator on DPDK: sends UDP frames over ranges of ASNs and hosts at a set rate, receives
            them back (after a router, or on a loopback vdev) and reports loss, reordering, duplicates and latency
            (p50/p99/p99.9/max) from the probe header in each payload. Frame sizes count the FCS (RFC 2544).
            Defaults in [brackets].
            """);
        String group = "";
        for (final Spec spec : SPECS)
        {
            if (!spec.group().equals(group))
            {
                group = spec.group();
                sb.append('\n').append(group).append(":\n");
            }
            final String left = "  " + spec.name() + (spec.value() != null ? " " + spec.value() : "");
            sb.append(left);
            sb.append(" ".repeat(Math.max(1, 30 - left.length()))).append(spec.help());
            if (spec.repeatable())
            {
                sb.append(" (repeatable)");
            }
            sb.append('\n');
        }
        sb.append("""

            examples:
              # loopback on one net_ring vdev: 1 M packets, 64-octet IPv8, as fast as possible
              ipv8-pktgen --vdev net_ring0 --count 1000000
              # 16 x 254 sources to 16 x 254 destinations, IMIX, 10 % IPv4, 50 % of 10 Gbit/s for 30 s, JSON
              ipv8-pktgen --vdev net_ring0 --src-asn 64496-64511 --src-host 10.0.0.1-10.0.0.254 \\
                  --dst-asn 64512-64527 --dst-host 10.1.0.1-10.1.0.254 --size imix --ipv4-share 10 \\
                  --rate 50% --line-rate-gbps 10 --duration 30 --json --hdr-log latency.hlog
              # through a router on two memif links (router is the memif server on both sockets)
              ipv8-pktgen --vdev net_memif0,role=client,socket=/run/ipv8/a.sock \\
                  --vdev net_memif1,role=client,socket=/run/ipv8/b.sock \\
                  --tx-port net_memif0 --rx-port net_memif1 --dst-mac 02:00:00:00:0a:01 --rate 1m --duration 10
              # a real NIC pair bound to vfio-pci
              ipv8-pktgen --pci --eal '-a 0000:03:00.0 -a 0000:03:00.1' --tx-port 0000:03:00.0 \\
                  --rx-port 0000:03:00.1 --rate 100% --size 64
              # write 10000 IMIX frames for tcpreplay, pktgen-dpdk or net_pcap replay (no DPDK needed)
              ipv8-pktgen --pcap-out ipv8-imix.pcap --count 10000 --size imix --src-host 10.0.0.1-10.0.0.100

            exit codes: 0 done, 1 loss above --max-loss, 2 bad options, 3 DPDK or port unavailable,
                        4 run-time failure (I/O, DPDK error during the run)
            """);
        return sb.toString();
    }
}
