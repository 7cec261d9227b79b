package org.ipv8router.daemon.bgp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.bgp8.fib.DataplaneRouteSink;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.fsm.SessionState;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.RouteValidator;
import org.ipv8router.bgp8.policy.Whois8RouteValidator;
import org.ipv8router.bgp8.rib.RibPeer;
import org.ipv8router.bgp8.rib.RouteView;
import org.ipv8router.bgp8.session.BgpSession;
import org.ipv8router.bgp8.session.BgpSpeaker;
import org.ipv8router.bgp8.session.PeerConfig;
import org.ipv8router.bgp8.session.SpeakerConfig;
import org.ipv8router.config.ConfigDiff;
import org.ipv8router.config.ConfigModel.Bgp8Neighbor;
import org.ipv8router.config.ConfigModel.Bgp8Network;
import org.ipv8router.config.ConfigModel.Bgp8Router;
import org.ipv8router.config.ConfigModel.Whois8Mode;
import org.ipv8router.config.ConfigModel.Whois8Settings;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlHandlers;
import org.ipv8router.control.ControlResult;
import org.ipv8router.daemon.DaemonContext;
import org.ipv8router.daemon.DaemonModule;
import org.ipv8router.daemon.ReloadTarget;
import org.ipv8router.daemon.ShutdownStep;
import org.ipv8router.daemon.forward.ForwardingModule;
import org.ipv8router.log.Log;
import org.ipv8router.whois8.TlsTrust;
import org.ipv8router.whois8.TrustAnchors;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Validator;
import org.ipv8router.wire.Ipv8Address;

/**
 * Runs the config's {@code router bgp8} block (the BGP8 speaker) and {@code whois8} block (the WHOIS8 validator)
 * inside the daemon, after the {@link ForwardingModule} it programs.
 * <ul>
 *   <li>Validator: a {@link Whois8Validator} wrapped in {@link Whois8RouteValidator} when a whois8 block exists,
 *       else allow-all with a WARN saying routes are not validated.</li>
 *   <li>FIB: a {@link DataplaneRouteSink} drained on every duty cycle of the forwarding module's FIB writer thread
 *       ({@link ForwardingModule#onFibWriterDutyCycle}), so that thread stays the only FIB writer.</li>
 *   <li>Stop: the speaker closes (NOTIFICATION Cease to every peer) before the forwarding module stops (steps run
 *       in reverse registration order, and this module starts after forwarding).</li>
 *   <li>Reload: neighbours added or removed are applied live; any other BGP8/WHOIS8 change is refused with
 *       its description (restart to apply).</li>
 * </ul>
 * Without a {@code router bgp8} block the module only logs that BGP8 is off; the placeholders stay.
 */
