package org.ipv8router.testbed.host.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;

/**
 * One Ethernet interface as the host stack sees it: send a frame, receive a frame with a timeout. Implemented by
 * {@link RawEthernetSocket} (AF_PACKET on a real or veth interface) and {@link InMemorySegment} (tests).
 * <p>
 * Threading: one receiving thread and any number of senders; {@link #send} is safe to call concurrently with
 * {@link #receive}, but not with itself (callers serialise sends).
 */
public interface EthernetLink extends AutoCloseable
{
    /** {@link #lastFrameFlags()}: the kernel never computed the frame's TCP/UDP checksum (veth/local partial csum). */
    int FLAG_L4_CHECKSUM_NOT_READY = 1;

    /** Interface name, for messages. */
    String name();

    /** The interface's own MAC (low 48 bits). */
    long macAddress();

    /** Largest L3 packet the interface carries (its MTU). */
    int mtu();

    /**
     * Sends one frame (destination MAC first, no FCS). Frames shorter than 60 octets should be padded by the caller.
     *
     * @throws IOException naming the interface when the kernel refuses the frame.
     */
    void send(DirectBuffer frame, int offset, int length) throws IOException;

    /**
     * Waits up to {@code timeoutNanos} for one frame received from the wire (never one this host sent) and copies
     * it to {@code buffer} at {@code offset}, truncated to {@code capacity}.
     *
     * @return the frame length, 0 on timeout, -1 once the link is closed.
     * @throws IOException naming the interface on a receive error.
     */
    int receive(MutableDirectBuffer buffer, int offset, int capacity, long timeoutNanos) throws IOException;

    /** Flags of the frame the last successful {@link #receive} returned ({@link #FLAG_L4_CHECKSUM_NOT_READY}). */
    int lastFrameFlags();

    @Override
    void close();
}
