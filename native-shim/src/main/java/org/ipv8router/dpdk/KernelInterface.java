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
        if (ipv4Cidr != null)
        {
            ip("address", "replace", ipv4Cidr, "dev", name);
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
