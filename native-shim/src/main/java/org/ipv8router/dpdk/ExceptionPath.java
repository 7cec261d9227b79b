package org.ipv8router.dpdk;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.status.AtomicCounter;
import org.ipv8router.dataplane.counters.CounterTypes;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.dataplane.port.Port;

/**
 * The kernel exception path: one kernel TAP interface ({@code net_tap} vdev) per router port, carrying the
 * port's MAC and the router's IPv4 address, so the kernel's stack answers ARP and terminates TCP (BGP8,
 * management) with ordinary sockets while the data path bypasses the kernel.
 * <pre>
 *   wire --rx--&gt; router port --[exception-path: ARP / IPv4 to us]--&gt; TAP port --&gt; kernel (sockets)
 *   wire &lt;--tx-- router port &lt;--[exception-path: from TAP]---------- TAP port &lt;-- kernel replies
 *                           \--[everything else]--&gt; forwarding pipeline
 * </pre>
 * Build it after the router ports exist: {@link #create} creates and starts the TAP ports (indices from
 * {@code firstTapIndex} on) and configures their kernel side; add {@link #tapPorts()} to the forwarding agent's
 * receive list and to port-output, and put {@link #node(String)} first in the graph. Closing removes the TAPs.
 */
public final class ExceptionPath implements AutoCloseable
{
    /**
     * A router port that gets a TAP.
     *
     * @param routerPort    the router port (any {@link Port}).
     * @param interfaceName name of the kernel interface to create (at most 15 characters).
     * @param ipv4Cidr      the router's address on that port, e.g. {@code 10.88.1.1/24}.
     */
    public record Attachment(Port routerPort, String interfaceName, String ipv4Cidr)
    {
    }

    private final List<Attachment> attachments;
    private final List<DpdkPort> tapPorts;
    private final AtomicCounter punted;
    private final AtomicCounter injected;

    private ExceptionPath(
        final List<Attachment> attachments, final List<DpdkPort> tapPorts, final AtomicCounter punted,
        final AtomicCounter injected)
    {
        this.attachments = attachments;
        this.tapPorts = tapPorts;
        this.punted = punted;
        this.injected = injected;
    }

    /**
     * Creates a TAP port per attachment (vdev {@code net_tap_<interface>}, {@code iface=<interface>}), starts it
     * and configures the kernel interface (MAC of the router port, IPv4 address, up).
     *
     * @param counters      where the TAP ports' and the node's counters go.
     * @param pool          pool the TAP ports receive into.
     * @param attachments   router ports that get a TAP.
     * @param firstTapIndex port index of the first TAP port; the others follow.
     * @throws DpdkException         if a TAP cannot be created or started (e.g. no /dev/net/tun).
     * @throws IllegalStateException if the kernel side cannot be configured (names the ip command).
     */
    public static ExceptionPath create(
        final DataplaneCounters counters, final DpdkPacketPool pool, final List<Attachment> attachments,
        final int firstTapIndex)
    {
        final List<DpdkPort> taps = new ArrayList<>();
        try
        {
            int index = firstTapIndex;
            for (final Attachment attachment : attachments)
            {
                final String ifName = attachment.interfaceName();
                if (ifName.isEmpty() || ifName.length() > 15 || !ifName.matches("[A-Za-z0-9_.-]+"))
                {
                    throw new IllegalArgumentException("exception path: bad kernel interface name '" + ifName +
                        "' (1-15 characters of A-Z a-z 0-9 _ . -)");
                }
                KernelInterface.parseIpv4(attachment.ipv4Cidr());
                final String portName = "tap-" + attachment.routerPort().name();
                final DpdkEthDev device = DpdkEthDev.createVdev("net_tap_" + ifName, "iface=" + ifName);
                final DpdkPort tap;
                try
                {
                    tap = DpdkPort.start(portName, index, device, pool, counters.newPortCounters(index, portName));
                }
                catch (final RuntimeException ex)
                {
                    device.close();
                    throw ex;
                }
                taps.add(tap);
                KernelInterface.configure(ifName, attachment.routerPort().macAddress(), attachment.ipv4Cidr());
                tap.refreshLink();
                index++;
            }
        }
        catch (final RuntimeException ex)
        {
            for (final DpdkPort tap : taps)
            {
                try
                {
                    tap.close();
                }
                catch (final RuntimeException suppressed)
                {
                    ex.addSuppressed(suppressed);
                }
            }
            throw ex;
        }
        final AtomicCounter punted = counters.newCounter(CounterTypes.OTHER, 0, "exception-path punted-to-kernel");
        final AtomicCounter injected = counters.newCounter(CounterTypes.OTHER, 1, "exception-path from-kernel");
        return new ExceptionPath(List.copyOf(attachments), List.copyOf(taps), punted, injected);
    }

    /** @return the TAP ports, in attachment order. */
    public List<DpdkPort> tapPorts()
    {
        return tapPorts;
    }

    /**
     * The classifier node for the forwarding graph.
     *
     * @param forwardNode name of the pipeline node that non-kernel frames go to.
     * @return a new node (one per graph).
     */
    public ExceptionPathNode node(final String forwardNode)
    {
        int maxIndex = 0;
        for (int k = 0; k < attachments.size(); k++)
        {
            maxIndex = Math.max(maxIndex, Math.max(attachments.get(k).routerPort().index(), tapPorts.get(k).index()));
        }
        final int[] tapOfPort = filled(maxIndex + 1);
        final int[] portOfTap = filled(maxIndex + 1);
        final int[] localIpv4 = new int[maxIndex + 1];
        for (int k = 0; k < attachments.size(); k++)
        {
            final int router = attachments.get(k).routerPort().index();
            final int tap = tapPorts.get(k).index();
            tapOfPort[router] = tap;
            portOfTap[tap] = router;
            localIpv4[router] = KernelInterface.parseIpv4(attachments.get(k).ipv4Cidr());
        }
        return new ExceptionPathNode(forwardNode, tapOfPort, portOfTap, localIpv4, punted, injected);
    }

    private static int[] filled(final int length)
    {
        final int[] array = new int[length];
        java.util.Arrays.fill(array, -1);
        return array;
    }

    /** Closes the TAP ports, which removes the kernel interfaces. Only after the forwarding agent stopped. */
    public void close()
    {
        RuntimeException failure = null;
        for (final DpdkPort tap : tapPorts)
        {
            try
            {
                tap.close();
            }
            catch (final RuntimeException ex)
            {
                if (failure == null)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
