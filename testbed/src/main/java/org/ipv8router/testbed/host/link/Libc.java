package org.ipv8router.testbed.host.link;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few libc calls the host stack needs (Linux x86_64 / aarch64, glibc), bound through {@code java.lang.foreign}
 * with errno captured right after each call ({@link Linker.Option#captureCallState}). Every handle takes the
 * capture segment as its first argument; callers read the errno with {@link #errno(MemorySegment)}.
 * <p>
 * Cold path except send/recvmsg/poll, which the receive thread and senders call per frame.
 */
final class Libc
{
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int ETH_P_ALL = 0x0003;
    static final int SOL_PACKET = 263;
    static final int PACKET_AUXDATA = 8;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int POLLIN = 0x001;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final long SIOCGIFMTU = 0x8921;
    static final long SIOCGIFHWADDR = 0x8927;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int IFNAMSIZ = 16;

    /** sll_pkttype values (linux/if_packet.h). */
    static final int PACKET_HOST = 0;
    static final int PACKET_BROADCAST = 1;
    static final int PACKET_MULTICAST = 2;
    static final int PACKET_OTHERHOST = 3;
    static final int PACKET_OUTGOING = 4;
    /** tpacket_auxdata.tp_status: the L4 checksum was never computed (local/veth partial checksum). */
    static final int TP_STATUS_CSUMNOTREADY = 1 << 3;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    static final int ENETDOWN = 100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle SEND = bind("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    static final MethodHandle RECVMSG = bind("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle IF_NAMETOINDEX = bind("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle SETSOCKOPT =
        bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle IOCTL = bind("ioctl",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    static final MethodHandle OPEN = bind("open",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
        LIBC.findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc()
    {
    }

    private static MethodHandle bind(final String name, final FunctionDescriptor descriptor, final Linker.Option... extra)
    {
        final Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, options);
    }

    /** A segment for the captured call state; one per thread that calls (not shared between threads). */
    static MemorySegment allocateCapture(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static int errno(final MemorySegment capture)
    {
        return (int)ERRNO.get(capture, 0L);
    }

    /** strerror text plus the symbolic name for the errors operators hit here. */
    static String describe(final int errno)
    {
        String text;
        try
        {
            final MemorySegment message = (MemorySegment)STRERROR.invokeExact(errno);
            text = message.reinterpret(256).getString(0);
        }
        catch (final Throwable ex)
        {
            text = "error";
        }
        final String name = switch (errno)
        {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EACCES -> "EACCES";
            case ENODEV -> "ENODEV";
            case ENETDOWN -> "ENETDOWN";
            default -> "errno " + errno;
        };
        return text + " (" + name + ")";
    }

    /** htons for the 16-bit protocol fields of sockaddr_ll and socket(). */
    static int htons(final int value)
    {
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ?
            value & 0xFFFF : ((value & 0xFF) << 8) | ((value >>> 8) & 0xFF);
    }

    static RuntimeException rethrow(final Throwable ex)
    {
        if (ex instanceof RuntimeException runtime)
        {
            return runtime;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException("libc call failed: " + ex, ex);
    }
}
