package org.ipv8router.dataplane.gwpair;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.wire.Ipv8Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hello codec against a hand-written vector (profile section 9). */
class GatewayPairHelloTest
{
    private static final long EVEN = Ipv8Address.of(64496, 0xC000_02FE);
    private static final long ODD = Ipv8Address.of(64496, 0xC000_02FD);

    /** Even member, own active, not holding, VLAN 10, 1000/3000 ms, sequence 7. */
    private static final String VECTOR =
        "01 01 00 01" + "000a 03e8" + "0bb8 0000" + "00000007" +
        "0000fbf0 c00002fe" + "0000fbf0 c00002fd";

    private static byte[] hex(final String text)
    {
        final String s = text.replace(" ", "");
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void writesTheVector()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[40]);
        final int n = new GatewayPairHello().wrap(b, 4).write(true, GatewayPairHello.FLAG_OWN_ACTIVE, 10, 1000, 3000, 7,
            EVEN, ODD);
        assertEquals(32, n);
        final byte[] got = new byte[32];
        b.getBytes(4, got);
        assertEquals(java.util.HexFormat.of().formatHex(hex(VECTOR)), java.util.HexFormat.of().formatHex(got));
    }

    @Test
    void readsTheVector()
    {
        final GatewayPairHello h = new GatewayPairHello().wrap(new UnsafeBuffer(hex(VECTOR)), 0, 32);
        assertTrue(h.isComplete());
        assertEquals(1, h.version());
        assertEquals(1, h.type());
        assertEquals(GatewayPairHello.PARITY_EVEN, h.parity());
        assertTrue(h.ownActive());
        assertFalse(h.holdsPeer());
        assertEquals(10, h.vlan());
        assertEquals(1000, h.helloIntervalMs());
        assertEquals(3000, h.deadIntervalMs());
        assertEquals(7, h.sequence());
        assertEquals(EVEN, h.senderVip());
        assertEquals(ODD, h.peerVip());
    }

    @Test
    void unsignedFieldsAndClampedIntervalsRoundTrip()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[32]);
        final GatewayPairHello h = new GatewayPairHello().wrap(b, 0);
        h.write(false, 3, 4095, 100_000, 70_000, 0xFFFF_FFFFL, ODD, EVEN);
        assertEquals(GatewayPairHello.PARITY_ODD, h.parity());
        assertTrue(h.ownActive() && h.holdsPeer());
        assertEquals(4095, h.vlan());
        assertEquals(65_535, h.helloIntervalMs());
        assertEquals(65_535, h.deadIntervalMs());
        assertEquals(0xFFFF_FFFFL, h.sequence());
        assertFalse(new GatewayPairHello().wrap(b, 0, 31).isComplete());
    }
}
