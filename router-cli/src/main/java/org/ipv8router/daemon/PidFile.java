package org.ipv8router.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemon's pid file: the process id and a newline, written atomically (temp file + rename) so a reader never
 * sees it half written, and removed on a clean stop only if it still holds this process's id. A pid file of a
 * live other process is not overwritten (the control socket check normally catches a second daemon first).
 */
public final class PidFile implements AutoCloseable
{
    private final Path path;
    private final long pid;

    private PidFile(final Path path, final long pid)
    {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Writes the pid file of this process.
     *
     * @throws IOException naming the file, or if a live other process's id is in it.
     */
    public static PidFile write(final Path path) throws IOException
    {
        final long pid = ProcessHandle.current().pid();
        final long existing = read(path);
        if (existing > 0 && existing != pid && ProcessHandle.of(existing).map(ProcessHandle::isAlive).orElse(false))
        {
            throw new IOException("pid file " + path + " belongs to running process " + existing +
                "; is another ipv8-router running with the same instance?");
        }
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new PidFile(path, pid);
    }

    /** The pid in {@code path}, or -1 if it does not exist or does not hold a number. */
    public static long read(final Path path)
    {
        try
        {
            return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip());
        }
        catch (final IOException | NumberFormatException e)
        {
            return -1;
        }
    }

    public Path path()
    {
        return path;
    }

    /** Removes the file if it still holds this process's id. */
    @Override
    public void close() throws IOException
    {
        if (read(path) == pid)
        {
            Files.deleteIfExists(path);
        }
    }
}
