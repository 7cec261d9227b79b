package org.ipv8router.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Sends one request to a running daemon over its control socket and waits for the answer, with a deadline.
 * Errors are worded for the operator: {@code no router at /run/ipv8-router/default.sock: is ipv8-router running?}
 * when nothing listens, {@code ... did not answer within 5 s} on a timeout, the daemon's own message when it
 * refuses the request (as a {@link ControlProtocol.Response} with {@code ok = false}, not an exception).
 */
public final class ControlClient
{
    /** Default deadline for connect + request + response. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Path path;
    private final Duration timeout;

    public ControlClient(final Path path, final Duration timeout)
    {
        this.path = path;
        this.timeout = timeout;
    }

    /** The socket this client talks to. */
    public Path path()
    {
        return path;
    }

    /**
     * Sends {@code command args...} and returns the daemon's response (which may be a refusal: check
     * {@link ControlProtocol.Response#ok()}).
     *
     * @throws ControlException if the daemon cannot be reached, does not answer in time, or answers garbage.
     */
    public ControlProtocol.Response request(final String command, final List<String> args, final boolean json)
        throws ControlException
    {
        final String line = ControlProtocol.encodeRequest(
            new ControlProtocol.Request(ControlProtocol.VERSION, command, args, json)) + "\n";
        return ControlProtocol.decodeResponse(exchange(line));
    }

    /**
     * Sends one raw line (tests use this to send malformed requests) and returns the raw response line.
     *
     * @throws ControlException as for {@link #request}.
     */
    public String exchange(final String requestLine) throws ControlException
    {
        if (!Files.exists(path))
        {
            throw notRunning("the socket does not exist");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Selector selector = Selector.open())
        {
            try
            {
                channel.connect(UnixDomainSocketAddress.of(path)); // local: completes or fails at once
            }
            catch (final IOException e)
            {
                throw notRunning("nothing listens on it: " + e.getMessage() + "; a stale socket from a crashed router?");
            }
            channel.configureBlocking(false);
            final ByteBuffer out = ByteBuffer.wrap(requestLine.getBytes(StandardCharsets.UTF_8));
            final SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            while (out.hasRemaining())
            {
                await(selector, deadline);
                channel.write(out);
            }
            key.interestOps(SelectionKey.OP_READ);
            final ByteArrayOutputStream response = new ByteArrayOutputStream(4096);
            final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true)
            {
                await(selector, deadline);
                in.clear();
                final int n = channel.read(in);
                if (n < 0)
                {
                    throw new ControlException("ipv8-router at " + path + " closed the connection without answering");
                }
                for (int i = 0; i < n; i++)
                {
                    final byte b = in.get(i);
                    if (b == '\n')
                    {
                        return response.toString(StandardCharsets.UTF_8);
                    }
                    response.write(b);
                }
                if (response.size() > ControlProtocol.MAX_LINE_OCTETS)
                {
                    throw new ControlException("ipv8-router at " + path + " sent a response longer than " +
                        ControlProtocol.MAX_LINE_OCTETS + " octets");
                }
            }
        }
        catch (final IOException e)
        {
            throw new ControlException("talking to ipv8-router at " + path + " failed: " + e, e);
        }
    }

    private void await(final Selector selector, final long deadline) throws IOException, ControlException
    {
        while (true)
        {
            final long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0)
            {
                throw new ControlException("ipv8-router at " + path + " did not answer within " +
                    timeout.toMillis() + " ms");
            }
            if (selector.select(remainingMs) > 0)
            {
                selector.selectedKeys().clear();
                return;
            }
        }
    }

    private ControlException notRunning(final String why)
    {
        return new ControlException("no router at " + path + ": is ipv8-router running? (" + why + ")");
    }
}
