package org.ipv8router.daemon.forward;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlResult;

/** One {@code ping8} run: requests one after another, each waited for up to the timeout; ping(8)-like report. */
final class Ping8Run
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ForwardingModule module;
    private final Ping8Request request;

    Ping8Run(final ForwardingModule module, final Ping8Request request)
    {
        this.module = module;
        this.request = request;
    }

    ControlResult run() throws ControlException
    {
        final Ping8 ping = module.ping8();
        final Ping8.Route route;
        try
        {
            route = ping.route(request.destination());
        }
        catch (final RuntimeException e)
        {
            throw new ControlException("ping8: " + ForwardingModule.message(e));
        }
        final String dst = ForwardingCommands.addressText(request.destination());
        final String src = ForwardingCommands.addressText(route.source());
        final StringBuilder text = new StringBuilder(String.format("PING8 %s from %s %s: %d data octets%n", dst, src,
            route.interfaceName(), request.size()));
        final ObjectNode data = MAPPER.createObjectNode();
        data.put("destination", dst);
        data.put("source", src);
        data.put("interface", route.interfaceName());
        data.put("data_octets", request.size());
        final ArrayNode replies = data.putArray("replies");
        final ArrayNode errors = data.putArray("errors");
        final int identifier = Ping8.nextIdentifier();
        int received = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (int seq = 1; seq <= request.count(); seq++)
        {
            final long started = System.nanoTime();
            final CompletableFuture<Ping8.Answer> answer = ping.expect(identifier, seq);
            try
            {
                ping.originate(Frames.echoRequest(route.source(), request.destination(), identifier, seq,
                    request.size(), started));
            }
            catch (final RuntimeException e)
            {
                ping.forget(identifier, seq);
                throw new ControlException("ping8: cannot send: " + ForwardingModule.message(e));
            }
            Ping8.Answer a = null;
            try
            {
                a = answer.get(request.timeoutMs(), TimeUnit.MILLISECONDS);
            }
            catch (final TimeoutException e)
            {
                ping.forget(identifier, seq);
            }
            catch (final ExecutionException e)
            {
                throw new ControlException("ping8: " + ForwardingModule.message(e.getCause()));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new ControlException("ping8: interrupted");
            }
            final String from = a == null ? null : ForwardingCommands.addressText(a.from());
            if (a == null)
            {
                text.append(String.format("no answer for icmp_seq=%d within %d ms%n", seq, request.timeoutMs()));
                errors.addObject().put("seq", seq).put("error", "timeout");
            }
            else if (a.reply())
            {
                final double rtt = (a.receivedNanos() - started) / 1e6;
                received++;
                min = Math.min(min, rtt);
                max = Math.max(max, rtt);
                sum += rtt;
                text.append(String.format("%d octets from %s: icmp_seq=%d ttl=%d time=%.3f ms%n", a.length(), from, seq,
                    a.ttl(), rtt));
                replies.addObject().put("seq", seq).put("from", from).put("ttl", a.ttl()).put("octets", a.length())
                    .put("rtt_ms", Math.round(rtt * 1000) / 1000.0);
            }
            else
            {
                final String what = describe(a.type(), a.code());
                text.append(String.format("From %s icmp_seq=%d %s%n", from, seq, what));
                errors.addObject().put("seq", seq).put("error", what).put("from", from).put("type", a.type())
                    .put("code", a.code());
            }
            final long waitMs = request.intervalMs() - (System.nanoTime() - started) / 1_000_000;
            if (seq < request.count() && waitMs > 0)
            {
                try
                {
                    Thread.sleep(waitMs);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    throw new ControlException("ping8: interrupted");
                }
            }
        }
        final int sent = request.count();
        final int loss = (int)Math.round(100.0 * (sent - received) / sent);
        data.put("sent", sent);
        data.put("received", received);
        data.put("loss_percent", loss);
        text.append(String.format("%n--- %s ping8 statistics ---%n%d packets transmitted, %d received, %d%% packet loss%n",
            dst, sent, received, loss));
        if (received > 0)
        {
            final double avg = sum / received;
            text.append(String.format("rtt min/avg/max = %.3f/%.3f/%.3f ms%n", min, avg, max));
            data.putObject("rtt_ms").put("min", round(min)).put("avg", round(avg)).put("max", round(max));
        }
        else
        {
            data.putNull("rtt_ms");
        }
        return new ControlResult(text.toString(), data);
    }

    private static double round(final double ms)
    {
        return Math.round(ms * 1000) / 1000.0;
    }

    private static String describe(final int type, final int code)
    {
        return switch (type)
        {
            case 3 -> switch (code)
            {
                case 0 -> "Destination Net Unreachable";
                case 1 -> "Destination Host Unreachable";
                case 6 -> "Destination ASN Unknown";
                case 13 -> "Communication Administratively Prohibited";
                default -> "Destination Unreachable (code " + code + ")";
            };
            case 11 -> "Time to live exceeded";
            case 12 -> "Parameter problem";
            default -> "ICMP type " + type + " code " + code;
        };
    }
}
