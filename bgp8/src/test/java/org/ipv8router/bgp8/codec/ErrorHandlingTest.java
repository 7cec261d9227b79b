package org.ipv8router.bgp8.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.testutil.Hex;
import org.ipv8router.bgp8.testutil.RecordingHandler;
import org.junit.jupiter.api.Test;

/** RFC 7606 outcomes for hand-made malformed UPDATEs. */
class ErrorHandlingTest
{
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private static UnsafeBuffer update(final String body)
    {
        final byte[] b = Hex.bytes(body);
        final int len = 19 + b.length;
        return Hex.buffer(MARKER + String.format("%04x", len) + "02" + body);
    }

    private RecordingHandler h;

    private UpdateDecoder.Outcome decode(final String body, final boolean ibgp)
    {
        final UpdateDecoder d = decoder(ibgp);
        return run(d, body);
    }

    private UpdateDecoder lastDecoder;

    private UpdateDecoder decoder(final boolean ibgp)
    {
        final UpdateDecoder d = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        d.configure(true, ibgp, true, true);
        lastDecoder = d;
        return d;
    }

    private UpdateDecoder.Outcome run(final UpdateDecoder d, final String body)
    {
        final UnsafeBuffer b = update(body);
        h = new RecordingHandler();
        return d.decode(b, 0, b.capacity(), h);
    }

    // ORIGIN IGP, AS_PATH SEQ(64497), NEXT_HOP 192.0.2.2
    private static final String GOOD_ATTRS = "40010100" + "400206020100 00fbf1".replace(" ", "") + "400304c0000202";

    private static String body(final String attrs, final String nlri)
    {
        final int attrLen = Hex.bytes(attrs).length;
        return "0000" + String.format("%04x", attrLen) + attrs + nlri;
    }

