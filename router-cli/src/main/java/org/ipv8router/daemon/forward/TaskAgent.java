package org.ipv8router.daemon.forward;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * An {@link Agent} that also runs tasks handed to it by other threads (control handlers, the reload), so that
 * single-owner state (the neighbour caches on the worker, the FIB on its writer) is only ever touched by its
 * owner thread. The hand-off is a bounded lock-free queue polled once per duty cycle: an empty poll allocates
 * nothing, so the forwarding loop stays allocation free; tasks themselves are the cold path.
 */
abstract class TaskAgent implements Agent
{
    /** How long a caller waits for a task by default before giving up (the agent may be stuck or stopped). */
    static final long DEFAULT_TIMEOUT_MS = 5_000;

    private final ManyToOneConcurrentArrayQueue<Runnable> tasks = new ManyToOneConcurrentArrayQueue<>(1024);
    private volatile Thread thread;
    private volatile boolean closed;

    /** Runs the queued tasks; call from doWork. @return tasks run. */
    protected final int runTasks()
    {
        if (thread == null)
        {
            thread = Thread.currentThread();
        }
        int work = 0;
        Runnable task;
        while ((task = tasks.poll()) != null)
        {
            task.run();
            work++;
        }
        return work;
    }

    /** Marks the agent closed and fails what is still queued. Call from onClose. */
    protected final void failPendingTasks()
    {
        closed = true;
        Runnable task;
        while ((task = tasks.poll()) != null)
        {
            task.run(); // each task completes its own future; after close they see closed() and fail
        }
    }

    /** @return true once the agent stopped. */
    final boolean isClosed()
    {
        return closed;
    }

    /** @return the thread running the agent (null before its first duty cycle). */
    final Thread thread()
    {
        return thread;
    }

    /**
     * Runs {@code task} on the agent's thread and returns its result.
     *
     * @throws IllegalStateException if the agent stopped, the queue is full or the task took longer than the
     *                               timeout; the task's own RuntimeException is rethrown as is.
     */
    final <T> T call(final String what, final Supplier<T> task)
    {
        return call(what, task, DEFAULT_TIMEOUT_MS);
    }

    final <T> T call(final String what, final Supplier<T> task, final long timeoutMs)
    {
        if (closed)
        {
            throw new IllegalStateException(what + ": the " + roleName() + " thread has stopped");
        }
        if (Thread.currentThread() == thread)
        {
            return task.get();
        }
        final CompletableFuture<T> done = new CompletableFuture<>();
        final Runnable r = () ->
        {
            if (closed)
            {
                done.completeExceptionally(new IllegalStateException(what + ": the " + roleName() +
                    " thread has stopped"));
                return;
            }
            try
            {
                done.complete(task.get());
            }
            catch (final Throwable t)
            {
                done.completeExceptionally(t);
            }
        };
        if (!tasks.offer(r))
        {
            throw new IllegalStateException(what + ": the " + roleName() + " task queue is full");
        }
        try
        {
            return done.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof RuntimeException re)
            {
                throw re;
            }
            throw new IllegalStateException(what + ": " + e.getCause(), e.getCause());
        }
        catch (final TimeoutException e)
        {
            throw new IllegalStateException(what + ": the " + roleName() + " thread did not answer within " +
                timeoutMs + " ms");
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted");
        }
    }
}
