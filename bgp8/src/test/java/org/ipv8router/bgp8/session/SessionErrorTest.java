package org.ipv8router.bgp8.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.OpenMessage;
import org.ipv8router.bgp8.codec.WireProfile;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.testutil.Hex;
import org.ipv8router.bgp8.testutil.Speakers;
import org.junit.jupiter.api.Test;

/** A hand-driven raw TCP peer checks the NOTIFICATIONs our session sends on the wire. */
class SessionErrorTest
{
    private static final String US = "127.0.0.71";
    private static final String PEER = "127.0.0.72";
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private static final class RawPeer implements AutoCloseable
    {
        final Socket socket = new Socket();
        final DataInputStream in;
        final OutputStream out;

        RawPeer(final int port) throws IOException
        {
            socket.bind(new InetSocketAddress(PEER, 0));
            socket.connect(new InetSocketAddress(US, port), 2000);
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Reads one message; returns {type, body...}. */
        byte[] read() throws IOException
        {
            final byte[] header = new byte[19];
            in.readFully(header);
            final int len = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
            final byte[] msg = new byte[len - 18];
            msg[0] = header[18];
            in.readFully(msg, 1, len - 19);
            return msg;
        }

        void send(final String hex) throws IOException
        {
            out.write(Hex.bytes(hex));
            out.flush();
        }

        void sendOpen(final long asn, final int hold) throws IOException
        {
            final OpenMessage open = new OpenMessage(4, asn > 0xFFFF ? Bgp.AS_TRANS : (int)asn, hold, 0x7F000048,
                new int[] {(1 << 8) | 1}, true, asn, false, 0, 0);
            final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
            final int len = open.encode(b, 0, WireProfile.DEFAULT);
            out.write(b.byteArray(), 0, len);
            out.flush();
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }

    private static byte[] expectNotification(final RawPeer p) throws IOException
    {
        byte[] m = p.read();
        while (m[0] == Bgp.KEEPALIVE)
        {
            m = p.read();
        }
        assertEquals(Bgp.NOTIFICATION, m[0], "expected a NOTIFICATION, got type " + m[0]);
        return m;
    }

    /** Expects a NOTIFICATION with this error code and subcode. */
    private static void expectNotification(final RawPeer p, final int code, final int subcode) throws IOException
    {
        final byte[] n = expectNotification(p);
        assertEquals(code, n[1]);
        assertEquals(subcode, n[2]);
    }

    /** Sends the peer's OPEN (AS 65072) with this hold time and a KEEPALIVE, and waits for Established. */
    private static void establish(final RawPeer p, final BgpSession session, final int holdSeconds) throws Exception
    {
        p.sendOpen(65072, holdSeconds);
        p.send(MARKER + "001304");
        assertTrue(Speakers.await(() -> session.state() == SessionState.ESTABLISHED, 5_000));
    }

    private static RawPeer connect(final BgpSpeaker s, final BgpSession session) throws Exception
    {
        assertTrue(Speakers.await(() -> session.state() == SessionState.ACTIVE, 10_000), "passive session ready");
        final RawPeer p = new RawPeer(s.boundAddress().getPort());
        assertEquals(Bgp.OPEN, p.read()[0], "our OPEN comes first");
        return p;
    }

    @Test
    void notificationsCarryTheRightCodes() throws Exception
    {
        try (BgpSpeaker s = new BgpSpeaker(SpeakerConfig.of(65071, 0x7F000047, new InetSocketAddress(US, 0)),
            new org.ipv8router.bgp8.fib.FibChannel()).start())
        {
            final BgpSession session = s.addPeer(new PeerConfig("raw", new InetSocketAddress(PEER, 179), null, 65072,
                new FsmConfig(9, 1, 1, 1, 20, true), PeerPolicy.ebgp(65072), true, false, 0, 0));

            try (RawPeer p = connect(s, session))
            {
                p.sendOpen(65099, 90);
                expectNotification(p, Bgp.ERR_OPEN, Bgp.ERR_OPEN_BAD_PEER_AS);
            }
            try (RawPeer p = connect(s, session))
            {
                p.sendOpen(65072, 2);
                expectNotification(p, Bgp.ERR_OPEN, Bgp.ERR_OPEN_UNACCEPTABLE_HOLD_TIME);
            }
            try (RawPeer p = connect(s, session))
            {
                p.send("fe" + MARKER.substring(2) + "001304");
                expectNotification(p, Bgp.ERR_HEADER, Bgp.ERR_HEADER_NOT_SYNCHRONIZED);
            }
            try (RawPeer p = connect(s, session))
            {
                establish(p, session, 9);
                // ORIGIN value 7: treat-as-withdraw, the session stays up.
                p.send(MARKER + "002f" + "02" + "0000" + "0014" + "40010107" + "40020602010000fe70" +
                    "400304c0000202" + "18c63364");
                assertTrue(Speakers.await(() -> s.query(() -> session.decoder().treatAsWithdrawCount()) == 1, 5_000));
                assertEquals(SessionState.ESTABLISHED, s.query(session::state));
                // NLRI length 33: Invalid Network Field, session reset.
                p.send(MARKER + "0030" + "02" + "0000" + "0014" + "40010100" + "40020602010000fe70" +
                    "400304c0000202" + "21c6336400");
                expectNotification(p, Bgp.ERR_UPDATE, Bgp.ERR_UPDATE_INVALID_NETWORK);
            }
            try (RawPeer p = connect(s, session))
            {
                establish(p, session, 9);
                p.sendOpen(65072, 9); // OPEN in Established: FSM error 5/3
                expectNotification(p, Bgp.ERR_FSM, Bgp.ERR_FSM_UNEXPECTED_IN_ESTABLISHED);
            }
            try (RawPeer p = connect(s, session))
            {
                // Hold time 3 s, then silence: our hold timer must expire with NOTIFICATION 4/0.
                establish(p, session, 3);
                final long t0 = System.nanoTime();
                final byte[] n = expectNotification(p);
                final double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(Bgp.ERR_HOLD_TIMER_EXPIRED, n[1]);
                assertTrue(seconds > 2.0 && seconds < 10, "expired after " + seconds + " s, hold time 3 s");
            }
        }
    }
}
