package org.ipv8router.testbed.host.link;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}) without forking: a fresh platform thread
 * calls {@code setns(open("/var/run/netns/NAME"), CLONE_NEWNET)} and then the action. Network namespaces are
 * per thread, and a socket belongs to the namespace it was created in for its whole life, so sockets opened by
 * the action (raw sockets, {@link java.nio.channels.DatagramChannel}s, ...) keep working from any thread later.
 * The helper thread ends after the action, so no other code ever runs in the wrong namespace.
 * <p>
 * Needs root (CAP_SYS_ADMIN). Keep the action short and do not start threads or use shared pools from it:
 * threads it creates inherit its namespace.
 */
public final class NetworkNamespace
{
    /** Where {@code ip netns} keeps its namespace handles. */
    public static final Path NETNS_DIR = Path.of("/var/run/netns");

    private NetworkNamespace()
    {
    }

    /**
     * Calls {@code action} in namespace {@code netns}; {@code null} or empty means the caller's own namespace.
     *
     * @throws IOException naming the namespace when it does not exist or cannot be entered; exceptions of the
     *                     action are rethrown as they are.
     */
    public static <T> T call(final String netns, final Callable<T> action) throws Exception
    {
        if (netns == null || netns.isEmpty())
        {
            return action.call();
        }
        if (netns.indexOf('/') >= 0 || netns.startsWith("."))
        {
            throw new IOException("network namespace name '" + netns + "' is not valid");
        }
        final Path handle = NETNS_DIR.resolve(netns);
        if (!Files.exists(handle))
        {
            throw new IOException("network namespace '" + netns + "' not found (" + handle + "); create it with " +
                "'ip netns add " + netns + "'");
        }
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = Thread.ofPlatform().name("netns-" + netns).unstarted(() ->
        {
            try
            {
                enter(netns, handle);
                result.set(action.call());
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });
        thread.start();
        thread.join();
        final Throwable ex = failure.get();
        if (ex instanceof Exception exception)
        {
            throw exception;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return result.get();
    }

    /** {@link #call} for actions that throw only IOException, e.g. opening a socket. */
    public static <T> T open(final String netns, final Callable<T> action) throws IOException
    {
        try
        {
            return call(netns, action);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw ex;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while entering network namespace '" + netns + "'", ex);
        }
        catch (final Exception ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    private static void enter(final String netns, final Path handle) throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCapture(arena);
            final int fd = (int)Libc.OPEN.invokeExact(state, arena.allocateFrom(handle.toString()),
                Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0)
            {
                throw new IOException("network namespace '" + netns + "': cannot open " + handle + ": " +
                    Libc.describe(Libc.errno(state)));
            }
            final int rc = (int)Libc.SETNS.invokeExact(state, fd, Libc.CLONE_NEWNET);
            final int errno = Libc.errno(state);
            final int ignored = (int)Libc.CLOSE.invokeExact(state, fd);
            if (rc != 0)
            {
                final String hint = errno == Libc.EPERM ? ": entering a network namespace needs root (CAP_SYS_ADMIN)" : "";
                throw new IOException("network namespace '" + netns + "': setns failed: " + Libc.describe(errno) + hint);
            }
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw Libc.rethrow(ex);
        }
    }
}
