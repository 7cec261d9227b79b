package org.ipv8router.bgp8.session;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.codec.Bgp;
import org.ipv8router.bgp8.codec.BgpError;
import org.ipv8router.bgp8.codec.MessageHeader;
import org.ipv8router.bgp8.codec.OpenMessage;
import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.codec.UpdateDecoder;
import org.ipv8router.bgp8.codec.UpdateEncoder;
import org.ipv8router.bgp8.codec.UpdateHandler;
import org.ipv8router.bgp8.fsm.BgpFsm;
import org.ipv8router.bgp8.fsm.FsmActions;
import org.ipv8router.bgp8.fsm.FsmEvent;
import org.ipv8router.bgp8.fsm.FsmTimer;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.rib.Rib;
import org.ipv8router.bgp8.rib.RibPeer;

/**
 * One BGP session: glues the pure {@link BgpFsm} to a non-blocking socket, the codec and the RIB. Every method
 * runs on the speaker's I/O thread.
 */
public final class BgpSession implements FsmActions, UpdateHandler, RibPeer.Output
{
    private static final System.Logger LOG = System.getLogger("org.ipv8router.bgp8");
    private static final int READ_BUFFER = 1 << 17;

    private final BgpSpeaker speaker;
    private final PeerConfig config;
    private final BgpFsm fsm;
    private final RibPeer ribPeer;
    private final Rib rib;
    private final UpdateDecoder decoder;
    private final UpdateEncoder encoder;
    private final long[] deadlines = new long[FsmTimer.values().length];

