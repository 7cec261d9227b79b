package org.ipv8router.control;

import java.util.List;

/**
 * An operational command served by the daemon over the control socket ({@code show version}, {@code show route},
 * {@code clear bgp}, ...), registered under its command words in {@link ControlHandlers}.
 * <p>
 * Handlers run on the control socket's connection threads, possibly several at once: they must be thread safe
 * and must not block the data plane (read published state; never take a forwarding thread's lock).
 */
@FunctionalInterface
public interface ControlHandler
{
    /**
     * @param args the request's words after the handler's registered words ({@code show route 64496.10.0.0.0/16}
     *             registered as "show route" gets {@code [64496.10.0.0.0/16]}).
     * @param json true if the client asked for JSON; a handler may then leave the text out.
     * @return the answer.
     * @throws ControlException with a message for the operator (bad argument, not found); the client prints it
     *                          and exits 1.
     */
    ControlResult handle(List<String> args, boolean json) throws ControlException;
}
