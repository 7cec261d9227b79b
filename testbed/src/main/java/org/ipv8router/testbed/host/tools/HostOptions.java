package org.ipv8router.testbed.host.tools;

import org.ipv8router.testbed.host.Ipv8Host;
import org.ipv8router.testbed.host.Ipv8HostConfig;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8AddressFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The options every host tool shares (which interface, which addresses, gateways, EtherType, namespace) and small
 * parsing helpers whose errors name the offending option.
 */
final class HostOptions
{
    static final String USAGE =
        "  --iface IF            interface to run the IPv8 host on (raw AF_PACKET socket; needs root)\n" +
        "  --addr ADDR/LEN       host address with host-part prefix length, e.g. 64496.10.0.0.1/24 (repeatable)\n" +
        "  --gw GW               default gateway, e.g. 64496.10.0.0.254 (repeatable: the .254/.253 pair)\n" +
        "  --ethertype HEX       IPv8 EtherType (default 0x8080; ARP8 uses it as PTYPE)\n" +
        "  --vlan ID             VLAN ID, only for choosing the preferred gateway by parity\n" +
        "  --netns NS            open the interface inside network namespace NS (instead of 'ip netns exec')\n" +
        "  -v, --verbose         print the neighbour cache and host counters at the end\n" +
        "  -h, --help            this help\n";

    String iface;
    String netns;
    final List<String> addresses = new ArrayList<>();
    final List<String> gateways = new ArrayList<>();
    Integer etherType;
    int vlanId = -1;
    boolean verbose;
    boolean help;

    /** Consumes a shared option; returns false when {@code option} is not one. */
    boolean accept(final String option, final Iterator<String> rest)
    {
        switch (option)
        {
            case "--iface" -> iface = value(option, rest);
            case "--netns" -> netns = value(option, rest);
            case "--addr" -> addresses.add(value(option, rest));
            case "--gw" -> gateways.add(value(option, rest));
            case "--ethertype" -> etherType = parseEtherType(value(option, rest));
            case "--vlan" -> vlanId = parseInt(option, value(option, rest), 0, 4095);
            case "-v", "--verbose" -> verbose = true;
            case "-h", "--help" -> help = true;
            default ->
            {
                return false;
            }
        }
        return true;
    }

    Ipv8HostConfig config()
    {
        if (iface == null)
        {
            throw new UsageException("--iface is required");
        }
        if (addresses.isEmpty())
        {
            throw new UsageException("--addr is required (e.g. --addr 64496.10.0.0.1/24)");
        }
        final Ipv8HostConfig.Builder builder = Ipv8HostConfig.builder(iface).netns(netns).vlanId(vlanId);
        try
        {
            for (final String address : addresses)
            {
                builder.address(address);
            }
            for (final String gateway : gateways)
            {
                builder.gateway(gateway);
            }
            if (etherType != null)
            {
                builder.etherType(etherType);
            }
            return builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    Ipv8Host openHost() throws IOException
    {
        return Ipv8Host.open(config());
    }

    void report(final Ipv8Host host, final PrintStream err)
    {
        if (verbose)
        {
            err.println("neighbours of " + host.interfaceName() + ":");
            host.neighbors().forEach(n -> err.println("  " + n));
            err.println("counters:");
            err.print(host.countersReport());
        }
    }

    static String value(final String option, final Iterator<String> rest)
    {
        if (!rest.hasNext())
        {
            throw new UsageException("option " + option + " needs a value");
        }
        return rest.next();
    }

    static int parseInt(final String option, final String text, final int min, final int max)
    {
        try
        {
            final int value = Integer.parseInt(text);
            if (value < min || value > max)
            {
                throw new UsageException("option " + option + ": " + value + " out of range " + min + ".." + max);
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("option " + option + ": '" + text + "' is not a number");
        }
    }

    /** Seconds, fractional allowed ("0.2"). */
    static Duration parseSeconds(final String option, final String text, final double min)
    {
        try
        {
            final double seconds = Double.parseDouble(text);
            if (!(seconds >= min) || seconds > 86_400)
            {
                throw new UsageException("option " + option + ": " + text + " s out of range (min " + min + ")");
            }
            return Duration.ofNanos((long)(seconds * 1e9));
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("option " + option + ": '" + text + "' is not a number of seconds");
        }
    }

    static int parseEtherType(final String text)
    {
        try
        {
            final String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
            return Integer.parseInt(digits, 16);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("option --ethertype: '" + text + "' is not a hex EtherType (e.g. 0x8080)");
        }
    }

    static long parseAddress(final String what, final String text)
    {
        try
        {
            return Ipv8Address.parse(text);
        }
        catch (final Ipv8AddressFormatException ex)
        {
            throw new UsageException(what + ": " + ex.getMessage());
        }
    }

    /** A bad command line: printed with a pointer to --help, exit code 2. */
    static final class UsageException extends RuntimeException
    {
        UsageException(final String message)
        {
            super(message);
        }
    }

    /** Runs a tool body, mapping errors to messages and exit codes (2 usage/setup, as ping does). */
    static int guard(final String tool, final PrintStream err, final ToolBody body)
    {
        try
        {
            return body.run();
        }
        catch (final UsageException ex)
        {
            err.println(tool + ": " + ex.getMessage());
            err.println("Try '" + tool + " --help'.");
            return 2;
        }
        catch (final IOException ex)
        {
            err.println(tool + ": " + ex.getMessage());
            return 2;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println(tool + ": interrupted");
            return 1;
        }
    }

    @FunctionalInterface
    interface ToolBody
    {
        int run() throws IOException, InterruptedException;
    }
}
