package org.ipv8router.testbed.host;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipv8router.wire.Ipv8Address;
import org.ipv8router.wire.Ipv8AddressFormatException;

import java.nio.ByteOrder;

/**
 * An IPv8 socket address, the Java form of {@code struct sockaddr_in8} (spec 9, A28): ASN (r.r.r.r), host address
 * (n.n.n.n) and port. The wire/ABI layout is the v1 16-octet one:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  sin8_family (host order)     |   sin8_port (network order)   |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              sin8_asn  r.r.r.r (network order)                |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              sin8_addr n.n.n.n (struct in_addr)               |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              sin8_zero[4] (written as 0)                      | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@code sa_family_t} is in host byte order as in every Linux sockaddr. The AF_INET8 value is not in -02 (A29):
 * {@link #AF_INET8} defaults to 46 (the later revision's provisional value) and is set with the system property
 * {@code ipv8.af-inet8}; the encode/decode overloads with an explicit family serve other choices.
 *
 * @param asn  routing prefix as an unsigned ASN, 0..4294967295 (0 = IPv4-compatible).
 * @param host host address n.n.n.n.
 * @param port UDP port 0..65535.
 */
public record Ipv8SocketAddress(long asn, int host, int port)
{
    /** sizeof(struct sockaddr_in8). */
    public static final int SOCKADDR_IN8_LENGTH = 16;
    public static final int FAMILY_OFFSET = 0;
    public static final int PORT_OFFSET = 2;
    public static final int ASN_OFFSET = 4;
    public static final int ADDR_OFFSET = 8;
    public static final int ZERO_OFFSET = 12;
    /** Default AF_INET8 (later revision's provisional 46, A29). */
    public static final int AF_INET8_DEFAULT = 46;
    /** The AF_INET8 value in use: system property {@code ipv8.af-inet8}, else 46. */
    public static final int AF_INET8 = Integer.getInteger("ipv8.af-inet8", AF_INET8_DEFAULT);
    /** The wildcard address (any local address), port 0. */
    public static final Ipv8SocketAddress ANY = new Ipv8SocketAddress(0, 0, 0);

    public Ipv8SocketAddress
    {
        if (asn < 0 || asn > Ipv8Address.MAX_ASN)
        {
            throw new IllegalArgumentException("ASN " + asn + " out of range 0.." + Ipv8Address.MAX_ASN);
        }
        if (port < 0 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("port " + port + " out of range 0..65535");
        }
    }

    /** From a 64-bit IPv8 address and a port. */
    public static Ipv8SocketAddress of(final long address, final int port)
    {
        return new Ipv8SocketAddress(Ipv8Address.asn(address), Ipv8Address.host(address), port);
    }

    /**
     * Parses {@code ADDRESS:PORT}, the address in any spec 1.2 notation ({@code 64496.10.0.0.1:7}).
     *
     * @throws IllegalArgumentException naming the text.
     */
    public static Ipv8SocketAddress parse(final String text)
    {
        final String trimmed = text == null ? "" : text.trim();
        final int colon = trimmed.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT (e.g. 64496.10.0.0.2:5000)");
        }
        final long address;
        try
        {
            address = Ipv8Address.parse(trimmed.substring(0, colon));
        }
        catch (final Ipv8AddressFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "': " + ex.getMessage(), ex);
        }
        final int port;
        try
        {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "': port '" + trimmed.substring(colon + 1) + "' is not a number");
        }
        if (port < 0 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("'" + text + "': port " + port + " out of range 0..65535");
        }
        return of(address, port);
    }

    /** The 64-bit IPv8 address {@code (asn << 32) | host}. */
    public long address()
    {
        return (asn << 32) | (host & 0xFFFF_FFFFL);
    }

    /** True for the wildcard address (asn 0, host 0). */
    public boolean isAnyAddress()
    {
        return asn == 0 && host == 0;
    }

    public Ipv8SocketAddress withPort(final int newPort)
    {
        return new Ipv8SocketAddress(asn, host, newPort);
    }

    /** Writes the 16-octet sockaddr_in8 with family {@link #AF_INET8}; returns 16. */
    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        return encode(buffer, offset, AF_INET8);
    }

    /** Writes the 16-octet sockaddr_in8 with the given family value; returns 16. */
    public int encode(final MutableDirectBuffer buffer, final int offset, final int family)
    {
        buffer.putShort(offset + FAMILY_OFFSET, (short)family, ByteOrder.nativeOrder());
        buffer.putShort(offset + PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ASN_OFFSET, (int)asn, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ADDR_OFFSET, host, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ZERO_OFFSET, 0);
        return SOCKADDR_IN8_LENGTH;
    }

    /** The 16-octet sockaddr_in8 as a byte array (family {@link #AF_INET8}). */
    public byte[] toSockaddr()
    {
        final byte[] bytes = new byte[SOCKADDR_IN8_LENGTH];
        encode(new org.agrona.concurrent.UnsafeBuffer(bytes), 0);
        return bytes;
    }

    /** Reads a sockaddr_in8 whose family must be {@link #AF_INET8}. */
    public static Ipv8SocketAddress decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return decode(buffer, offset, length, AF_INET8);
    }

    /**
     * Reads a sockaddr_in8. Like the kernel with sin_zero, the padding is not checked.
     *
     * @throws IllegalArgumentException when shorter than 16 octets or the family is not {@code family}.
     */
    public static Ipv8SocketAddress decode(final DirectBuffer buffer, final int offset, final int length, final int family)
    {
        if (length < SOCKADDR_IN8_LENGTH)
        {
            throw new IllegalArgumentException("sockaddr_in8 needs " + SOCKADDR_IN8_LENGTH + " octets, got " + length);
        }
        final int found = buffer.getShort(offset + FAMILY_OFFSET, ByteOrder.nativeOrder()) & 0xFFFF;
        if (found != family)
        {
            throw new IllegalArgumentException("sockaddr_in8 family is " + found + ", expected AF_INET8 = " + family);
        }
        final int port = buffer.getShort(offset + PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final long asn = buffer.getInt(offset + ASN_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        final int host = buffer.getInt(offset + ADDR_OFFSET, ByteOrder.BIG_ENDIAN);
        return new Ipv8SocketAddress(asn, host, port);
    }

    @Override
    public String toString()
    {
        return Ipv8Address.toString(address()) + ":" + port;
    }
}
