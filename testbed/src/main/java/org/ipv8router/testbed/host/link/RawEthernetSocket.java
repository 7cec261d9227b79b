package org.ipv8router.testbed.host.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * An AF_PACKET raw socket bound to one interface ({@code socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))}),
 * called through {@code java.lang.foreign}: whole Ethernet frames in and out, no kernel IP stack involved.
 * <pre>
 *  struct sockaddr_ll (20)           struct msghdr (56, LP64)          struct tpacket_auxdata (20)
 *   0  u16 sll_family = AF_PACKET     0  void *msg_name                 0  u32 tp_status (CSUMNOTREADY 1&lt;&lt;3)
 *   2  be16 sll_protocol              8  u32 msg_namelen                4  u32 tp_len
 *   4  i32 sll_ifindex               16  struct iovec *msg_iov          8  u32 tp_snaplen
 *   8  u16 sll_hatype                24  size_t msg_iovlen             12  u16 tp_mac, 14 u16 tp_net
 *  10  u8  sll_pkttype (4 outgoing)  32  void *msg_control             16  u16 tp_vlan_tci, 18 u16 tp_vlan_tpid
 *  11  u8  sll_halen                 40  size_t msg_controllen
 *  12  u8  sll_addr[8]               48  int msg_flags
 * </pre>
 * Received frames carry their direction in {@code sll_pkttype}: frames this machine sent on the interface (by
 * other sockets) come back as PACKET_OUTGOING and are skipped unless the socket was opened for capture. With
 * PACKET_AUXDATA on, the kernel also says when a TCP/UDP checksum was never filled in (veth peers hand over
 * packets with a partial checksum), reported as {@link EthernetLink#FLAG_L4_CHECKSUM_NOT_READY}.
 * <p>
 * Needs root or CAP_NET_RAW. Opens in the calling thread's network namespace; see {@link NetworkNamespace}.
 */
public final class RawEthernetSocket implements EthernetLink
{
    private static final int FRAME_CAPACITY = 65_536;
    private static final int CONTROL_CAPACITY = 256;
    private static final int SOCKADDR_LL_LENGTH = 20;
    private static final int MSGHDR_LENGTH = 56;
    private static final int IFREQ_LENGTH = 40;
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final int ifindex;
    private final long mac;
    private final int mtu;
    private final boolean capture;
    private final int fd;
    private final Arena arena;

    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile boolean closed;

    // Receive side, owned by the receiving thread.
    private final MemorySegment rxCapture;
    private final MemorySegment rxFrame;
    private final UnsafeBuffer rxView;
    private final MemorySegment rxAddress;
    private final MemorySegment rxControl;
    private final MemorySegment rxIov;
    private final MemorySegment rxMsg;
    private final MemorySegment pollFd;
    private int lastFlags;
    private int lastPacketType;

    // Send side, guarded by sendLock.
    private final MemorySegment txCapture;
    private final MemorySegment txFrame;
    private final UnsafeBuffer txView;

    private RawEthernetSocket(
        final String name, final int ifindex, final long mac, final int mtu, final boolean capture, final int fd,
        final Arena arena)
    {
        this.name = name;
        this.ifindex = ifindex;
        this.mac = mac;
        this.mtu = mtu;
        this.capture = capture;
        this.fd = fd;
        this.arena = arena;

        rxCapture = Libc.allocateCapture(arena);
        rxFrame = arena.allocate(FRAME_CAPACITY, 64);
        rxView = new UnsafeBuffer(rxFrame.address(), FRAME_CAPACITY);
        rxAddress = arena.allocate(SOCKADDR_LL_LENGTH, 8);
        rxControl = arena.allocate(CONTROL_CAPACITY, 8);
        rxIov = arena.allocate(16, 8);
        rxMsg = arena.allocate(MSGHDR_LENGTH, 8);
        pollFd = arena.allocate(8, 8);
        rxIov.set(JAVA_LONG, 0, rxFrame.address());
        rxIov.set(JAVA_LONG, 8, FRAME_CAPACITY);
        pollFd.set(JAVA_INT, 0, fd);
        pollFd.set(JAVA_SHORT, 4, (short)Libc.POLLIN);

        txCapture = Libc.allocateCapture(arena);
        txFrame = arena.allocate(FRAME_CAPACITY, 64);
        txView = new UnsafeBuffer(txFrame.address(), FRAME_CAPACITY);
    }

    /** Opens a socket for the host stack: frames received from the wire only. */
    public static RawEthernetSocket open(final String interfaceName) throws IOException
    {
        return open(interfaceName, false);
    }

    /**
     * Opens a raw socket on {@code interfaceName} in the calling thread's network namespace.
     *
     * @param capture also return frames this machine sent on the interface (for captures).
     * @throws IOException naming the interface: no such interface, not permitted (needs root / CAP_NET_RAW), ...
     */
    public static RawEthernetSocket open(final String interfaceName, final boolean capture) throws IOException
    {
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() >= Libc.IFNAMSIZ ||
            interfaceName.indexOf('/') >= 0 || interfaceName.indexOf(' ') >= 0)
        {
            throw new IOException("interface name '" + interfaceName + "' is not a valid Linux interface name " +
                "(1-15 characters, no '/' or spaces)");
        }
        final Arena arena = Arena.ofShared();
        int fd = -1;
        try
        {
            final MemorySegment state = Libc.allocateCapture(arena);
            final MemorySegment cName = arena.allocateFrom(interfaceName);
            final int ifindex = (int)Libc.IF_NAMETOINDEX.invokeExact(state, cName);
            if (ifindex == 0)
            {
                throw new IOException("interface '" + interfaceName + "': no such interface in this network " +
                    "namespace (" + Libc.describe(Libc.errno(state)) + ")");
            }

            fd = (int)Libc.SOCKET.invokeExact(state, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC,
                Libc.htons(Libc.ETH_P_ALL));
            if (fd < 0)
            {
                final int errno = Libc.errno(state);
                final String hint = errno == Libc.EPERM || errno == Libc.EACCES ?
                    ": raw AF_PACKET sockets need root or CAP_NET_RAW" : "";
                throw new IOException("interface '" + interfaceName + "': cannot open a raw AF_PACKET socket: " +
                    Libc.describe(errno) + hint);
            }

            final MemorySegment on = arena.allocate(JAVA_INT);
            on.set(JAVA_INT, 0, 1);
            if ((int)Libc.SETSOCKOPT.invokeExact(state, fd, Libc.SOL_PACKET, Libc.PACKET_AUXDATA, on, 4) != 0)
            {
                throw new IOException("interface '" + interfaceName + "': setsockopt(PACKET_AUXDATA) failed: " +
                    Libc.describe(Libc.errno(state)));
            }

            final MemorySegment address = arena.allocate(SOCKADDR_LL_LENGTH, 8);
            address.set(JAVA_SHORT, 0, (short)Libc.AF_PACKET);
            address.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short)Libc.ETH_P_ALL);
            address.set(JAVA_INT, 4, ifindex);
            if ((int)Libc.BIND.invokeExact(state, fd, address, SOCKADDR_LL_LENGTH) != 0)
            {
                throw new IOException("interface '" + interfaceName + "' (ifindex " + ifindex + "): bind failed: " +
                    Libc.describe(Libc.errno(state)));
            }

            final MemorySegment ifreq = arena.allocate(IFREQ_LENGTH, 8);
            ifreq.copyFrom(cName);
            if ((int)Libc.IOCTL.invokeExact(state, fd, Libc.SIOCGIFHWADDR, ifreq) != 0)
            {
                throw new IOException("interface '" + interfaceName + "': SIOCGIFHWADDR failed: " +
                    Libc.describe(Libc.errno(state)));
            }
            long mac = 0;
            for (int i = 0; i < 6; i++)
            {
                mac = (mac << 8) | (ifreq.get(JAVA_BYTE, 18 + i) & 0xFF);
            }
            ifreq.fill((byte)0);
            ifreq.copyFrom(cName);
            if ((int)Libc.IOCTL.invokeExact(state, fd, Libc.SIOCGIFMTU, ifreq) != 0)
            {
                throw new IOException("interface '" + interfaceName + "': SIOCGIFMTU failed: " +
                    Libc.describe(Libc.errno(state)));
            }
            final int mtu = ifreq.get(JAVA_INT, 16);
            return new RawEthernetSocket(interfaceName, ifindex, mac, mtu, capture, fd, arena);
        }
        catch (final IOException ex)
        {
            closeQuietly(fd, arena);
            throw ex;
        }
        catch (final Throwable ex)
        {
            closeQuietly(fd, arena);
            throw Libc.rethrow(ex);
        }
    }

    private static void closeQuietly(final int fd, final Arena arena)
    {
        if (fd >= 0)
        {
            try
            {
                final int ignored = (int)Libc.CLOSE.invokeExact(Libc.allocateCapture(arena), fd);
            }
            catch (final Throwable ignored)
            {
                // already failing; the original error is the one to report
            }
        }
        arena.close();
    }

    @Override
    public String name()
    {
        return name;
    }

    public int ifindex()
    {
        return ifindex;
    }

    @Override
    public long macAddress()
    {
        return mac;
    }

    @Override
    public int mtu()
    {
        return mtu;
    }

    @Override
    public void send(final DirectBuffer frame, final int offset, final int length) throws IOException
    {
        if (length < 14 || length > FRAME_CAPACITY)
        {
            throw new IOException("interface '" + name + "': frame length " + length + " out of range 14.." +
                FRAME_CAPACITY);
        }
        sendLock.lock();
        try
        {
            if (closed)
            {
                throw new IOException("interface '" + name + "': socket closed");
            }
            txView.putBytes(0, frame, offset, length);
            final long sent;
            try
            {
                sent = (long)Libc.SEND.invokeExact(txCapture, fd, txFrame, (long)length, 0);
            }
            catch (final Throwable ex)
            {
                throw Libc.rethrow(ex);
            }
            if (sent != length)
            {
                throw new IOException("interface '" + name + "': send of a " + length + "-octet frame failed: " +
                    (sent < 0 ? Libc.describe(Libc.errno(txCapture)) : "only " + sent + " octets sent"));
            }
        }
        finally
        {
            sendLock.unlock();
        }
    }

    @Override
    public int receive(final MutableDirectBuffer buffer, final int offset, final int capacity, final long timeoutNanos)
        throws IOException
    {
        receiveLock.lock();
        try
        {
            final long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
            while (!closed)
            {
                final long remaining = deadline - System.nanoTime();
                final long slice = Math.min(Math.max(remaining, 0), POLL_SLICE_NANOS);
                final int ready = (int)Libc.POLL.invokeExact(rxCapture, pollFd, 1L,
                    (int)TimeUnit.NANOSECONDS.toMillis(slice + 999_999));
                if (ready < 0)
                {
                    final int errno = Libc.errno(rxCapture);
                    if (errno != Libc.EINTR)
                    {
                        throw new IOException("interface '" + name + "': poll failed: " + Libc.describe(errno));
                    }
                }
                else if (ready > 0)
                {
                    final int length = receiveOne();
                    if (length > 0)
                    {
                        final int n = Math.min(length, capacity);
                        buffer.putBytes(offset, rxView, 0, n);
                        return n;
                    }
                }
                if (deadline - System.nanoTime() <= 0)
                {
                    return 0;
                }
            }
            return -1;
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw Libc.rethrow(ex);
        }
        finally
        {
            receiveLock.unlock();
        }
    }

    /** One recvmsg; returns the frame length, or 0 when nothing usable was read (skipped or EAGAIN). */
    private int receiveOne() throws Throwable
    {
        rxMsg.fill((byte)0);
        rxMsg.set(JAVA_LONG, 0, rxAddress.address());
        rxMsg.set(JAVA_INT, 8, SOCKADDR_LL_LENGTH);
        rxMsg.set(JAVA_LONG, 16, rxIov.address());
        rxMsg.set(JAVA_LONG, 24, 1L);
        rxMsg.set(JAVA_LONG, 32, rxControl.address());
        rxMsg.set(JAVA_LONG, 40, CONTROL_CAPACITY);
        final long received = (long)Libc.RECVMSG.invokeExact(rxCapture, fd, rxMsg, Libc.MSG_DONTWAIT);
        if (received < 0)
        {
            final int errno = Libc.errno(rxCapture);
            if (errno == Libc.EAGAIN || errno == Libc.EINTR)
            {
                return 0;
            }
            throw new IOException("interface '" + name + "': recvmsg failed: " + Libc.describe(errno));
        }
        final int packetType = rxAddress.get(JAVA_BYTE, 10) & 0xFF;
        if (!capture && (packetType == Libc.PACKET_OUTGOING || packetType == Libc.PACKET_OTHERHOST))
        {
            return 0;
        }
        lastPacketType = packetType;
        lastFlags = 0;
        final long controlLength = rxMsg.get(JAVA_LONG, 40);
        long at = 0;
        while (at + 16 <= controlLength)
        {
            final long cmsgLength = rxControl.get(JAVA_LONG, at);
            final int level = rxControl.get(JAVA_INT, at + 8);
            final int type = rxControl.get(JAVA_INT, at + 12);
            if (cmsgLength < 16)
            {
                break;
            }
            if (level == Libc.SOL_PACKET && type == Libc.PACKET_AUXDATA && cmsgLength >= 16 + 4)
            {
                final int status = rxControl.get(JAVA_INT, at + 16);
                if ((status & Libc.TP_STATUS_CSUMNOTREADY) != 0)
                {
                    lastFlags |= FLAG_L4_CHECKSUM_NOT_READY;
                }
            }
            at += (cmsgLength + 7) & ~7L;
        }
        return (int)Math.min(received, FRAME_CAPACITY);
    }

    @Override
    public int lastFrameFlags()
    {
        return lastFlags;
    }

    /** True when the last received frame was one this machine sent (only in capture mode). */
    public boolean lastFrameOutgoing()
    {
        return lastPacketType == Libc.PACKET_OUTGOING;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        // The receiver leaves poll within one slice; take both locks so nothing uses fd or memory afterwards.
        receiveLock.lock();
        sendLock.lock();
        try
        {
            closeQuietly(fd, arena);
        }
        finally
        {
            sendLock.unlock();
            receiveLock.unlock();
        }
    }

    @Override
    public String toString()
    {
        return "RawEthernetSocket{" + name + ", ifindex " + ifindex + ", mtu " + mtu + "}";
    }
}