    /**
     * The session's connection (the one the FSM state describes) and, during a connection collision (RFC 4271
     * 6.8), the second connection; the two slots swap when the second one wins.
     */
    private Connection conn = new Connection(this);
    private Connection second = new Connection(this);
    private OpenMessage secondOpen;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[Bgp.MAX_MESSAGE_LENGTH]);

    private OpenMessage peerOpen;
    private boolean ipv4;
    private boolean ipv8;
    private boolean bgp8;
    private BgpError pendingCease;
    private BgpError lastNotificationReceived;
    private BgpError lastNotificationSent;
    private long updatesReceived;
    private long updatesSent;
    private long messagesReceived;
    private volatile long establishedAtNanos;
    private long routeRefreshesReceived;

    BgpSession(final BgpSpeaker speaker, final PeerConfig config, final Rib rib)
    {
        this.speaker = speaker;
        this.config = config;
        this.rib = rib;
        this.fsm = new BgpFsm(config.fsm(), this);
        this.fsm.localIdentity(speaker.config().routerId(), speaker.config().localAsn());
        this.ribPeer = rib.addPeer(config.name(), config.policy(), 0, addressOf(config.remote().getAddress()));
        this.decoder = new UpdateDecoder(speaker.config().profile(), speaker.interner());
        this.encoder = new UpdateEncoder(speaker.config().profile());
    }

    static long addressOf(final InetAddress a)
    {
        final byte[] b = a.getAddress();
        long v = 0;
        for (int i = Math.max(0, b.length - 8); i < b.length; i++)
        {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    public PeerConfig config()
    {
        return config;
    }

    public SessionState state()
    {
        return fsm.state();
    }

    public BgpFsm fsm()
    {
        return fsm;
    }

    public RibPeer ribPeer()
    {
        return ribPeer;
    }

    public OpenMessage peerOpen()
    {
        return peerOpen;
    }

    public BgpError lastNotificationReceived()
    {
        return lastNotificationReceived;
    }

    public BgpError lastNotificationSent()
    {
        return lastNotificationSent;
    }

    public UpdateDecoder decoder()
    {
        return decoder;
    }

    public long updatesReceived()
    {
        return updatesReceived;
    }

    public long updatesSent()
    {
        return updatesSent;
    }

    public long routeRefreshesReceived()
    {
        return routeRefreshesReceived;
    }

    /**
     * Asks the peer to re-send its routes (RFC 2918) for every negotiated family; returns false when the
     * session is not Established or the peer did not offer the Route Refresh capability.
     */
    public boolean requestRouteRefresh()
    {
        if (fsm.state() != SessionState.ESTABLISHED || peerOpen == null || !peerOpen.routeRefresh())
        {
            return false;
        }
        if (ipv4)
        {
            write(scratch, MessageHeader.writeRouteRefresh(scratch, 0, Bgp.AFI_IPV4, Bgp.SAFI_UNICAST));
        }
        if (ipv8)
        {
            write(scratch, MessageHeader.writeRouteRefresh(scratch, 0, speaker.config().profile().ipv8Afi(),
                speaker.config().profile().ipv8Safi()));
        }
        return true;
    }

    public boolean ipv8Negotiated()
    {
        return ipv8;
    }

    public boolean ipv4Negotiated()
    {
        return ipv4;
    }

    // ---------------------------------------------------------------- timers

    void pollTimers(final long nowMs)
    {
        for (final FsmTimer t : FsmTimer.values())
        {
            final long d = deadlines[t.ordinal()];
            if (d != 0 && nowMs >= d)
            {
                deadlines[t.ordinal()] = 0;
                fsm.handle(switch (t)
                {
                    case CONNECT_RETRY -> FsmEvent.CONNECT_RETRY_TIMER_EXPIRES;
                    case HOLD -> FsmEvent.HOLD_TIMER_EXPIRES;
                    case KEEPALIVE -> FsmEvent.KEEPALIVE_TIMER_EXPIRES;
                    case IDLE_HOLD -> FsmEvent.IDLE_HOLD_TIMER_EXPIRES;
                    case SECOND_HOLD -> FsmEvent.SECOND_HOLD_TIMER_EXPIRES;
                });
            }
        }
    }

    long nextDeadline()
    {
        long min = Long.MAX_VALUE;
        for (final long d : deadlines)
        {
            if (d != 0 && d < min)
            {
                min = d;
            }
        }
        return min;
    }

    @Override
    public void startTimer(final FsmTimer timer, final long millis)
    {
        // Jitter connect retry and idle hold a little so that two speakers do not collide forever.
        final long jitter = timer == FsmTimer.CONNECT_RETRY || timer == FsmTimer.IDLE_HOLD ?
            (long)(millis * 0.25 * Math.random()) : 0;
        deadlines[timer.ordinal()] = speaker.nowMs() + Math.max(1, millis - jitter);
    }

    @Override
    public void stopTimer(final FsmTimer timer)
    {
        deadlines[timer.ordinal()] = 0;
    }

    // ---------------------------------------------------------------- connection

    @Override
    public void connect()
    {
        conn.close();
        final Connection c = conn;
        try
        {
            final SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (config.localAddress() != null)
            {
                ch.bind(new InetSocketAddress(config.localAddress().getAddress(), 0));
            }
            c.attach(ch, true);
            if (ch.connect(config.remote()))
            {
                c.connecting = false;
                c.key = ch.register(speaker.selector(), SelectionKey.OP_READ, c);
                speaker.defer(() -> connected(c));
            }
            else
            {
                c.key = ch.register(speaker.selector(), SelectionKey.OP_CONNECT, c);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            LOG.log(Level.DEBUG, "{0}: connect to {1} failed: {2}", config.name(), config.remote(), e.toString());
            c.close();
            speaker.defer(() ->
            {
                if (c == conn)
                {
                    fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
                }
            });
        }
    }

    /** An incoming connection matched to this neighbour. */
    void accept(final SocketChannel ch) throws IOException
    {
        final SessionState s = fsm.state();
        switch (fsm.incomingConnection())
        {
            case REJECT ->
            {
                LOG.log(Level.INFO, "{0}: rejecting incoming connection in state {1}", config.name(), s);
                ch.close();
            }
            case REJECT_COLLISION ->
            {
                // RFC 4271 6.8: a collision with an Established connection (or a third connection) closes the new one.
                LOG.log(Level.INFO, "{0}: connection collision in {1}: refusing the new incoming connection with " +
                    "Cease 6/7", config.name(), s);
                final int len = MessageHeader.writeNotification(scratch, 0,
                    BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_COLLISION, "connection collision"));
                try (SocketChannel refused = ch)
                {
                    refused.write(ByteBuffer.wrap(scratch.byteArray(), 0, len)); // fresh blocking socket: 21 octets fit
                }
            }
            case PRIMARY ->
            {
                // Our own attempt may still be pending: keep it as the second connection until an OPEN decides.
                final boolean keepPending = conn.channel != null && conn.connecting;
                if (keepPending)
                {
                    final Connection pending = conn;
                    conn = second;
                    second = pending;
                }
                else
                {
                    conn.close();
                }
                conn.attach(ch, false);
                conn.key = ch.register(speaker.selector(), SelectionKey.OP_READ, conn);
                fsm.handle(FsmEvent.TCP_ACCEPTED);
                if (keepPending)
                {
                    fsm.outgoingKeptAsSecond();
                    if (!fsm.hasSecond())
                    {
                        second.close();
                    }
                    else
                    {
                        LOG.log(Level.INFO, "{0}: incoming connection while our own is pending: holding both",
                            config.name());
                    }
                }
            }
            case SECOND ->
            {
                LOG.log(Level.INFO, "{0}: connection collision in {1}: holding the incoming connection until an " +
                    "OPEN decides", config.name(), s);
                second.close();
                secondOpen = null;
                second.attach(ch, false);
                second.key = ch.register(speaker.selector(), SelectionKey.OP_READ, second);
                writeOpen(second);
            }
        }
    }

    void onConnectable(final Connection c)
    {
        try
        {
            if (c.channel.finishConnect())
            {
                c.connecting = false;
                c.key.interestOps(SelectionKey.OP_READ);
                connected(c);
            }
        }
        catch (final IOException e)
        {
            LOG.log(Level.DEBUG, "{0}: connect failed: {1}", config.name(), e.toString());
            c.close();
            if (c == conn)
            {
                fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
            }
            else
            {
                fsm.secondFailed();
            }
        }
    }

    /** Our connection attempt is up. */
    private void connected(final Connection c)
    {
        if (c.channel == null || !c.outgoing)
        {
            return;
        }
        if (c == conn && (fsm.state() == SessionState.CONNECT || fsm.state() == SessionState.ACTIVE))
        {
            fsm.handle(FsmEvent.TCP_CONNECTED);
            return;
        }
        // Held as the second connection (or promoted while still pending): it gets our OPEN, the FSM is in OpenSent.
        if (c == second)
        {
            fsm.secondConnected();
        }
        writeOpen(c);
    }

    @Override
    public void disconnect()
    {
        flushOut(conn);
        conn.close();
    }

    @Override
    public void closeSecond(final BgpError notification)
    {
        if (notification != null && second.channel != null && !second.connecting)
        {
            LOG.log(Level.INFO, "{0}: {1}: closing the {2} connection", config.name(), notification,
                second.outgoing ? "outgoing" : "incoming");
            writeNotification(second, notification);
        }
        second.close();
        secondOpen = null;
    }

    @Override
    public void switchToSecond(final BgpError notification)
    {
        if (notification != null && conn.channel != null && !conn.connecting)
        {
            LOG.log(Level.INFO, "{0}: {1}: closing the {2} connection", config.name(), notification,
                conn.outgoing ? "outgoing" : "incoming");
            writeNotification(conn, notification);
        }
        conn.close();
        final Connection winner = second;
        second = conn;
        conn = winner;
        if (secondOpen != null)
        {
            applyOpen(secondOpen);
            secondOpen = null;
        }
    }

    boolean isConnected()
    {
        return conn.channel != null && !conn.connecting;
    }

    /** Whether the session's connection is the one we opened (false: the peer opened it). */
    public boolean initiatedLocally()
    {
        return fsm.primaryOutgoing();
    }

    /** Number of connection collisions decided for this neighbour (Cease 6/7 sent or a connection refused). */
    public long collisionsResolved()
    {
        return fsm.collisionsResolved();
    }

    /** @return collisions decided by comparing BGP Identifiers (RFC 4271 6.8), not by an Established connection. */
    public long collisionsByIdentifier()
    {
        return fsm.collisionsByIdentifier();
    }

    // ---------------------------------------------------------------- reading

    void onReadable(final Connection c)
    {
        int n;
        try
        {
            n = c.channel.read(c.in);
        }
        catch (final IOException e)
        {
            n = -1;
        }
        if (n < 0)
        {
            if (c == conn)
            {
                LOG.log(Level.INFO, "{0}: connection closed by peer in {1}", config.name(), fsm.state());
                fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
            }
            else
            {
                LOG.log(Level.INFO, "{0}: second connection closed by peer in {1}", config.name(), fsm.state());
                fsm.secondFailed();
            }
            return;
        }
        final ByteBuffer in = c.in;
        final UnsafeBuffer inView = c.inView;
        final int limit = in.position();
        int pos = 0;
        // A collision may swap the slots in the middle of a burst (the rest of it is then the session's traffic),
        // or close this connection (the rest is dropped): the slot is checked again for every message.
        while (c.channel != null && limit - pos >= Bgp.HEADER_LENGTH)
        {
            final BgpError headerError = MessageHeader.validate(inView, pos, Bgp.MAX_MESSAGE_LENGTH);
            if (headerError != null)
            {
                LOG.log(Level.WARNING, "{0}: {1}", config.name(), headerError);
                if (c == conn)
                {
                    fsm.handle(FsmEvent.BGP_MESSAGE_ERROR, noteSent(headerError));
                }
                else
                {
                    writeNotification(c, headerError);
                    fsm.secondFailed();
                }
                return;
            }
            final int length = MessageHeader.length(inView, pos);
            if (limit - pos < length)
            {
                break;
            }
            messagesReceived++;
            if (c == conn)
            {
                onMessage(inView, pos, length);
            }
            else
            {
                onSecondMessage(inView, pos, length);
            }
            pos += length;
        }
        if (c.channel == null)
        {
            return;
        }
        // Move the partial message to the front.
        in.limit(limit).position(pos);
        in.compact();
        rib.endOfBurst();
    }

    /**
     * A message on the second connection of a collision: only an OPEN is expected there (the peer sends nothing
     * else before it has our OPEN and its own went out first); it decides the collision.
     */
    private void onSecondMessage(final UnsafeBuffer inView, final int offset, final int length)
    {
        final int type = MessageHeader.type(inView, offset);
        if (type == Bgp.NOTIFICATION)
        {
            final BgpError n = MessageHeader.readNotification(inView, offset, length);
            LOG.log(Level.INFO, "{0}: NOTIFICATION on the second connection: {1}", config.name(),
                Bgp.errorName(n.code(), n.subcode()));
            fsm.secondFailed();
            return;
        }
        if (type != Bgp.OPEN)
        {
            writeNotification(second, BgpError.of(Bgp.ERR_FSM, Bgp.ERR_FSM_UNEXPECTED_IN_OPENSENT,
                "message type " + type + " before OPEN"));
            fsm.secondFailed();
            return;
        }
        final OpenMessage.Result r = OpenMessage.decode(inView, offset + Bgp.HEADER_LENGTH,
            length - Bgp.HEADER_LENGTH, speaker.config().profile());
        final BgpError error = r.error() != null ? r.error() : checkOpen(r.open());
        if (error != null)
        {
            LOG.log(Level.WARNING, "{0}: OPEN refused on the second connection: {1}", config.name(), error);
            writeNotification(second, error);
            fsm.secondFailed();
            return;
        }
        secondOpen = r.open();
        fsm.secondOpenReceived(r.open().holdTime(), r.open().bgpId(), r.open().asn());
    }

    private BgpError noteSent(final BgpError e)
    {
        lastNotificationSent = e;
        return e;
    }

    private void onMessage(final UnsafeBuffer inView, final int offset, final int length)
    {
        final int type = MessageHeader.type(inView, offset);
        switch (type)
        {
            case Bgp.OPEN -> onOpen(inView, offset, length);
            case Bgp.KEEPALIVE -> fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
            case Bgp.UPDATE -> onUpdate(inView, offset, length);
            case Bgp.NOTIFICATION ->
            {
                lastNotificationReceived = MessageHeader.readNotification(inView, offset, length);
                LOG.log(Level.WARNING, "{0}: NOTIFICATION received: {1}", config.name(),
                    Bgp.errorName(lastNotificationReceived.code(), lastNotificationReceived.subcode()));
                fsm.handle(FsmEvent.NOTIFICATION_RECEIVED, lastNotificationReceived);
            }
            case Bgp.ROUTE_REFRESH ->
            {
                routeRefreshesReceived++;
                if (fsm.state() == SessionState.ESTABLISHED)
                {
                    rib.peerUp(ribPeer, this, ipv4, ipv8, bgp8, nextHopSelf4(), nextHopSelf8());
                    fsm.handle(FsmEvent.UPDATE_RECEIVED);
                }
            }
            default ->
            {
                // Unreachable: MessageHeader.validate rejects unknown types.
            }
        }
    }

    private void onOpen(final UnsafeBuffer inView, final int offset, final int length)
    {
        if (fsm.state() != SessionState.OPEN_SENT)
        {
            fsm.openReceived(0); // the FSM answers with an FSM error in any other state
            return;
        }
        final OpenMessage.Result r = OpenMessage.decode(inView, offset + Bgp.HEADER_LENGTH,
            length - Bgp.HEADER_LENGTH, speaker.config().profile());
        if (r.error() != null)
        {
            LOG.log(Level.WARNING, "{0}: bad OPEN: {1}", config.name(), r.error());
            fsm.handle(FsmEvent.BGP_MESSAGE_ERROR, noteSent(r.error()));
            return;
        }
        final OpenMessage open = r.open();
        final BgpError check = checkOpen(open);
        if (check != null)
        {
            LOG.log(Level.WARNING, "{0}: OPEN refused: {1}", config.name(), check);
            fsm.handle(FsmEvent.BGP_MESSAGE_ERROR, noteSent(check));
            return;
        }
        applyOpen(open);
        fsm.openReceived(open.holdTime(), open.bgpId(), open.asn());
    }

    /** Negotiation from the peer's OPEN on the connection that carries the session. */
    private void applyOpen(final OpenMessage open)
    {
        peerOpen = open;
        final boolean peerHasMp = open.families().length > 0;
        ipv4 = config.ipv4() && (!peerHasMp || open.supports(Bgp.AFI_IPV4, Bgp.SAFI_UNICAST));
        ipv8 = config.ipv8() && open.supports(speaker.config().profile().ipv8Afi(),
            speaker.config().profile().ipv8Safi());
        bgp8 = config.ipv8() && open.bgp8();
        decoder.configure(open.fourOctetAs() >= 0, !config.ebgp(), ipv4, ipv8);
    }

    private BgpError checkOpen(final OpenMessage open)
    {
        if (open.asn() != config.peerAsn())
        {
            final byte[] data = {(byte)(open.myAs() >>> 8), (byte)open.myAs()};
            return BgpError.of(Bgp.ERR_OPEN, Bgp.ERR_OPEN_BAD_PEER_AS, data,
                "peer AS " + open.asn() + ", configured " + config.peerAsn());
        }
        if (open.bgpId() == speaker.config().routerId() && !config.ebgp())
        {
            return BgpError.of(Bgp.ERR_OPEN, Bgp.ERR_OPEN_BAD_BGP_ID, "peer uses our own BGP identifier");
        }
        final boolean ipv8Offered = config.ipv8() && open.supports(speaker.config().profile().ipv8Afi(),
            speaker.config().profile().ipv8Safi());
        if (ipv8Offered && open.fourOctetAs() < 0)
        {
            return BgpError.of(Bgp.ERR_OPEN, Bgp.ERR_OPEN_UNSUPPORTED_CAPABILITY,
                new byte[] {(byte)Bgp.CAP_FOUR_OCTET_AS, 0},
                "IPv8 family offered without the 4-octet AS capability");
        }
        return null;
    }

    private void onUpdate(final UnsafeBuffer inView, final int offset, final int length)
    {
        if (fsm.state() != SessionState.ESTABLISHED)
        {
            fsm.handle(FsmEvent.UPDATE_RECEIVED);
            return;
        }
        updatesReceived++;
        final UpdateDecoder.Outcome outcome = decoder.decode(inView, offset, length, this);
        if (outcome == UpdateDecoder.Outcome.SESSION_RESET)
        {
            LOG.log(Level.WARNING, "{0}: UPDATE error: {1}", config.name(), decoder.error());
            fsm.handle(FsmEvent.UPDATE_ERROR, noteSent(decoder.error()));
            return;
        }
        if (outcome == UpdateDecoder.Outcome.TREAT_AS_WITHDRAW)
        {
            LOG.log(Level.INFO, "{0}: UPDATE treated as withdraw: {1}", config.name(),
                decoder.treatAsWithdrawReason());
        }
        if (pendingCease != null)
        {
            final BgpError cease = pendingCease;
            pendingCease = null;
            LOG.log(Level.WARNING, "{0}: {1}", config.name(), cease);
            fsm.handle(FsmEvent.CEASE, noteSent(cease));
            return;
        }
        fsm.handle(FsmEvent.UPDATE_RECEIVED);
    }

    @Override
    public void announce(final long prefix, final int length, final PathAttributes attributes)
    {
        if (pendingCease == null)
        {
            rib.announce(ribPeer, prefix, length, attributes);
        }
    }

    @Override
    public void withdraw(final long prefix, final int length)
    {
        if (pendingCease == null)
        {
            rib.withdraw(ribPeer, prefix, length);
        }
    }

    void maxPrefixExceeded(final int limit)
    {
        if (pendingCease == null)
        {
            // RFC 4486: data = AFI (2), SAFI (1), upper bound (4).
            final byte[] data = {0, 1, 1, (byte)(limit >>> 24), (byte)(limit >>> 16), (byte)(limit >>> 8),
                (byte)limit};
            pendingCease = BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_MAX_PREFIXES, data,
                "more than " + limit + " prefixes accepted");
        }
    }

    // ---------------------------------------------------------------- FSM actions

    @Override
    public void sendOpen()
    {
        writeOpen(conn);
    }

    private void writeOpen(final Connection c)
    {
        final SpeakerConfig sc = speaker.config();
        final OpenMessage open = OpenMessage.local(sc.localAsn(), config.fsm().holdTimeSeconds(), sc.routerId(),
            config.ipv4(), config.ipv8(), sc.profile());
        final int len = open.encode(scratch, 0, sc.profile());
        write(c, scratch, len);
    }

    /** A NOTIFICATION on a connection that is about to be closed (written out at once). */
    private void writeNotification(final Connection c, final BgpError error)
    {
        final int len = MessageHeader.writeNotification(scratch, 0, error);
        write(c, scratch, len);
        flushOut(c);
    }

    @Override
    public void sendKeepalive()
    {
        final int len = MessageHeader.writeKeepalive(scratch, 0);
        write(scratch, len);
    }

    @Override
    public void sendNotification(final BgpError error)
    {
        lastNotificationSent = error;
        final int len = MessageHeader.writeNotification(scratch, 0, error);
        write(scratch, len);
        flushOut();
    }

    /** System.nanoTime() of the last transition to Established (0 if never); readable from any thread. */
    public long establishedAtNanos()
    {
        return establishedAtNanos;
    }

    @Override
    public void established()
    {
        establishedAtNanos = System.nanoTime();
        LOG.log(Level.INFO, "{0}: Established (ipv4={1}, ipv8={2}, bgp8={3}, hold={4}s)", config.name(), ipv4,
            ipv8, bgp8, fsm.negotiatedHoldSeconds());
        rib.peerUp(ribPeer, this, ipv4, ipv8, bgp8, nextHopSelf4(), nextHopSelf8());
        speaker.exportsPending();
    }

    @Override
    public void sessionDown(final String reason)
    {
        LOG.log(Level.INFO, "{0}: session down: {1}", config.name(), reason);
        pendingCease = null;
        rib.peerDown(ribPeer);
        ipv4 = false;
        ipv8 = false;
        bgp8 = false;
    }

    private long nextHopSelf4()
    {
        if (config.nextHop4() != 0)
        {
            return config.nextHop4();
        }
        return sessionAddress4();
    }

    private long sessionAddress4()
    {
        try
        {
            final SocketChannel channel = conn.channel;
            if (channel != null && channel.getLocalAddress() instanceof InetSocketAddress local &&
                local.getAddress() instanceof Inet4Address)
            {
                return addressOf(local.getAddress());
            }
        }
        catch (final IOException ignored)
        {
            // Fall through to the configured address.
        }
        return config.localAddress() != null ? addressOf(config.localAddress().getAddress()) : 0;
    }

    private long nextHopSelf8()
    {
        if (config.nextHop8() != 0)
        {
            return config.nextHop8();
        }
        return (speaker.config().localAsn() << 32) | sessionAddress4();
    }

    // ---------------------------------------------------------------- RIB output

    @Override
    public void announce(
        final PathAttributes attributes, final boolean ipv8Family, final long[] prefixes, final byte[] lengths,
        final int count)
    {
        int done = 0;
        while (done < count)
        {
            final int n = encoder.announce(scratch, 0, attributes, ipv8Family, prefixes, lengths, done,
                count - done, peerOpen == null || peerOpen.fourOctetAs() >= 0, bgp8);
            write(scratch, encoder.lastLength());
            updatesSent++;
            done += Math.max(n, 1);
        }
    }

    @Override
    public void withdraw(final boolean ipv8Family, final long[] prefixes, final byte[] lengths, final int count)
    {
        int done = 0;
        while (done < count)
        {
            final int n = encoder.withdraw(scratch, 0, ipv8Family, prefixes, lengths, done, count - done);
            write(scratch, encoder.lastLength());
            updatesSent++;
            done += Math.max(n, 1);
        }
    }

    // ---------------------------------------------------------------- writing

    private void write(final UnsafeBuffer src, final int length)
    {
        write(conn, src, length);
    }

    private void write(final Connection c, final UnsafeBuffer src, final int length)
    {
        if (c.channel == null)
        {
            return;
        }
        ByteBuffer out = c.out;
        if (out.remaining() < length)
        {
            flushOut(c);
            if (out.remaining() < length)
            {
                final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + length));
                out.flip();
                bigger.put(out);
                out = bigger;
                c.out = bigger;
            }
        }
        src.getBytes(0, out, out.position(), length);
        out.position(out.position() + length);
        // The speaker flushes every session at the end of its loop iteration: one write per burst.
    }

    void flushOut()
    {
        flushOut(conn);
        flushOut(second);
    }

    private void flushOut(final Connection c)
    {
        if (c.channel == null || c.connecting || c.out.position() == 0)
        {
            return;
        }
        final ByteBuffer out = c.out;
        out.flip();
        try
        {
            c.channel.write(out);
        }
        catch (final IOException e)
        {
            out.clear();
            speaker.defer(() ->
            {
                if (c.channel != null)
                {
                    if (c == conn)
                    {
                        fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
                    }
                    else
                    {
                        fsm.secondFailed();
                    }
                }
            });
            return;
        }
        out.compact();
        if (c.key != null && c.key.isValid())
        {
            c.key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /**
     * One TCP connection of the session with its buffers (selection key attachment). A session has two: the one
     * carrying the session and the second one held during a connection collision; buffers are allocated on first
     * use, so a neighbour that never sees a collision pays for one set.
     */
    static final class Connection
    {
        final BgpSession session;
        SocketChannel channel;
        SelectionKey key;
        boolean connecting;
        boolean outgoing;
        ByteBuffer in;
        UnsafeBuffer inView;
        ByteBuffer out;

        Connection(final BgpSession session)
        {
            this.session = session;
        }

        void attach(final SocketChannel ch, final boolean isOutgoing) throws IOException
        {
            if (in == null)
            {
                in = ByteBuffer.allocateDirect(READ_BUFFER);
                inView = new UnsafeBuffer(in);
                out = ByteBuffer.allocateDirect(1 << 16);
            }
            in.clear();
            out.clear();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel = ch;
            outgoing = isOutgoing;
            connecting = isOutgoing;
        }

        void close()
        {
            if (key != null)
            {
                key.cancel();
                key = null;
            }
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignored)
                {
                    // Nothing left to do with a socket that fails to close.
                }
                channel = null;
            }
            connecting = false;
            if (in != null)
            {
                in.clear();
                out.clear();
            }
        }
    }
}
