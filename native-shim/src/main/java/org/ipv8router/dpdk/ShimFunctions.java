package org.ipv8router.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The downcall handles into libipv8shim.so, one static final field per C function (see ipv8shim.h), so the
 * JIT can inline them. Fast-path functions are bound with {@code Linker.Option.critical(false)}: they
 * neither block nor call back into Java, and the option saves about 4.5 ns per call (docs: java-stack.md
 * 4.1). Control-path functions (EAL init, port setup, stats) are ordinary downcalls because they may block.
 * <p>
 * Pointers the Java side treats as opaque numbers (mempools, mbuf arrays) are passed as {@code long};
 * C strings and out-arrays as {@code MemorySegment}s. Every integer is C {@code int} wide.
 */
@SuppressWarnings("restricted") // downcall handles are restricted by design
final class ShimFunctions
{
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = DpdkShim.lookup();
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private static final FunctionDescriptor BURST =
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final FunctionDescriptor INT_OF_VOID = FunctionDescriptor.of(JAVA_INT);
    private static final FunctionDescriptor INT_OF_INT = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor INT_OF_PORT_ARRAY = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS);

    static final MethodHandle RX_BURST = critical("shim_rx_burst", BURST);
    static final MethodHandle TX_BURST = critical("shim_tx_burst", BURST);
    static final MethodHandle TX_BURST_FREE = critical("shim_tx_burst_free", BURST);
    static final MethodHandle ALLOC_BULK =
        critical("shim_mbuf_alloc_bulk", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    static final MethodHandle FREE_BULK =
        critical("shim_mbuf_free_bulk", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT));

    private static final MethodHandle LAST_ERROR = plain("shim_last_error", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle STRERROR = plain("shim_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle RTE_ERRNO = plain("shim_rte_errno", INT_OF_VOID);

    private static final MethodHandle EAL_INIT =
        plain("shim_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EAL_CLEANUP = plain("shim_eal_cleanup", INT_OF_VOID);
    private static final MethodHandle THREAD_REGISTER = plain("shim_thread_register", INT_OF_VOID);
    private static final MethodHandle THREAD_UNREGISTER = plain("shim_thread_unregister", INT_OF_VOID);
    private static final MethodHandle LCORE_ID = plain("shim_lcore_id", INT_OF_VOID);
    private static final MethodHandle SOCKET_ID = plain("shim_socket_id", INT_OF_VOID);

    private static final MethodHandle POOL_CREATE = plain("shim_pool_create",
        FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle POOL_FREE = plain("shim_pool_free", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle POOL_AVAILABLE =
        plain("shim_pool_available", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    private static final MethodHandle POOL_IN_USE =
        plain("shim_pool_in_use", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));

    private static final MethodHandle VDEV_CREATE =
        plain("shim_vdev_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle VDEV_REMOVE = plain("shim_vdev_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RING_PAIR_CREATE =
        plain("shim_ring_pair_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    private static final MethodHandle PORT_COUNT = plain("shim_port_count", INT_OF_VOID);
    private static final MethodHandle PORT_BY_NAME =
        plain("shim_port_by_name", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PORT_NEXT = plain("shim_port_next", INT_OF_INT);
    private static final MethodHandle PORT_NAME =
        plain("shim_port_name", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle PORT_INFO =
        plain("shim_port_info", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle PORT_SETUP = plain("shim_port_setup",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle PORT_START =
        plain("shim_port_start", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PORT_STOP = plain("shim_port_stop", INT_OF_INT);
    private static final MethodHandle PORT_CLOSE = plain("shim_port_close", INT_OF_INT);
    private static final MethodHandle PORT_STATS = plain("shim_port_stats", INT_OF_PORT_ARRAY);
    private static final MethodHandle PORT_STATS_RESET = plain("shim_port_stats_reset", INT_OF_INT);
    private static final MethodHandle PORT_LINK = plain("shim_port_link", INT_OF_PORT_ARRAY);
    private static final MethodHandle PORT_MAC = plain("shim_port_mac", INT_OF_PORT_ARRAY);
    private static final MethodHandle PORT_MTU = plain("shim_port_mtu", INT_OF_INT);
    private static final MethodHandle PORT_SET_MTU =
        plain("shim_port_set_mtu", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private ShimFunctions()
    {
    }

    private static MethodHandle critical(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(DpdkShim.find(LIB, name), descriptor, CRITICAL);
    }

    private static MethodHandle plain(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(DpdkShim.find(LIB, name), descriptor);
    }

    private static String string(final MemorySegment pointer)
    {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    // ------------------------------------------------------------------ errors

    static String lastError()
    {
        try
        {
            return string((MemorySegment)LAST_ERROR.invokeExact());
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static String strerror(final int code)
    {
        try
        {
            return string((MemorySegment)STRERROR.invokeExact(code));
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int rteErrno()
    {
        return callInt(RTE_ERRNO);
    }

    // ------------------------------------------------------------------ EAL and threads

    static int ealInit(final int argc, final MemorySegment argv)
    {
        try
        {
            return (int)EAL_INIT.invokeExact(argc, argv);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int ealCleanup()
    {
        return callInt(EAL_CLEANUP);
    }

    static int threadRegister()
    {
        return callInt(THREAD_REGISTER);
    }

    static int threadUnregister()
    {
        return callInt(THREAD_UNREGISTER);
    }

    static int lcoreId()
    {
        return callInt(LCORE_ID);
    }

    static int socketId()
    {
        return callInt(SOCKET_ID);
    }

    private static int callInt(final MethodHandle handle)
    {
        try
        {
            return (int)handle.invokeExact();
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    private static int callInt(final MethodHandle handle, final int arg)
    {
        try
        {
            return (int)handle.invokeExact(arg);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    private static int callInt(final MethodHandle handle, final int arg, final MemorySegment out)
    {
        try
        {
            return (int)handle.invokeExact(arg, out);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ mempool

    static long poolCreate(
        final MemorySegment name, final int count, final int cache, final int dataRoom, final int socket)
    {
        try
        {
            return (long)POOL_CREATE.invokeExact(name, count, cache, dataRoom, socket);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static void poolFree(final long pool)
    {
        try
        {
            POOL_FREE.invokeExact(pool);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int poolAvailable(final long pool)
    {
        try
        {
            return (int)POOL_AVAILABLE.invokeExact(pool);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int poolInUse(final long pool)
    {
        try
        {
            return (int)POOL_IN_USE.invokeExact(pool);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ vdevs and ports

    static int ringPairCreate(final MemorySegment nameA, final MemorySegment nameB, final int descriptors)
    {
        try
        {
            return (int)RING_PAIR_CREATE.invokeExact(nameA, nameB, descriptors);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int vdevCreate(final MemorySegment name, final MemorySegment args)
    {
        try
        {
            return (int)VDEV_CREATE.invokeExact(name, args);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int vdevRemove(final MemorySegment name)
    {
        try
        {
            return (int)VDEV_REMOVE.invokeExact(name);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int portCount()
    {
        return callInt(PORT_COUNT);
    }

    static int portByName(final MemorySegment name)
    {
        try
        {
            return (int)PORT_BY_NAME.invokeExact(name);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int portNext(final int from)
    {
        return callInt(PORT_NEXT, from);
    }

    static int portName(final int port, final MemorySegment buffer, final int length)
    {
        try
        {
            return (int)PORT_NAME.invokeExact(port, buffer, length);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int portInfo(final int port, final MemorySegment out, final MemorySegment driver, final int driverLength)
    {
        try
        {
            return (int)PORT_INFO.invokeExact(port, out, driver, driverLength);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int portSetup(
        final int port, final int queues, final int rxDescriptors, final int txDescriptors, final long pool,
        final MemorySegment rssOut)
    {
        try
        {
            return (int)PORT_SETUP.invokeExact(port, queues, rxDescriptors, txDescriptors, pool, rssOut);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int portStart(final int port, final int flags)
    {
        try
        {
            return (int)PORT_START.invokeExact(port, flags);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }

    static int portStop(final int port)
    {
        return callInt(PORT_STOP, port);
    }

    static int portClose(final int port)
    {
        return callInt(PORT_CLOSE, port);
    }

    static int portStats(final int port, final MemorySegment out)
    {
        return callInt(PORT_STATS, port, out);
    }

    static int portStatsReset(final int port)
    {
        return callInt(PORT_STATS_RESET, port);
    }

    static int portLink(final int port, final MemorySegment out)
    {
        return callInt(PORT_LINK, port, out);
    }

    static int portMac(final int port, final MemorySegment out)
    {
        return callInt(PORT_MAC, port, out);
    }

    static int portMtu(final int port)
    {
        return callInt(PORT_MTU, port);
    }

    static int portSetMtu(final int port, final int mtu)
    {
        try
        {
            return (int)PORT_SET_MTU.invokeExact(port, mtu);
        }
        catch (final Throwable t)
        {
            throw DpdkShim.rethrow(t);
        }
    }
}
