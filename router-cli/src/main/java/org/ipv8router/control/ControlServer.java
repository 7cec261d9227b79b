package org.ipv8router.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.ipv8router.log.Log;

/**
 * The daemon's control socket: a UNIX domain stream socket speaking {@link ControlProtocol}, one virtual thread per
 * connection, requests served by {@link ControlHandlers}.
 * <p>
 * Start-up rules: the parent directory is created if missing; an existing path that accepts a connection belongs
 * to a running router and start fails (a second daemon never steals the socket); a path that refuses connections is
 * a stale socket left by a crash and is removed; any other file at the path is left alone and start fails. The
 * socket is made {@code rw-rw----} (0660) so the operator group can use the CLI. {@link #close()} removes the socket
 * file only if it is still the one this server bound.
 */
public final class ControlServer implements AutoCloseable
{
    private static final String COMPONENT = "control";

    private final Path path;
    private final ServerSocketChannel server;
    private final ControlHandlers handlers;
    private final Log log;
    private final Object fileKey;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(
        final Path path, final ServerSocketChannel server, final ControlHandlers handlers, final Log log,
        final Object fileKey)
    {
        this.path = path;
        this.server = server;
        this.handlers = handlers;
        this.log = log;
        this.fileKey = fileKey;
        this.acceptor = Thread.ofPlatform().name("ipv8-control-accept").daemon(true).unstarted(this::acceptLoop);
    }

    /**
     * Binds the socket and starts serving.
     *
     * @throws ControlException if another router owns the socket, the path is not a socket, or binding fails;
     *                          the message names the path.
     */
    public static ControlServer start(final Path socketPath, final ControlHandlers handlers, final Log log)
        throws ControlException
    {
        final Path path = socketPath.toAbsolutePath();
        try
        {
            final Path parent = path.getParent();
            if (parent != null && !Files.isDirectory(parent))
            {
                Files.createDirectories(parent);
            }
        }
        catch (final IOException e)
        {
            throw new ControlException("cannot create the directory of control socket " + path + ": " + e +
                " (run as root, or choose a writable path with --control)");
        }
        removeIfStale(path, log);

        final ServerSocketChannel server;
        try
        {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        }
        catch (final IOException e)
        {
            throw new ControlException("cannot open a UNIX domain socket: " + e);
        }
        try
        {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            final Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            final ControlServer controlServer = new ControlServer(path, server, handlers, log, key);
            controlServer.acceptor.start();
            log.info(COMPONENT, "listening", "socket", path, "protocol", ControlProtocol.VERSION, "mode", "0660");
            return controlServer;
        }
        catch (final BindException e)
        {
            closeQuietly(server);
            throw new ControlException("control socket " + path + " is in use: another ipv8-router is already " +
                "running on it (" + e.getMessage() + ")");
        }
        catch (final IOException e)
        {
            closeQuietly(server);
            throw new ControlException("cannot bind control socket " + path + ": " + e +
                " (choose a writable path with --control)");
        }
    }

    private static void removeIfStale(final Path path, final Log log) throws ControlException
    {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ||
            Files.isSymbolicLink(path))
        {
            throw new ControlException("control socket path " + path + " exists and is not a socket; " +
                "remove it or choose another path with --control");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path)))
        {
            Objects.requireNonNull(probe);
            throw new ControlException("another ipv8-router is already running on control socket " + path +
                " (it accepted a connection); stop it first or give this one another --instance or --control");
        }
        catch (final IOException e)
        {
            // Nobody listens: a socket file left behind by a router that did not stop cleanly.
            try
            {
                Files.deleteIfExists(path);
                log.warn(COMPONENT, "stale-socket-removed", "socket", path, "probe", e.getMessage());
            }
            catch (final IOException deleteFailed)
            {
                throw new ControlException("cannot remove stale control socket " + path + ": " + deleteFailed);
            }
        }
    }

    /** The socket's path. */
    public Path path()
    {
        return path;
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            final SocketChannel channel;
            try
            {
                channel = server.accept();
            }
            catch (final ClosedChannelException e)
            {
                return;
            }
            catch (final IOException e)
            {
                if (!closed)
                {
                    log.error(COMPONENT, "accept-failed", "socket", path, "error", e.toString());
                }
                return;
            }
            connections.add(channel);
            Thread.ofVirtual().name("ipv8-control-conn").start(() -> serve(channel));
        }
    }

    private void serve(final SocketChannel channel)
    {
        try (channel)
        {
            final InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            final OutputStream out = Channels.newOutputStream(channel);
            while (!closed)
            {
                final String line = readLine(in);
                if (line == null)
                {
                    return;
                }
                if (line.isBlank())
                {
                    continue;
                }
                final ControlProtocol.Response response = answer(line);
                out.write((ControlProtocol.encodeResponse(response) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        catch (final LineTooLongException e)
        {
            log.warn(COMPONENT, "request-refused", "reason", "line longer than " + ControlProtocol.MAX_LINE_OCTETS);
        }
        catch (final IOException e)
        {
            if (!closed)
            {
                log.debug(COMPONENT, "connection-error", "error", e.toString());
            }
        }
        finally
        {
            connections.remove(channel);
        }
    }

    private ControlProtocol.Response answer(final String line)
    {
        final ControlProtocol.Request request;
        try
        {
            request = ControlProtocol.decodeRequest(line);
        }
        catch (final ControlException e)
        {
            log.warn(COMPONENT, "bad-request", "error", e.getMessage());
            return ControlProtocol.Response.failure(e.getMessage());
        }
        if (request.version() != ControlProtocol.VERSION)
        {
            return ControlProtocol.Response.failure("control protocol version " + request.version() +
                " is not supported: this daemon speaks version " + ControlProtocol.VERSION +
                " (are the ipv8 tool and ipv8-router from the same build?)");
        }
        final ControlProtocol.Response response = handlers.dispatch(request);
        log.debug(COMPONENT, "request", "command", request.words(), "ok", response.ok());
        return response;
    }

    /** Reads a '\n'-terminated UTF-8 line; null at end of stream. */
    private static String readLine(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n')
            {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= ControlProtocol.MAX_LINE_OCTETS)
            {
                throw new LineTooLongException();
            }
            line.write(b);
        }
    }

    private static final class LineTooLongException extends IOException
    {
        private static final long serialVersionUID = 1L;
    }

    /** Stops accepting, closes open connections and removes the socket file if it is still ours. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        closeQuietly(server);
        for (final SocketChannel c : connections)
        {
            closeQuietly(c);
        }
        try
        {
            acceptor.join(2_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && Objects.equals(fileKey,
                Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey()))
            {
                Files.delete(path);
            }
        }
        catch (final IOException e)
        {
            log.warn(COMPONENT, "socket-remove-failed", "socket", path, "error", e.toString());
        }
        log.info(COMPONENT, "closed", "socket", path);
    }

    private static void closeQuietly(final java.io.Closeable c)
    {
        try
        {
            c.close();
        }
        catch (final IOException ignored)
        {
            // closing anyway
        }
    }
}
