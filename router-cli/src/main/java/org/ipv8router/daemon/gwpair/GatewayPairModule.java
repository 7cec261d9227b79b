package org.ipv8router.daemon.gwpair;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.config.ConfigModel.InterfaceConfig;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlResult;
import org.ipv8router.daemon.DaemonContext;
import org.ipv8router.daemon.DaemonModule;
import org.ipv8router.daemon.ShutdownStep;
import org.ipv8router.daemon.forward.ForwardingModule;
import org.ipv8router.dataplane.gwpair.GatewayPairSpeaker;
import org.ipv8router.dataplane.gwpair.GatewayPairTimers;
import org.ipv8router.log.Log;
import org.ipv8router.wire.EthernetFrame;
import org.ipv8router.wire.Ipv8Address;

/**
 * The .254/.253 gateway pair as a {@link DaemonModule} (spec 7.7, profile section 9): runs the router's
 * {@link GatewayPairSpeaker} on the forwarding module's control thread ("ipv8-fwd-control"): its {@code poll} as
 * duty-cycle work (hellos every hello interval, dead-peer expiry, gratuitous ARP8/ARP), its {@code onFrame} on
 * every punted frame (hellos to {@code 255.255.0.0.224.0.0.1} are punted as link-local multicast). Decisions reach
 * the data plane as release stores into the router's gateway-pair table; frames leave through its control
 * transmit queue; the forwarding thread never waits for this module.
 * <ul>
 *   <li>Logs (component {@code gateway-pair}): {@code started}, {@code own-vip-active}, {@code peer-up},
 *       {@code peer-down} (WARN), {@code takeover} (WARN), {@code give-back}, {@code bad-hello} (WARN, first of
 *       each kind; the counter has all), {@code timers-mismatch} (WARN, once: the peer's hello carries other
 *       timers than ours).</li>
 *   <li>Counters (counters file, per interface): {@code gateway-pair IF hellos-sent|hellos-received|hellos-bad|
 *       takeovers|give-backs}.</li>
 *   <li>Command: {@code show gateway-pair} (text and {@code --json}).</li>
 * </ul>
 * Start it after the forwarding module. Without any {@code ipv8 gateway-pair} interface line the module only
 * registers a {@code show gateway-pair} that says so.
 */
public final class GatewayPairModule implements DaemonModule
{
    static final String COMPONENT = "gateway-pair";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ForwardingModule forwarding;
    private volatile GatewayPairSpeaker speaker;
    private Log log;

    /** @param forwarding the module whose router this pair runs on; it must start first. */
    public GatewayPairModule(final ForwardingModule forwarding)
    {
        this.forwarding = forwarding;
    }

    @Override
    public String name()
    {
        return COMPONENT;
    }

