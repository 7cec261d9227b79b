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

    private SocketChannel channel;
    private SelectionKey key;
    private boolean connecting;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final UnsafeBuffer inView = new UnsafeBuffer(in);
    private ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
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
        closeChannel();
        try
        {
            final SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (config.localAddress() != null)
            {
                ch.bind(new InetSocketAddress(config.localAddress().getAddress(), 0));
            }
            channel = ch;
            connecting = true;
            if (ch.connect(config.remote()))
            {
                connecting = false;
                key = ch.register(speaker.selector(), SelectionKey.OP_READ, this);
                speaker.defer(() -> fsm.handle(FsmEvent.TCP_CONNECTED));
            }
            else
            {
                key = ch.register(speaker.selector(), SelectionKey.OP_CONNECT, this);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            LOG.log(Level.DEBUG, "{0}: connect to {1} failed: {2}", config.name(), config.remote(), e.toString());
            closeChannel();
            speaker.defer(() -> fsm.handle(FsmEvent.TCP_CONNECTION_FAILS));
        }
    }

    /** An incoming connection matched to this neighbour. */
    void accept(final SocketChannel ch) throws IOException
    {
        final SessionState s = fsm.state();
        if (s == SessionState.OPEN_SENT || s == SessionState.OPEN_CONFIRM)
        {
            // Connection collision (RFC 4271 6.8). Both ends must keep the same connection; instead of waiting for
            // the BGP Identifier in the second OPEN we keep the connection initiated by the higher IP address,
            // which each end can decide at once and identically.
            final long local = addressOf(((InetSocketAddress)ch.getLocalAddress()).getAddress());
            final long remote = addressOf(((InetSocketAddress)ch.getRemoteAddress()).getAddress());
            if (Long.compareUnsigned(remote, local) < 0)
            {
                LOG.log(Level.INFO, "{0}: collision in {1}, keeping our own connection", config.name(), s);
                ch.close();
                return;
            }
            LOG.log(Level.INFO, "{0}: collision in {1}, taking the connection the peer opened", config.name(), s);
            sendNotification(BgpError.of(Bgp.ERR_CEASE, Bgp.CEASE_COLLISION, "connection collision"));
            closeChannel();
            fsm.collisionReplaced();
        }
        else if (s != SessionState.CONNECT && s != SessionState.ACTIVE)
        {
            LOG.log(Level.INFO, "{0}: rejecting incoming connection in state {1}", config.name(), s);
            ch.close();
            return;
        }
        closeChannel();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel = ch;
        connecting = false;
        key = ch.register(speaker.selector(), SelectionKey.OP_READ, this);
        fsm.handle(FsmEvent.TCP_CONNECTED);
    }

    void onConnectable()
    {
        try
        {
            if (channel.finishConnect())
            {
                connecting = false;
                key.interestOps(SelectionKey.OP_READ);
                fsm.handle(FsmEvent.TCP_CONNECTED);
            }
        }
        catch (final IOException e)
        {
            LOG.log(Level.DEBUG, "{0}: connect failed: {1}", config.name(), e.toString());
            closeChannel();
            fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
        }
    }

    @Override
    public void disconnect()
    {
        flushOut();
        closeChannel();
    }

    private void closeChannel()
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
        in.clear();
        out.clear();
    }

    boolean isConnected()
    {
        return channel != null && !connecting;
    }

    // ---------------------------------------------------------------- reading

    void onReadable()
    {
        int n;
        try
        {
            n = channel.read(in);
        }
        catch (final IOException e)
        {
            n = -1;
        }
        if (n < 0)
        {
            LOG.log(Level.INFO, "{0}: connection closed by peer in {1}", config.name(), fsm.state());
            fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
            return;
        }
        final int limit = in.position();
        int pos = 0;
        while (channel != null && limit - pos >= Bgp.HEADER_LENGTH)
        {
            final BgpError headerError = MessageHeader.validate(inView, pos, Bgp.MAX_MESSAGE_LENGTH);
            if (headerError != null)
            {
                LOG.log(Level.WARNING, "{0}: {1}", config.name(), headerError);
                fsm.handle(FsmEvent.BGP_MESSAGE_ERROR, noteSent(headerError));
                return;
            }
            final int length = MessageHeader.length(inView, pos);
            if (limit - pos < length)
            {
                break;
            }
            messagesReceived++;
            onMessage(pos, length);
            pos += length;
        }
        if (channel == null)
        {
            return;
        }
        // Move the partial message to the front.
        in.limit(limit).position(pos);
        in.compact();
        rib.endOfBurst();
    }

    private BgpError noteSent(final BgpError e)
    {
        lastNotificationSent = e;
        return e;
    }

    private void onMessage(final int offset, final int length)
    {
        final int type = MessageHeader.type(inView, offset);
        switch (type)
        {
            case Bgp.OPEN -> onOpen(offset, length);
            case Bgp.KEEPALIVE -> fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
            case Bgp.UPDATE -> onUpdate(offset, length);
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

    private void onOpen(final int offset, final int length)
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
        peerOpen = open;
        final boolean peerHasMp = open.families().length > 0;
        ipv4 = config.ipv4() && (!peerHasMp || open.supports(Bgp.AFI_IPV4, Bgp.SAFI_UNICAST));
        ipv8 = config.ipv8() && open.supports(speaker.config().profile().ipv8Afi(),
            speaker.config().profile().ipv8Safi());
        bgp8 = config.ipv8() && open.bgp8();
        decoder.configure(open.fourOctetAs() >= 0, !config.ebgp(), ipv4, ipv8);
        fsm.openReceived(open.holdTime());
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

    private void onUpdate(final int offset, final int length)
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
        final SpeakerConfig sc = speaker.config();
        final OpenMessage open = OpenMessage.local(sc.localAsn(), config.fsm().holdTimeSeconds(), sc.routerId(),
            config.ipv4(), config.ipv8(), sc.profile());
        final int len = open.encode(scratch, 0, sc.profile());
        write(scratch, len);
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
        if (channel == null)
        {
            return;
        }
        if (out.remaining() < length)
        {
            flushOut();
            if (out.remaining() < length)
            {
                final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + length));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
        }
        src.getBytes(0, out, out.position(), length);
        out.position(out.position() + length);
        // The speaker flushes every session at the end of its loop iteration: one write per burst.
    }

    void flushOut()
    {
        if (channel == null || connecting || out.position() == 0)
        {
            return;
        }
        out.flip();
        try
        {
            channel.write(out);
        }
        catch (final IOException e)
        {
            out.clear();
            speaker.defer(() ->
            {
                if (channel != null)
                {
                    fsm.handle(FsmEvent.TCP_CONNECTION_FAILS);
                }
            });
            return;
        }
        out.compact();
        if (key != null && key.isValid())
        {
            key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }
}