public final class Bgp8Module implements DaemonModule
{
    private static final String COMPONENT = "bgp8";
    /** WHOIS8 summaries and route views carry {@link java.time.Instant}s: written as ISO-8601 text. */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module
        .SimpleModule("instant-as-text").addSerializer(java.time.Instant.class,
            com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

    private final ForwardingModule forwarding;
    private final Map<String, BgpSession> sessions = new ConcurrentHashMap<>();
    private volatile BgpSpeaker speaker;
    private volatile Whois8Validator whois8;
    private Log log;
    private long localAsn;

    /** @param forwarding the module whose FIB this speaker programs; it must start first. */
    public Bgp8Module(final ForwardingModule forwarding)
    {
        this.forwarding = forwarding;
    }

    @Override
    public String name()
    {
        return "bgp8";
    }

    /** The running speaker, null before the start or without a router bgp8 block (tests). */
    public BgpSpeaker speaker()
    {
        return speaker;
    }

    @Override
    public void start(final DaemonContext context) throws Exception
    {
        log = context.log();
        final RouterConfig config = context.config();
        final Bgp8Router bgp = config.bgp8();
        // Registered even without a block: a reload that adds or changes one is refused, not silently ignored.
        context.addReloadTarget(new Reload());
        if (bgp == null)
        {
            log.info(COMPONENT, "disabled", "reason", "no 'router bgp8' block in " + config.source() +
                (config.whois8() != null ? "; the whois8 block is not used without it" : ""));
            final String off = "BGP8 is not configured: no 'router bgp8' block in " + config.source();
            for (final String words : List.of("show bgp", "clear bgp", "show whois8"))
            {
                context.handlers().registerNotConfigured(words, "BGP8/WHOIS8 (not configured)", off);
            }
            return;
        }
        localAsn = bgp.asn();
        final RouteValidator validator;
        final Whois8Settings w = config.whois8();
        if (w != null)
        {
            whois8 = new Whois8Validator(whois8Config(config.source(), w)).start();
            validator = new Whois8RouteValidator(whois8);
            log.info(COMPONENT, "whois8-started", "registry", w.registry(), "mode", mode(w.mode()));
        }
        else
        {
            validator = RouteValidator.allowAll();
            log.warn(COMPONENT, "routes-not-validated", "reason",
                "no 'whois8' block: every BGP8 route is accepted without WHOIS8 validation (R7/R8 off)");
        }

        final FibChannel fib = new FibChannel();
        final InetSocketAddress listen = bgp.listenHost() == null ? null :
            new InetSocketAddress(InetAddress.getByName(bgp.listenHost()), bgp.listenPort());
        final BgpSpeaker s = new BgpSpeaker(SpeakerConfig.of(bgp.asn(), bgp.routerId(), listen).withValidator(validator), fib);
        final DataplaneRouteSink sink = forwarding.onFibWriter("bgp8 fib sink", r -> new DataplaneRouteSink(r, fib));
        final AutoCloseable drain = forwarding.onFibWriterDutyCycle("bgp8 fib", sink::drain);
        try
        {
            s.start();
        }
        catch (final Exception e)
        {
            // Nothing half-started stays behind: the daemon then stops the modules that did start.
            drain.close();
            s.close();
            if (whois8 != null)
            {
                whois8.close();
            }
            throw new IllegalStateException(config.source() + ":" + bgp.line() + ": router bgp8: cannot start the speaker" +
                (listen != null ? " (listen " + listen + ")" : "") + ": " + e.getMessage(), e);
        }
        speaker = s;
        context.addShutdownStep(ShutdownStep.of("bgp8 (NOTIFICATION Cease, whois8)", () ->
        {
            speaker = null;
            s.close();
            drain.close();
            if (whois8 != null)
            {
                whois8.close();
            }
        }));
        log.info(COMPONENT, "started", "asn", bgp.asn(), "router-id", Ipv8Address.toIpv4(bgp.routerId()),
            "listen", s.boundAddress() == null ? "none" : s.boundAddress().toString());

        for (final Bgp8Neighbor n : bgp.neighbors())
        {
            addNeighbor(n);
        }
        final int maxLength = 32 + s.config().policy().maxHostLength();
        for (final Bgp8Network n : bgp.networks())
        {
            if ((n.prefix() >>> 32) != 0 && n.length64() > maxLength)
            {
                // Kept in the Loc-RIB, but the export policy (spec: at most maxHostLength host bits) never sends it.
                log.warn(COMPONENT, "network-not-exported", "network", Ipv8Address.toString(n.prefix()) + "/" +
                    (n.length64() - 32), "line", n.line(), "reason", "more than " + (maxLength - 32) +
                    " host bits: the export policy sends it to no eBGP peer");
            }
            if (n.eightToFourEndpoint() != 0)
            {
                // 8TO4-ENDPOINT (spec 5.1): the peer reaches the prefix IPv8-in-IPv4 to this address; encoded
                // ipv4 << 16 | port, port 0 for IP protocol 253.
                s.originate(n.prefix(), n.length64(), 0, new long[]{(n.eightToFourEndpoint() & 0xFFFF_FFFFL) << 16});
            }
            else
            {
                s.originate(n.prefix(), n.length64(), 0);
            }
        }
        registerHandlers(context.handlers());
    }

    private static String mode(final Whois8Mode m)
    {
        return m == Whois8Mode.PER_RN ? "per-rn" : "snapshot";
    }

    /** The client configuration; a file that cannot be read fails the start naming the block and the file. */
    private static Whois8Config whois8Config(final String source, final Whois8Settings w)
    {
        final String where = source + ":" + w.line() + ": whois8: ";
        final TrustAnchors anchors;
        try
        {
            anchors = TrustAnchors.load(Path.of(w.trustAnchor()));
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(where + "trust-anchor " + w.trustAnchor() + ": cannot be read: " + e, e);
        }
        final Whois8Config.Builder b = Whois8Config.builder()
            .baseUri(URI.create(w.registry()))
            .trustAnchors(anchors)
            .mode(w.mode() == Whois8Mode.PER_RN ? Whois8Config.Mode.PER_RN : Whois8Config.Mode.SNAPSHOT);
        if (w.ca() != null)
        {
            try
            {
                b.sslContext(TlsTrust.trustingCaFile(Path.of(w.ca())));
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(where + "ca " + w.ca() + ": cannot be read: " + e, e);
            }
        }
        if (w.pollSeconds() > 0)
        {
            b.snapshotPolling(Duration.ofSeconds(w.pollSeconds()), Duration.ofSeconds(Math.max(1, w.pollSeconds() / 6)));
        }
        return b.build();
    }

    private PeerConfig peerConfig(final Bgp8Neighbor n) throws Exception
    {
        final PeerConfig base = PeerConfig.of(n.address(),
            new InetSocketAddress(InetAddress.getByName(n.address()), n.port()), n.remoteAs(), localAsn).withFamilies(true, true);
        PeerPolicy policy = base.policy();
        if (n.maxPrefix() > 0)
        {
            policy = policy.withMaxPrefixes(n.maxPrefix());
        }
        if (n.linkCost() > 0)
        {
            policy = policy.withLinkCostFactor(n.linkCost());
        }
        PeerConfig p = base.withPolicy(policy);
        if (n.passive())
        {
            final FsmConfig f = p.fsm();
            p = p.withFsm(new FsmConfig(f.holdTimeSeconds(), f.connectRetrySeconds(), f.idleHoldSeconds(),
                f.idleHoldMaxSeconds(), f.openSentHoldSeconds(), true));
        }
        return p;
    }

    private void addNeighbor(final Bgp8Neighbor n) throws Exception
    {
        sessions.put(n.address(), speaker.addPeer(peerConfig(n)));
        log.info(COMPONENT, "neighbor-added", "neighbor", n.address(), "remote-as", n.remoteAs(), "port", n.port(),
            "passive", n.passive());
    }

    private void removeNeighbor(final String address)
    {
        final BgpSession s = sessions.remove(address);
        if (s != null)
        {
            speaker.removePeer(s);
            log.info(COMPONENT, "neighbor-removed", "neighbor", address);
        }
    }

    /** Resets a session: Cease, routes withdrawn, then the same neighbour started again. */
    void clear(final String address) throws ControlException
    {
        final BgpSpeaker s = running();
        final BgpSession old = sessions.get(address);
        if (old == null)
        {
            throw new ControlException("clear bgp: no neighbor " + address + "; neighbors: " + String.join(" ", sessions.keySet()));
        }
        final PeerConfig config = old.config();
        s.removePeer(old);
        sessions.put(address, s.addPeer(config));
        log.info(COMPONENT, "neighbor-cleared", "neighbor", address);
    }

    private BgpSpeaker running() throws ControlException
    {
        final BgpSpeaker s = speaker;
        if (s == null)
        {
            throw new ControlException("the BGP8 speaker is not running");
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ control commands

    /** One neighbour as shown by show bgp summary/neighbors, read on the speaker thread. */
    record NeighborView(String address, long remoteAs, int port, boolean passive, SessionState state, long uptimeSeconds,
        int received, int accepted, long updatesReceived, long updatesSent, String lastError)
    {
    }

    List<NeighborView> neighbors() throws ControlException
    {
        final BgpSpeaker s = running();
        final List<BgpSession> all = s.sessions(); // a query of its own: not nested inside the one below
        return s.query(() ->
        {
            final List<NeighborView> list = new ArrayList<>();
            final long now = System.nanoTime();
            for (final BgpSession session : all)
            {
                final PeerConfig c = session.config();
                final RibPeer p = session.ribPeer();
                final boolean up = session.state() == SessionState.ESTABLISHED;
                final Object err = session.lastNotificationReceived() != null ? session.lastNotificationReceived() :
                    session.lastNotificationSent();
                list.add(new NeighborView(c.remote().getAddress().getHostAddress(), c.peerAsn(), c.remote().getPort(),
                    c.fsm().passive(), session.state(), up ? (now - session.establishedAtNanos()) / 1_000_000_000L : -1,
                    p == null ? 0 : p.adjRibInSize(), p == null ? 0 : p.accepted(), session.updatesReceived(),
                    session.updatesSent(), err == null ? null : err.toString()));
            }
            return list;
        });
    }

    private void registerHandlers(final ControlHandlers handlers)
    {
        handlers.register("show bgp", "BGP8 summary | neighbors | routes [RN]", (args, json) ->
        {
            final String what = args.isEmpty() ? "summary" : args.getFirst();
            return switch (what)
            {
                case "summary" -> summary();
                case "neighbors", "neighbours" -> neighborsResult();
                case "routes" -> routes(args.size() > 1 ? args.get(1) : null);
                default -> throw new ControlException("usage: show bgp summary | neighbors | routes [RN]");
            };
        });
        handlers.register("clear bgp", "reset a BGP8 session: clear bgp PEER|*", (args, json) ->
        {
            if (args.size() != 1)
            {
                throw new ControlException("usage: clear bgp PEER|*");
            }
            final List<String> cleared = new ArrayList<>();
            if ("*".equals(args.getFirst()))
            {
                for (final String a : List.copyOf(sessions.keySet()))
                {
                    clear(a);
                    cleared.add(a);
                }
            }
            else
            {
                clear(args.getFirst());
                cleared.add(args.getFirst());
            }
            final ObjectNode data = MAPPER.createObjectNode();
            final ArrayNode a = data.putArray("cleared");
            cleared.forEach(a::add);
            return new ControlResult("cleared " + String.join(" ", cleared) + "\n", data);
        });
        handlers.register("show whois8", "WHOIS8 registry state [ROWS]", (args, json) ->
        {
            final Whois8Validator w = whois8;
            if (w == null)
            {
                throw new ControlException("no 'whois8' block: WHOIS8 is off and BGP8 routes are not validated");
            }
            int rows = 50;
            if (!args.isEmpty())
            {
                try
                {
                    rows = Integer.parseInt(args.getFirst());
                }
                catch (final NumberFormatException e)
                {
                    throw new ControlException("usage: show whois8 [ROWS]");
                }
            }
            return new ControlResult(w.show(rows), MAPPER.valueToTree(w.summary()));
        });
    }

    private ControlResult summary() throws ControlException
    {
        final BgpSpeaker s = running();
        final List<NeighborView> list = neighbors();
        final StringBuilder text = new StringBuilder();
        text.append("BGP8 router identifier ").append(Ipv8Address.toIpv4(s.config().routerId()))
            .append(", local AS ").append(s.config().localAsn()).append('\n');
        text.append(String.format("%-16s %10s %-12s %10s %10s %10s%n", "Neighbor", "AS", "State", "Up(s)", "PfxRcd", "PfxAcc"));
        final ObjectNode data = MAPPER.createObjectNode();
        data.put("router_id", Ipv8Address.toIpv4(s.config().routerId()));
        data.put("local_as", s.config().localAsn());
        final ArrayNode arr = data.putArray("neighbors");
        for (final NeighborView n : list)
        {
            text.append(String.format("%-16s %10d %-12s %10s %10d %10d%n", n.address(), n.remoteAs(), stateName(n.state()),
                n.uptimeSeconds() < 0 ? "-" : Long.toString(n.uptimeSeconds()), n.received(), n.accepted()));
            arr.add(neighborJson(n));
        }
        return new ControlResult(text.toString(), data);
    }

    private ControlResult neighborsResult() throws ControlException
    {
        final List<NeighborView> list = neighbors();
        final StringBuilder text = new StringBuilder();
        final ObjectNode data = MAPPER.createObjectNode();
        final ArrayNode arr = data.putArray("neighbors");
        for (final NeighborView n : list)
        {
            text.append("BGP8 neighbor ").append(n.address()).append(" port ").append(n.port())
                .append(", remote AS ").append(n.remoteAs()).append(n.passive() ? ", passive" : "").append('\n')
                .append("  state ").append(stateName(n.state()))
                .append(n.uptimeSeconds() < 0 ? "" : ", up " + n.uptimeSeconds() + " s").append('\n')
                .append("  prefixes received ").append(n.received()).append(", accepted ").append(n.accepted()).append('\n')
                .append("  updates received ").append(n.updatesReceived()).append(", sent ").append(n.updatesSent()).append('\n')
                .append("  last notification ").append(n.lastError() == null ? "none" : n.lastError()).append('\n');
            arr.add(neighborJson(n));
        }
        return new ControlResult(text.toString(), data);
    }

    private static ObjectNode neighborJson(final NeighborView n)
    {
        final ObjectNode o = MAPPER.createObjectNode();
        o.put("address", n.address());
        o.put("port", n.port());
        o.put("remote_as", n.remoteAs());
        o.put("passive", n.passive());
        o.put("state", stateName(n.state()));
        if (n.uptimeSeconds() < 0)
        {
            o.putNull("uptime_seconds");
        }
        else
        {
            o.put("uptime_seconds", n.uptimeSeconds());
        }
        o.put("prefixes_received", n.received());
        o.put("prefixes_accepted", n.accepted());
        o.put("updates_received", n.updatesReceived());
        o.put("updates_sent", n.updatesSent());
        o.put("last_notification", n.lastError());
        return o;
    }

    private static String stateName(final SessionState state)
    {
        return switch (state)
        {
            case IDLE -> "Idle";
            case CONNECT -> "Connect";
            case ACTIVE -> "Active";
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            case ESTABLISHED -> "Established";
        };
    }

    private ControlResult routes(final String rnText) throws ControlException
    {
        final BgpSpeaker s = running();
        final List<RouteView> routes;
        if (rnText == null)
        {
            routes = s.routes();
        }
        else
        {
            final long rn;
            try
            {
                rn = Long.parseLong(rnText);
            }
            catch (final NumberFormatException e)
            {
                throw new ControlException("show bgp routes: RN must be a decimal ASN, found '" + rnText + "'");
            }
            routes = s.routes(rn);
        }
        final ObjectNode data = MAPPER.createObjectNode();
        final ArrayNode arr = data.putArray("routes");
        for (final RouteView r : routes)
        {
            final ObjectNode o = arr.addObject();
            o.put("prefix", r.prefixText());
            o.put("length64", r.length());
            o.put("peer", r.peer());
            o.put("origin_as", r.originAsn());
            o.put("next_hop", Ipv8Address.toString(r.nextHop()));
            o.put("verdict", String.valueOf(r.verdict()));
            o.put("validation", String.valueOf(r.validation()));
            o.put("reason", r.reason());
            o.put("best", r.best());
        }
        data.put("count", routes.size());
        return new ControlResult(RouteView.format(routes), data);
    }

    // ---------------------------------------------------------------------------------------------------- reload

    private final class Reload implements ReloadTarget
    {
        @Override
        public String name()
        {
            return "bgp8";
        }

        @Override
        public void check(final ConfigDiff diff, final RouterConfig before, final RouterConfig after) throws Exception
        {
            final List<String> refused = new ArrayList<>();
            for (final ConfigDiff.GlobalChange g : diff.bgpSettings())
            {
                refused.add(g.knob() + " " + g.before() + " -> " + g.after());
            }
            for (final ConfigDiff.Change<Bgp8Neighbor> c : diff.bgpNeighbors().changed())
            {
                refused.add("neighbor " + c.after().address() + ": " + String.join(", ", c.what()) +
                    " (remove and add the neighbor, or restart)");
            }
            if (!refused.isEmpty())
            {
                throw new IllegalArgumentException("bgp8 cannot apply the change live, restart to apply: " +
                    String.join("; ", refused));
            }
        }

        @Override
        public void apply(final ConfigDiff diff, final RouterConfig before, final RouterConfig after) throws Exception
        {
            if (speaker == null)
            {
                return;
            }
            for (final Bgp8Neighbor n : diff.bgpNeighbors().removed())
            {
                removeNeighbor(n.address());
            }
            for (final Bgp8Neighbor n : diff.bgpNeighbors().added())
            {
                addNeighbor(n);
            }
        }
    }
}