    @Override
    public void start(final DaemonContext context) throws Exception
    {
        log = context.log();
        final RouterConfig config = context.config();
        final long pairs = config.interfaces().stream().filter(i -> i.gatewayPair() != null).count();
        if (pairs == 0)
        {
            context.handlers().registerNotConfigured("show gateway-pair",
                "the .254/.253 gateway pairs (not configured)",
                "no gateway pair is configured: no 'ipv8 gateway-pair even|odd peer ADDRESS' line in " +
                    config.source());
            return;
        }
        final GatewayPairTimers timers = config.gatewayPairTimers();
        final GatewayPairSpeaker s = forwarding.onFibWriter("gateway-pair start", r ->
        {
            final GatewayPairSpeaker created = new GatewayPairSpeaker(r, timers, context.counters(), this::onEvent);
            created.start(System.nanoTime());
            return created;
        });
        final AutoCloseable punt = forwarding.onPunt((port, buffer, offset, length) ->
            s.onFrame(port, buffer, offset, length, System.nanoTime()));
        final AutoCloseable duty = forwarding.onFibWriterDutyCycle("gateway-pair", () -> s.poll(System.nanoTime()));
        speaker = s;
        context.addShutdownStep(ShutdownStep.of("gateway-pair (resign hello: the peer takes over at once)", () ->
        {
            speaker = null;
            duty.close();
            punt.close();
            try
            {
                final int sent = forwarding.onFibWriter("gateway-pair resign", r -> s.resign());
                // The forwarding thread sends queued control frames on its next duty cycle; give it that cycle.
                final long deadline = System.nanoTime() + 200_000_000L;
                while (!forwarding.router().controlTx().isEmpty() && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                Thread.sleep(5);
                log.info(COMPONENT, "resigned", "hellos", sent);
            }
            catch (final IllegalStateException e)
            {
                log.warn(COMPONENT, "resign-failed", "error", e.getMessage());
            }
        }));
        context.handlers().register("show gateway-pair", "the .254/.253 gateway pairs: state, peer, counters",
            (args, json) -> show());
        for (final InterfaceConfig i : config.interfaces())
        {
            if (i.gatewayPair() != null)
            {
                log.info(COMPONENT, "started", "interface", i.name(), "parity", i.gatewayPair().even() ? "even" : "odd",
                    "peer", Ipv8Address.toString(i.gatewayPair().peer()), "vlan", i.gatewayPair().vlan(),
                    "hello-ms", timers.helloIntervalMs(), "dead-ms", timers.deadIntervalMs(),
                    "preempt-delay-ms", timers.preemptDelayMs(), "udp-port", timers.udpPort(),
                    "hello-destination", timers.helloDestination().keyword());
            }
        }
    }

    private void onEvent(final String interfaceName, final String event, final String detail)
    {
        final boolean bad = event.equals("takeover") || event.equals("peer-down") || event.equals("bad-hello") ||
            event.equals("timers-mismatch");
        if (bad)
        {
            log.warn(COMPONENT, event, "interface", interfaceName, "detail", detail);
        }
        else
        {
            log.info(COMPONENT, event, "interface", interfaceName, "detail", detail);
        }
    }

    /** @return every pair's status, read on the speaker's thread. */
    public List<GatewayPairSpeaker.Status> status()
    {
        final GatewayPairSpeaker s = speaker;
        if (s == null)
        {
            throw new IllegalStateException("the gateway-pair module is not running");
        }
        return forwarding.onFibWriter("show gateway-pair", r -> s.status(System.nanoTime()));
    }

    private ControlResult show() throws ControlException
    {
        final GatewayPairSpeaker s = speaker;
        if (s == null)
        {
            throw new ControlException("the gateway-pair module is not running");
        }
        final List<GatewayPairSpeaker.Status> list;
        try
        {
            list = status();
        }
        catch (final IllegalStateException e)
        {
            throw new ControlException("show gateway-pair: " + e.getMessage());
        }
        final GatewayPairTimers t = s.timers();
        final StringBuilder text = new StringBuilder();
        final ObjectNode data = MAPPER.createObjectNode();
        final ObjectNode timers = data.putObject("timers");
        timers.put("hello_interval_ms", t.helloIntervalMs());
        timers.put("dead_interval_ms", t.deadIntervalMs());
        timers.put("preempt_delay_ms", t.preemptDelayMs());
        timers.put("udp_port", t.udpPort());
        timers.put("hello_destination", t.helloDestination().keyword());
        final ArrayNode pairs = data.putArray("pairs");
        for (final GatewayPairSpeaker.Status p : list)
        {
            final ObjectNode o = pairs.addObject();
            o.put("interface", p.interfaceName());
            o.put("parity", p.even() ? "even" : "odd");
            o.put("vlan", p.vlan());
            o.put("state", p.state());
            o.put("own_vip", Ipv8Address.toString(p.ownVip()));
            o.put("own_mac", EthernetFrame.formatMac(p.ownMac()));
            o.put("own_active", p.ownActive());
            o.put("peer_vip", Ipv8Address.toString(p.peerVip()));
            o.put("peer_mac", EthernetFrame.formatMac(p.peerMac()));
            o.put("peer_held", p.peerHeld());
            o.put("peer_state", p.peer().name().toLowerCase());
            o.put("last_hello_age_ms", p.lastHelloAgeMs());
            o.put("last_peer_sequence", p.lastPeerSequence());
            o.put("hello_mac", EthernetFrame.formatMac(p.helloMac()));
            o.put("hellos_sent", p.hellosSent());
            o.put("hellos_received", p.hellosReceived());
            o.put("hellos_bad", p.hellosBad());
            o.put("takeovers", p.takeovers());
            o.put("give_backs", p.giveBacks());
            if (p.lastBadReason() != null)
            {
                o.put("last_bad_reason", p.lastBadReason());
            }
            text.append("interface ").append(p.interfaceName()).append("  ").append(p.even() ? "even" : "odd")
                .append("  vlan ").append(p.vlan()).append("  state ").append(p.state()).append('\n');
            text.append("  own VIP   ").append(Ipv8Address.toString(p.ownVip())).append("  ")
                .append(EthernetFrame.formatMac(p.ownMac())).append("  ").append(p.ownActive() ? "active" : "standby")
                .append('\n');
            text.append("  peer VIP  ").append(Ipv8Address.toString(p.peerVip())).append("  ")
                .append(EthernetFrame.formatMac(p.peerMac())).append("  ").append(p.peerHeld() ? "HELD (takeover)" :
                    "not held").append('\n');
            text.append("  peer      ").append(p.peer().name().toLowerCase());
            if (p.lastHelloAgeMs() >= 0)
            {
                text.append(", last hello ").append(p.lastHelloAgeMs()).append(" ms ago, sequence ")
                    .append(p.lastPeerSequence());
            }
            text.append('\n');
            text.append("  hellos    to ").append(EthernetFrame.formatMac(p.helloMac())).append(" sent ")
                .append(p.hellosSent()).append(" received ").append(p.hellosReceived())
                .append(" bad ").append(p.hellosBad()).append("; takeovers ").append(p.takeovers())
                .append(" give-backs ").append(p.giveBacks()).append('\n');
            if (p.lastBadReason() != null)
            {
                text.append("  last bad  ").append(p.lastBadReason()).append('\n');
            }
        }
        text.append("timers: hello ").append(t.helloIntervalMs()).append(" ms, dead ").append(t.deadIntervalMs())
            .append(" ms, preempt-delay ").append(t.preemptDelayMs()).append(" ms, udp-port ").append(t.udpPort())
            .append(", hello-destination ").append(t.helloDestination().keyword()).append('\n');
        return new ControlResult(text.toString(), data);
    }
}
