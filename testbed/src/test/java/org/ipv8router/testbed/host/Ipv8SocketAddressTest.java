package org.ipv8router.testbed.host;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv8SocketAddressTest
{
    @Test
    void encodesTheV1SixteenOctetLayout()
    {
        final byte[] bytes = Ipv8SocketAddress.parse("64496.192.0.2.1:5000").toSockaddr();
        final byte[] family = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ?
            new byte[] {46, 0} : new byte[] {0, 46};
        assertArrayEquals(new byte[] {
            family[0], family[1], 0x13, (byte)0x88,          // AF_INET8 (host order), port 5000 (network order)
            0x00, 0x00, (byte)0xFB, (byte)0xF0,              // sin8_asn 64496 = 0.0.251.240
            (byte)0xC0, 0x00, 0x02, 0x01,                    // sin8_addr 192.0.2.1
            0, 0, 0, 0 }, bytes);                            // sin8_zero
        assertEquals(16, bytes.length);
    }

    @Test
    void fourByteAsnAndExplicitFamily()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        buffer.setMemory(0, 20, (byte)0x5A);
        final Ipv8SocketAddress address = Ipv8SocketAddress.parse("4200000000.10.0.0.1:65535");
        assertEquals(16, address.encode(buffer, 2, 28));
        assertEquals((byte)0x5A, buffer.getByte(0));
        assertEquals((byte)0x5A, buffer.getByte(18), "writes exactly 16 octets");
        assertEquals(0xFA56EA00, buffer.getInt(6, ByteOrder.BIG_ENDIAN));
        assertEquals(0, buffer.getInt(14));
        assertEquals(address, Ipv8SocketAddress.decode(buffer, 2, 16, 28));
        final IllegalArgumentException wrongFamily = assertThrows(IllegalArgumentException.class,
            () -> Ipv8SocketAddress.decode(buffer, 2, 16, 46));
        assertTrue(wrongFamily.getMessage().contains("28"), wrongFamily.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ipv8SocketAddress.decode(buffer, 2, 15, 28));
    }

    @Test
    void randomRoundTrips()
    {
        final Random random = new Random(0x8A8L);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < 10_000; i++)
        {
            final Ipv8SocketAddress address = new Ipv8SocketAddress(random.nextLong() >>> 32, random.nextInt(),
                random.nextInt(65_536));
            address.encode(buffer, 0);
            assertEquals(address, Ipv8SocketAddress.decode(buffer, 0, 16));
            assertEquals(address, Ipv8SocketAddress.of(address.address(), address.port()));
            assertEquals(address, Ipv8SocketAddress.parse(address.toString()));
        }
    }

    @Test
    void textAndRangeErrors()
    {
        assertEquals("64496.10.0.0.1:7", Ipv8SocketAddress.parse("0.0.251.240.10.0.0.1:7").toString());
        assertEquals(0x0000FBF00A000001L, Ipv8SocketAddress.parse("64496.10.0.0.1:7").address());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv8SocketAddress.parse("64496.10.0.0.1"))
            .getMessage().contains("ADDRESS:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv8SocketAddress.parse("64496.10.0.0.1:70000"))
            .getMessage().contains("70000"));
        assertThrows(IllegalArgumentException.class, () -> Ipv8SocketAddress.parse("64496.10.0.0.256:1"));
        assertThrows(IllegalArgumentException.class, () -> new Ipv8SocketAddress(1L << 32, 0, 0));
    }
}
