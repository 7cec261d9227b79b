package org.ipv8router.dataplane.port;

/**
 * MAC addresses held as the low 48 bits of a {@code long}, first octet most significant, so ports and nodes pass
 * them around without objects. Parsing and formatting are cold path.
 */
public final class MacAddress
{
    private MacAddress()
    {
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with {@code -}).
     *
     * @param text the address.
     * @return the address in the low 48 bits.
     * @throws IllegalArgumentException naming the text if it is not a MAC address.
     */
    public static long parse(final String text)
    {
        final String[] parts = text.split("[:-]");
        if (parts.length != 6)
        {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (expected aa:bb:cc:dd:ee:ff)");
        }
        long value = 0;
        for (final String part : parts)
        {
            if (part.length() != 2)
            {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (octet '" + part + "')");
            }
            try
            {
                value = (value << 8) | Integer.parseInt(part, 16);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (octet '" + part + "')", ex);
            }
        }
        return value;
    }

    /**
     * Formats as {@code aa:bb:cc:dd:ee:ff}.
     *
     * @param mac address in the low 48 bits.
     * @return the text.
     */
    public static String format(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int octet = (int)(mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * A locally administered unicast address {@code 02:00:00:00:xx:xx} for port {@code index}, for tests and
     * ports without a hardware address.
     *
     * @param index port index.
     * @return the address.
     */
    public static long local(final int index)
    {
        return 0x0200_0000_0000L | (index & 0xFFFF_FFFFL);
    }
}
