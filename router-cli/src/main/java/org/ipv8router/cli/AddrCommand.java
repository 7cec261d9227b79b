package org.ipv8router.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.wire.AddressClass;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8AddressFormatException;
import org.ipv8router.wire.Ipv8Prefix;
import org.ipv8router.wire.SpecialUse;

/**
 * {@code ipv8 addr <address|prefix>}: every notation of an IPv8 address, its ASN, r and n, its class and
 * special-use ranges; for a prefix both prefix notations and the /16 rule verdict. Text or {@code --json}.
 */
public final class AddrCommand implements Command
{
    private static final String JSON = "--json";
    private static final String HYPHEN = "--hyphen";
    private static final int LABEL_WIDTH = 15;

    private final OptionParser parser = new OptionParser()
        .flag(JSON, "-j", "print one JSON object (snake_case keys) instead of text")
        .flag(HYPHEN, null, "also accept the later revision's hyphen form <RN>-<LA>, e.g. 64496-192.0.2.1")
        .positional("address|prefix", "in ASN dot, full dotted or IPv4 notation; a prefix has a '/<length>'");

    @Override
    public String name()
    {
        return "addr";
    }

    @Override
    public String summary()
    {
        return "show the notations, class and special-use ranges of an IPv8 address or prefix";
    }

    @Override
    public String usage()
    {
        return "usage: ipv8 addr " + parser.synopsis() + "\n\n" +
            "Prints every notation of an IPv8 address (full dotted, ASN dot, hex, IPv4 n.n.n.n, hyphen form),\n" +
            "its ASN, r and n, its class and every special-use range it falls in. For a prefix (with '/'),\n" +
            "prints both prefix notations, its range, and whether an external (eBGP8) peer may inject it\n" +
            "(the /16 minimum: 64-bit length 32..48). Parsing is strict: decimal only, no leading zeros,\n" +
            "4, 5 or 8 dot-separated parts (RFC 5396 asdot is not accepted).\n\n" +
            "notations:\n" +
            "  64496.192.0.2.1            ASN dot (asplain ASN 0..4294967295 and n.n.n.n)\n" +
            "  0.0.251.240.192.0.2.1      full dotted r.r.r.r.n.n.n.n\n" +
            "  192.0.2.1                  IPv4, r = 0\n" +
            "  64496.192.0.2.0/24         prefix in ASN dot: the length counts host-part bits (0..32)\n" +
            "  0.0.251.240.192.0.2.0/56   prefix in full dotted: the length counts all 64 bits\n\n" +
            parser.help() + "\n" +
            "examples:\n" +
            "  ipv8 addr 64496.192.0.2.1\n" +
            "  ipv8 addr --json 255.255.0.0.224.0.0.1\n" +
            "  ipv8 addr 64496.192.0.2.0/24\n";
    }

