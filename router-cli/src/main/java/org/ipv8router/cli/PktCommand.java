package org.ipv8router.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.pcap.PcapReader;
import org.ipv8router.pcap.PcapWriter;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.L4PseudoHeader;
import org.ipv8router.wire.WireProfile;

/**
 * {@code ipv8 pkt build ...} and {@code ipv8 pkt decode ...}: build one Ethernet frame holding an IPv8 (or IPv4)
 * packet, print it as hex or append it to a pcap; decode frames from hex or a pcap into their fields, with the
 * router's own receive validation giving each frame's verdict. Other tools' tests drive these: the option names
 * and the JSON keys are stable.
 */
public final class PktCommand implements Command
{
    private final OptionParser buildParser = new OptionParser()
        .option("--src", null, "ADDR", "source address (ASN dot, full dotted or IPv4)")
        .option("--dst", null, "ADDR", "destination address")
        .option("--proto", null, "N", "IP protocol number 0..255 (implied by --icmp-echo and --udp)")
        .option("--ttl", null, "N", "time to live 0..255 (default 64)")
        .option("--id", null, "N", "identification 0..65535 (default 0)")
        .flag("--df", null, "set Don't Fragment")
        .option("--tos", null, "N", "type of service 0..255 (default 0)")
        .option("--payload", null, "HEX", "payload octets in hex (ICMP echo data, UDP data, or the raw L4 payload)")
        .option("--icmp-echo", null, "ID,SEQ", "make an ICMPv8 echo request with this identifier and sequence")
        .option("--udp", null, "SPORT,DPORT", "make a UDP datagram with these ports (checksum computed)")
        .flag("--no-udp-checksum", null, "leave the UDP checksum 0")
        .option("--l4-pseudo-header", null, "MODE", "UDP checksum pseudo-header: ipv4-compatible (default) or full64")
        .option("--ethertype", null, "0xHHHH", "EtherType of the frame (default 0x8080 for IPv8, 0x0800 with --ipv4)")
        .option("--vlan", null, "N", "add an 802.1Q tag with VLAN id 0..4095")
        .option("--smac", null, "MAC", "source MAC (default 02:00:00:00:00:01)")
        .option("--dmac", null, "MAC", "destination MAC (default 02:00:00:00:00:02)")
        .option("--pcap", null, "FILE", "append the frame to this pcap (created if missing) instead of printing hex")
        .flag("--ipv4", null, "build an IPv4 packet (both addresses must have r = 0)")
        .positional("build", "the action");

    private final OptionParser decodeParser = new OptionParser()
        .option("--pcap", null, "FILE", "decode every frame of this pcap")
        .flag("--json", "-j", "print one JSON object per frame, one per line")
        .option("--ethertype", null, "0xHHHH", "EtherType of native IPv8 frames (default 0x8080)")
        .positional("decode", "the action")
        .optionalPositional("HEX", "one frame in hex (spaces and colons allowed inside quotes)");

    @Override
    public String name()
    {
        return "pkt";
    }

    @Override
    public String summary()
    {
        return "build an IPv8/IPv4 frame as hex or into a pcap, or decode frames with the router's validation";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 pkt build --src ADDR --dst ADDR [options]\n" +
            "       ipv8 pkt decode [HEX | --pcap FILE] [--json]\n\n" +
            "build: one Ethernet frame holding an IPv8 packet (28-octet header, RFC 1071 checksum), or an IPv4\n" +
            "packet with --ipv4; printed as one line of hex, or appended to a pcap with --pcap.\n" +
            buildParser.help() + "\n" +
            "decode: each frame's fields (Ethernet, IPv8/IPv4 header, ICMP/UDP, ARP/ARP8) and the verdict of the\n" +
            "router's receive validation (spec 2.5). Exits 1 if any frame is invalid, printing its drop reason.\n" +
            decodeParser.help() + "\n" +
            "examples:\n" +
            "  ipv8 pkt build --src 64496.192.0.2.1 --dst 64497.198.51.100.7 --icmp-echo 1,1\n" +
            "  ipv8 pkt build --src 64496.10.0.0.1 --dst 8.8.8.8 --udp 40000,53 --payload 68656c6c6f --pcap out.pcap\n" +
            "  ipv8 pkt decode --json 020000000002020000000001808087000024...\n" +
            "  ipv8 pkt decode --pcap out.pcap\n";
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        if (args.isEmpty())
        {
            throw new UsageException("missing action: expected 'build' or 'decode'");
        }
        return switch (args.get(0))
        {
            case "build" -> build(buildParser.parse(args), out, err);
            case "decode" -> decode(decodeParser.parse(args), out, err);
            default -> throw new UsageException("unknown action '" + args.get(0) + "': expected 'build' or 'decode'");
        };
    }