    @Test
    void goodUpdateIsAccepted()
    {
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(GOOD_ATTRS, "18c63364"), false));
        assertEquals(List.of("198.51.100.0/24"), h.announced);
    }

    @Test
    void invalidOriginValueIsTreatAsWithdraw()
    {
        final String attrs = GOOD_ATTRS.replaceFirst("40010100", "40010107");
        assertEquals(UpdateDecoder.Outcome.TREAT_AS_WITHDRAW, decode(body(attrs, "18c63364"), false));
        assertEquals(List.of("198.51.100.0/24"), h.withdrawn);
        assertTrue(h.announced.isEmpty());
    }

    @Test
    void missingNextHopIsTreatAsWithdraw()
    {
        final String attrs = "40010100" + "40020602010000fbf1";
        assertEquals(UpdateDecoder.Outcome.TREAT_AS_WITHDRAW, decode(body(attrs, "18c63364"), false));
        assertTrue(lastDecoder.treatAsWithdrawReason().contains("NEXT_HOP"));
    }

    @Test
    void asZeroInPathIsTreatAsWithdraw()
    {
        final String attrs = "40010100" + "400206020100000000" + "400304c0000202";
        assertEquals(UpdateDecoder.Outcome.TREAT_AS_WITHDRAW, decode(body(attrs, "18c63364"), false));
    }

    @Test
    void wrongFlagsOnOriginIsTreatAsWithdraw()
    {
        final String attrs = GOOD_ATTRS.replaceFirst("40010100", "c0010100");
        assertEquals(UpdateDecoder.Outcome.TREAT_AS_WITHDRAW, decode(body(attrs, "18c63364"), false));
    }

    @Test
    void localPrefFromEbgpIsDiscardedNotFatal()
    {
        final String attrs = GOOD_ATTRS + "40050400000064";
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(attrs, "18c63364"), false));
        assertEquals(PathAttributes.ABSENT, h.attributes.get(0).localPref());
        assertEquals(1, lastDecoder.attributeDiscards());
    }

    @Test
    void malformedAtomicAggregateIsDiscarded()
    {
        final String attrs = GOOD_ATTRS + "40060101";
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(attrs, "18c63364"), false));
        assertEquals(1, lastDecoder.attributeDiscards());
    }

    @Test
    void malformedContainerIsDiscardedAndCfIsAbsent()
    {
        final String attrs = GOOD_ATTRS + "c0ff05" + "0100ff0100"; // TLV length 255 overruns
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(attrs, "18c63364"), false));
        assertEquals(PathAttributes.ABSENT, h.attributes.get(0).costFactor());
        assertEquals(1, lastDecoder.attributeDiscards());
    }

    @Test
    void unknownOptionalTransitiveIsKeptWithPartialBit()
    {
        final String attrs = GOOD_ATTRS + "c0fa0201 02";
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(attrs.replace(" ", ""), "18c63364"), false));
        final byte[] kept = h.attributes.get(0).unknownTransitive();
        assertEquals(5, kept.length);
        assertEquals((byte)0xE0, kept[0]);
        assertEquals((byte)0xFA, kept[1]);
    }

    @Test
    void unrecognizedWellKnownResetsTheSession()
    {
        final String attrs = GOOD_ATTRS + "40fa0100";
        assertEquals(UpdateDecoder.Outcome.SESSION_RESET, decode(body(attrs, "18c63364"), false));
        assertEquals(Bgp.ERR_UPDATE_UNRECOGNIZED_WELL_KNOWN, lastDecoder.error().subcode());
    }

    @Test
    void badNlriLengthResetsWithInvalidNetworkField()
    {
        assertEquals(UpdateDecoder.Outcome.SESSION_RESET, decode(body(GOOD_ATTRS, "21c6336400"), false));
        assertEquals(Bgp.ERR_UPDATE, lastDecoder.error().code());
        assertEquals(Bgp.ERR_UPDATE_INVALID_NETWORK, lastDecoder.error().subcode());
    }

    @Test
    void withdrawnLengthOverrunResetsWithMalformedAttributeList()
    {
        assertEquals(UpdateDecoder.Outcome.SESSION_RESET, decode("00ff0000", false));
        assertEquals(Bgp.ERR_UPDATE_MALFORMED_ATTR_LIST, lastDecoder.error().subcode());
    }

    @Test
    void duplicateMpReachResetsTheSession()
    {
        final String mp = "800e0c0001f1080000fbf1c000020200";
        final String attrs = "40010100" + "40020602010000fbf1" + mp + mp;
        assertEquals(UpdateDecoder.Outcome.SESSION_RESET, decode(body(attrs, ""), false));
    }

    @Test
    void duplicateMedIsDiscarded()
    {
        final String attrs = GOOD_ATTRS + "80040400000001" + "80040400000002";
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(attrs, "18c63364"), false));
        assertEquals(1, h.attributes.get(0).med());
    }

    @Test
    void ipv8PrefixShorterThan32IsWithdrawnPerPrefix()
    {
        // T5: 0.0.251.0.0.0.0.0/24 spans RNs: that prefix is withdrawn, the good one next to it is kept.
        final String mp = "800e17" + "0001f1" + "08" + "0000fbf1c0000202" + "00" + "180000fb" + "280000fbf10a";
        final String attrs = "40010100" + "40020602010000fbf1" + mp;
        assertEquals(UpdateDecoder.Outcome.OK, decode(body(attrs, ""), false));
        assertEquals(List.of("64497.10.0.0.0/8"), h.announced);
        assertEquals(List.of("0.0.251.0.0.0.0.0/24"), h.withdrawn);
        assertEquals(1, lastDecoder.prefixWithdrawCount());
    }

    @Test
    void badMpNextHopLengthResetsTheSession()
    {
        final String mp = "800e0b" + "0001f1" + "06" + "0000fbf1c000" + "00" + "";
        final String attrs = "40010100" + "40020602010000fbf1" + mp.substring(0, 6) +
            "0001f1060000fbf1c00000";
        final String fixed = "40010100" + "40020602010000fbf1" + "800e0b0001f1060000fbf1c0000000";
        assertEquals(UpdateDecoder.Outcome.SESSION_RESET, decode(body(fixed, ""), false));
        assertNotNull(lastDecoder.error());
        assertEquals(Bgp.ERR_UPDATE_OPTIONAL_ATTR, lastDecoder.error().subcode());
        assertTrue(attrs.length() > 0);
    }

    @Test
    void attributeOverrunWithdrawsWhatWasParsed()
    {
        // MED claims 200 octets: the rest cannot be walked; the classic NLRI is still known -> withdraw.
        final String attrs = GOOD_ATTRS + "8004c8";
        assertEquals(UpdateDecoder.Outcome.TREAT_AS_WITHDRAW, decode(body(attrs, "18c63364"), false));
        assertEquals(List.of("198.51.100.0/24"), h.withdrawn);
    }

    @Test
    void headerErrors()
    {
        final UnsafeBuffer bad = Hex.buffer("fe" + MARKER.substring(2) + "001304");
        assertEquals(Bgp.ERR_HEADER_NOT_SYNCHRONIZED, MessageHeader.validate(bad, 0, 4096).subcode());
        final UnsafeBuffer len = Hex.buffer(MARKER + "001404" + "00");
        assertEquals(Bgp.ERR_HEADER_BAD_LENGTH, MessageHeader.validate(len, 0, 4096).subcode());
        final UnsafeBuffer type = Hex.buffer(MARKER + "001309");
        final BgpError e = MessageHeader.validate(type, 0, 4096);
        assertEquals(Bgp.ERR_HEADER_BAD_TYPE, e.subcode());
        assertEquals(9, e.data()[0]);
    }

    @Test
    void openErrors()
    {
        final String base = "04fbf0005ac0000201" + "00";
        final UnsafeBuffer ok = Hex.buffer(base);
        assertEquals(64496, OpenMessage.decode(ok, 0, 10, WireProfile.DEFAULT).open().asn());
        final UnsafeBuffer v3 = Hex.buffer("03" + base.substring(2));
        assertEquals(Bgp.ERR_OPEN_UNSUPPORTED_VERSION, OpenMessage.decode(v3, 0, 10, WireProfile.DEFAULT).error().subcode());
        final UnsafeBuffer hold = Hex.buffer("04fbf00002c000020100");
        assertEquals(Bgp.ERR_OPEN_UNACCEPTABLE_HOLD_TIME,
            OpenMessage.decode(hold, 0, 10, WireProfile.DEFAULT).error().subcode());
        final UnsafeBuffer id = Hex.buffer("04fbf0005a0000000000");
        assertEquals(Bgp.ERR_OPEN_BAD_BGP_ID, OpenMessage.decode(id, 0, 10, WireProfile.DEFAULT).error().subcode());
        final UnsafeBuffer param = Hex.buffer("04fbf0005ac000020103" + "010100");
        assertEquals(Bgp.ERR_OPEN_UNSUPPORTED_OPT_PARAM,
            OpenMessage.decode(param, 0, 13, WireProfile.DEFAULT).error().subcode());
    }
}
