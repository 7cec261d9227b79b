package org.ipv8router.dpdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Configures a kernel network interface (the TAP side of the exception path) with iproute2: MAC address, IPv4
 * address, link up. Cold path; needs CAP_NET_ADMIN. Errors name the command and carry iproute2's message.
 */
public final class KernelInterface
{
    private KernelInterface()
    {
    }

    /**
     * Gives the interface the router port's MAC (so the kernel accepts frames addressed to the port and answers
     * ARP with it), an IPv4 address, no IPv6 (its router solicitations would only leak out of the port), and
     * brings it up.
     *
     * @param name     interface name.
     * @param mac      MAC address, low 48 bits.
     * @param ipv4Cidr address and prefix length, e.g. {@code 10.88.1.1/24}; null for none.
     * @throws IllegalStateException naming the failing command.
     */
    public static void configure(final String name, final long mac, final String ipv4Cidr)
    {
        configure(name, mac, ipv4Cidr == null ? List.of() : List.of(ipv4Cidr));
    }

    /**
     * {@link #configure(String, long, String)} with several IPv4 addresses (none: an empty list). ARP is answered
     * only for addresses of this interface ({@code arp_ignore=1}), so the kernel never speaks for the router's
     * other ports.
     *
     * @throws IllegalStateException naming the failing command.
     */
    public static void configure(final String name, final long mac, final List<String> ipv4Cidrs)
    {
        final Path arpIgnore = Path.of("/proc/sys/net/ipv4/conf", name, "arp_ignore");
        if (Files.isWritable(arpIgnore))
        {
            try
            {
                Files.writeString(arpIgnore, "1");
            }
            catch (final IOException ignored)
            {
                // best effort: without it the kernel may also answer for addresses of other interfaces
            }
        }
        final Path ipv6 = Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
        if (Files.isWritable(ipv6))
        {
            try
            {
                Files.writeString(ipv6, "1");
            }
            catch (final IOException ignored)
            {
                // best effort: IPv6 noise is harmless
            }
        }
        ip("link", "set", "dev", name, "address", DpdkEthDev.formatMac(mac));
        for (final String cidr : ipv4Cidrs)
        {
            ip("address", "replace", cidr, "dev", name);
        }
        ip("link", "set", "dev", name, "up");
    }

    /**
     * Runs {@code ip args...}.
     *
     * @return its standard output.
     * @throws IllegalStateException if ip is missing, fails or hangs, with its message.
     */
    public static String ip(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish in 10 s");
            }
            final String text = new String(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0)
            {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed (exit " +
                    process.exitValue() + "): " + text);
            }
            return text;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run '" + String.join(" ", command) + "' (is iproute2 " +
                "installed?): " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", ex);
        }
    }

    /**
     * Parses the address part of {@code a.b.c.d/len}.
     *
     * @return the address as a host-order int.
     * @throws IllegalArgumentException naming the text.
     */
    public static int parseIpv4(final String cidr)
    {
        final String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
        final String[] parts = address.split("\\.");
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: '" + cidr + "'");
        }
        int value = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not an IPv4 address: '" + cidr + "'", ex);
            }
            if (octet < 0 || octet > 255)
            {
                throw new IllegalArgumentException("not an IPv4 address: '" + cidr + "'");
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