    @Override
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws UsageException
    {
        final OptionParser.ParsedOptions options = parser.parse(args);
        final String input = options.positional(0, "");
        final boolean json = options.has(JSON);
        final boolean hyphen = options.has(HYPHEN);
        try
        {
            if (input.indexOf('/') >= 0)
            {
                final Ipv8Prefix prefix = Ipv8Prefix.parse(input, hyphen);
                if (json)
                {
                    Json.print(out, prefixJson(input, prefix));
                }
                else
                {
                    printPrefix(out, prefix);
                }
            }
            else
            {
                final long address = Ipv8Address.parse(input, hyphen);
                if (json)
                {
                    Json.print(out, addressJson(input, address));
                }
                else
                {
                    printAddress(out, address);
                }
            }
            return ExitCode.OK;
        }
        catch (final Ipv8AddressFormatException e)
        {
            err.println("ipv8 addr: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Address
    // ------------------------------------------------------------------------------------------------

    private static void printAddress(final PrintStream out, final long address)
    {
        final AddressClass addressClass = Ipv8Address.classify(address);
        row(out, "address", Ipv8Address.toString(address));
        row(out, "full dotted", Ipv8Address.toFullDotted(address));
        row(out, "ASN dot", Ipv8Address.toAsnDot(address));
        row(out, "hex", Ipv8Address.toHex(address));
        row(out, "IPv4 n.n.n.n", Ipv8Address.toIpv4(Ipv8Address.host(address)) +
            (Ipv8Address.isIpv4Compatible(address) ? "" : " (host part only; r is not 0)"));
        row(out, "hyphen form", Ipv8Address.toHyphen(address));
        row(out, "ASN", Long.toString(Ipv8Address.asn(address)));
        row(out, "r", Ipv8Address.toIpv4(Ipv8Address.routingPrefix(address)));
        row(out, "n", Ipv8Address.toIpv4(Ipv8Address.host(address)));
        row(out, "class", addressClass.label() + " (" + addressClass.scope() + ")");
        rows(out, "special use", labels(Ipv8Address.specialUseBits(address)));
    }

    private static ObjectNode addressJson(final String input, final long address)
    {
        final AddressClass addressClass = Ipv8Address.classify(address);
        final long bits = Ipv8Address.specialUseBits(address);
        final ObjectNode node = Json.object();
        node.put("kind", "address");
        node.put("input", input);
        node.put("address", Ipv8Address.toString(address));
        node.put("full_dotted", Ipv8Address.toFullDotted(address));
        node.put("asn_dot", Ipv8Address.toAsnDot(address));
        node.put("hex", Ipv8Address.toHex(address));
        node.put("ipv4", Ipv8Address.toIpv4(Ipv8Address.host(address)));
        node.put("hyphen", Ipv8Address.toHyphen(address));
        node.put("asn", Ipv8Address.asn(address));
        node.put("r", Ipv8Address.toIpv4(Ipv8Address.routingPrefix(address)));
        node.put("n", Ipv8Address.toIpv4(Ipv8Address.host(address)));
        node.put("class", addressClass.key());
        node.put("class_label", addressClass.label());
        node.put("scope", addressClass.scope());
        putSpecialUse(node, bits);
        return node;
    }

    // ------------------------------------------------------------------------------------------------
    // Prefix
    // ------------------------------------------------------------------------------------------------

    private static void printPrefix(final PrintStream out, final Ipv8Prefix prefix)
    {
        row(out, "prefix", prefix.toString());
        row(out, "full dotted", prefix.toFullDotted());
        row(out, "ASN dot", prefix.hasHostLength() ? prefix.toAsnDot() : "none (spans several ASNs)");
        row(out, "length", "/" + prefix.length() + " of 64 bits" +
            (prefix.hasHostLength() ? ", host part /" + prefix.hostLength() : ""));
        if (prefix.hasHostLength())
        {
            row(out, "ASN", Long.toString(Ipv8Address.asn(prefix.address())));
        }
        row(out, "first", Ipv8Address.toString(prefix.first()));
        row(out, "last", Ipv8Address.toString(prefix.last()));
        final AddressClass addressClass = prefixClass(prefix);
        row(out, "class", addressClass == null ? "several classes" :
            addressClass.label() + " (" + addressClass.scope() + ")");
        row(out, "external peer", (prefix.isInjectableFromExternalPeer() ? "injectable: " : "not injectable: ") +
            injectableReason(prefix));
    }

    private static ObjectNode prefixJson(final String input, final Ipv8Prefix prefix)
    {
        final ObjectNode node = Json.object();
        final AddressClass addressClass = prefixClass(prefix);
        node.put("kind", "prefix");
        node.put("input", input);
        node.put("prefix", prefix.toString());
        node.put("full_dotted", prefix.toFullDotted());
        if (prefix.hasHostLength())
        {
            node.put("asn_dot", prefix.toAsnDot());
        }
        else
        {
            node.putNull("asn_dot");
        }
        node.put("length", prefix.length());
        if (prefix.hasHostLength())
        {
            node.put("host_length", prefix.hostLength());
            node.put("asn", Ipv8Address.asn(prefix.address()));
        }
        else
        {
            node.putNull("host_length");
            node.putNull("asn");
        }
        node.put("first", Ipv8Address.toString(prefix.first()));
        node.put("last", Ipv8Address.toString(prefix.last()));
        if (addressClass != null)
        {
            node.put("class", addressClass.key());
        }
        else
        {
            node.putNull("class");
        }
        node.put("injectable_from_external_peer", prefix.isInjectableFromExternalPeer());
        node.put("injectable_reason", injectableReason(prefix));
        return node;
    }

    /** The class of every address of the prefix, or null if its first and last addresses differ in class. */
    private static AddressClass prefixClass(final Ipv8Prefix prefix)
    {
        final AddressClass first = Ipv8Address.classify(prefix.first());
        return first == Ipv8Address.classify(prefix.last()) ? first : null;
    }

    private static String injectableReason(final Ipv8Prefix prefix)
    {
        if (prefix.length() < Ipv8Prefix.EXTERNAL_MIN_LENGTH)
        {
            return "64-bit length /" + prefix.length() + " spans several ASNs (eBGP8 needs 32..48, A7)";
        }
        if (prefix.length() > Ipv8Prefix.EXTERNAL_MAX_LENGTH)
        {
            return "host part /" + prefix.hostLength() + " is more specific than the /16 minimum (A7)";
        }
        return "host part /" + prefix.hostLength() + " is within the /16 minimum (64-bit length 32..48, A7)";
    }

    // ------------------------------------------------------------------------------------------------
    // Shared
    // ------------------------------------------------------------------------------------------------

    private static List<String> labels(final long bits)
    {
        final List<String> labels = new ArrayList<>();
        for (final SpecialUse use : SpecialUse.setOf(bits))
        {
            labels.add(use.label());
        }
        return labels;
    }

    private static void putSpecialUse(final ObjectNode node, final long bits)
    {
        final ArrayNode keys = node.putArray("special_use");
        final ArrayNode labels = node.putArray("special_use_labels");
        for (final SpecialUse use : SpecialUse.setOf(bits))
        {
            keys.add(use.key());
            labels.add(use.label());
        }
    }

    private static void row(final PrintStream out, final String label, final String value)
    {
        out.println(label + " ".repeat(Math.max(LABEL_WIDTH - label.length(), 1)) + value);
    }

    private static void rows(final PrintStream out, final String label, final List<String> values)
    {
        if (values.isEmpty())
        {
            row(out, label, "none");
            return;
        }
        row(out, label, values.getFirst());
        for (int i = 1; i < values.size(); i++)
        {
            row(out, "", values.get(i));
        }
    }
}