    // ------------------------------------------------------------------------------------------------------

    private static int build(final OptionParser.ParsedOptions options, final PrintStream out, final PrintStream err)
        throws UsageException
    {
        final PacketBuilder builder = new PacketBuilder();
        try
        {
            builder.source = Ipv8Address.parse(required(options, "--src"));
            builder.destination = Ipv8Address.parse(required(options, "--dst"));
            builder.protocol = options.intValue("--proto", -1, 0, 255);
            builder.ttl = options.intValue("--ttl", builder.ttl, 0, 255);
            builder.identification = options.intValue("--id", 0, 0, 0xFFFF);
            builder.dontFragment = options.has("--df");
            builder.tos = options.intValue("--tos", 0, 0, 255);
            builder.payload = hex("--payload", options.value("--payload", ""));
            builder.ipv4 = options.has("--ipv4");
            final String echo = options.value("--icmp-echo", null);
            if (echo != null)
            {
                final int[] pair = pair("--icmp-echo", echo);
                builder.icmpEcho = true;
                builder.icmpIdentifier = pair[0];
                builder.icmpSequence = pair[1];
            }
            final String udp = options.value("--udp", null);
            if (udp != null)
            {
                final int[] pair = pair("--udp", udp);
                builder.udp = true;
                builder.udpSourcePort = pair[0];
                builder.udpDestinationPort = pair[1];
            }
            builder.udpChecksum = !options.has("--no-udp-checksum");
            final String mode = options.value("--l4-pseudo-header", null);
            if (mode != null)
            {
                builder.pseudoHeader = L4PseudoHeader.fromConfigName(mode);
            }
            final String etherType = options.value("--ethertype", null);
            if (etherType != null)
            {
                builder.etherType = etherType(etherType);
            }
            builder.vlanId = options.intValue("--vlan", -1, 0, 4095);
            builder.sourceMac = mac("--smac", options.value("--smac", null), builder.sourceMac);
            builder.destinationMac = mac("--dmac", options.value("--dmac", null), builder.destinationMac);

            final byte[] frame = builder.build();
            final String pcap = options.value("--pcap", null);
            if (pcap == null)
            {
                out.println(HexFormat.of().formatHex(frame));
            }
            else
            {
                try (PcapWriter writer = PcapWriter.append(Path.of(pcap)))
                {
                    writer.write(frame, System.currentTimeMillis() * 1_000_000L);
                }
            }
            return ExitCode.OK;
        }
        catch (final IllegalArgumentException | IOException e)
        {
            err.println("ipv8 pkt build: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    private static int decode(final OptionParser.ParsedOptions options, final PrintStream out, final PrintStream err)
        throws UsageException
    {
        final String hexText = options.positional(1, null);
        final String pcap = options.value("--pcap", null);
        if ((hexText == null) == (pcap == null))
        {
            throw new UsageException("give exactly one of HEX or --pcap FILE");
        }
        final boolean json = options.has("--json");
        try
        {
            WireProfile profile = WireProfile.DEFAULT;
            final String etherType = options.value("--ethertype", null);
            if (etherType != null)
            {
                profile = profile.withIpv8EtherType(etherType(etherType));
            }
            final PacketDecoder decoder = new PacketDecoder(profile);
            final List<byte[]> frames = new ArrayList<>();
            if (pcap != null)
            {
                try (PcapReader reader = PcapReader.open(Path.of(pcap)))
                {
                    while (reader.next())
                    {
                        final byte[] frame = new byte[reader.capturedLength()];
                        reader.recordBuffer().getBytes(reader.recordOffset(), frame);
                        frames.add(frame);
                    }
                }
            }
            else
            {
                frames.add(hex("HEX", hexText));
            }

            int invalid = 0;
            for (int i = 0; i < frames.size(); i++)
            {
                final ObjectNode node = decoder.decode(frames.get(i));
                node.put("frame", i + 1);
                if (!node.get("valid").asBoolean())
                {
                    invalid++;
                }
                if (json)
                {
                    Json.printLine(out, node);
                }
                else
                {
                    printText(node, out);
                }
            }
            return invalid == 0 ? ExitCode.OK : ExitCode.FAILURE;
        }
        catch (final IllegalArgumentException | IOException e)
        {
            err.println("ipv8 pkt decode: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    private static void printText(final ObjectNode node, final PrintStream out)
    {
        out.println("frame " + node.get("frame").asInt() + " (" + node.get("length").asInt() + " octets)");
        for (final Map.Entry<String, JsonNode> field : node.properties())
        {
            final String key = field.getKey();
            if (key.equals("frame") || key.equals("length"))
            {
                continue;
            }
            final JsonNode value = field.getValue();
            if (value.isObject())
            {
                for (final Map.Entry<String, JsonNode> inner : value.properties())
                {
                    out.printf("  %-18s %s%n", key + "." + inner.getKey(), inner.getValue().asText());
                }
            }
            else
            {
                out.printf("  %-18s %s%n", key, value.isNull() ? "-" : value.asText());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------

    private static String required(final OptionParser.ParsedOptions options, final String name) throws UsageException
    {
        final String value = options.value(name, null);
        if (value == null)
        {
            throw new UsageException("missing required option " + name);
        }
        return value;
    }

    /** Hex octets; spaces, colons and a leading 0x are ignored. */
    static byte[] hex(final String what, final String text)
    {
        String clean = text.replaceAll("[\\s:]", "");
        if (clean.startsWith("0x") || clean.startsWith("0X"))
        {
            clean = clean.substring(2);
        }
        if ((clean.length() & 1) != 0)
        {
            throw new IllegalArgumentException(what + ": odd number of hex digits (" + clean.length() + ")");
        }
        try
        {
            return HexFormat.of().parseHex(clean);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(what + ": not hex: " + e.getMessage());
        }
    }

    private static int[] pair(final String option, final String text)
    {
        final String[] parts = text.split(",", -1);
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,5}") || !parts[1].matches("[0-9]{1,5}"))
        {
            throw new IllegalArgumentException(option + " expects two numbers 0..65535 as A,B, got '" + text + "'");
        }
        final int a = Integer.parseInt(parts[0]);
        final int b = Integer.parseInt(parts[1]);
        if (a > 0xFFFF || b > 0xFFFF)
        {
            throw new IllegalArgumentException(option + " values must be 0..65535, got '" + text + "'");
        }
        return new int[] {a, b};
    }

    private static int etherType(final String text)
    {
        if (!text.matches("0[xX][0-9a-fA-F]{1,4}"))
        {
            throw new IllegalArgumentException("--ethertype expects 0xHHHH, got '" + text + "'");
        }
        return Integer.parseInt(text.substring(2), 16);
    }

    private static long mac(final String option, final String text, final long defaultValue)
    {
        if (text == null)
        {
            return defaultValue;
        }
        try
        {
            return EthernetFrame.parseMac(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
