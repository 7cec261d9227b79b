package org.ipv8router.perf.pktgen;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one ipv8-pktgen run needs, as parsed from the command line by {@link PktgenOptions}.
 *
 * @param profile        what the frames look like.
 * @param rate           packets per second; {@link RatePacer#UNLIMITED} for as fast as possible; ignored when
 *                       linePercent &gt; 0.
 * @param linePercent    rate as a percentage of the line rate (0 = not used).
 * @param lineRateGbps   line rate for linePercent; 0 = the port's link speed.
 * @param durationNs     transmit phase length; 0 = only --count limits it.
 * @param count          packets to send; Long.MAX_VALUE = only the duration limits it.
 * @param burst          packets per burst.
 * @param vdevs          EAL --vdev arguments.
 * @param txPort         port name to send on; null = the only/first vdev.
 * @param rxPort         port name to receive on; null = the transmit port.
 * @param txOnly         do not receive (e.g. net_null, or the receiver is another process).
 * @param rxOnly         do not transmit: count the probes another sender (ipv8-pktgen --tx-only, a pcap
 *                       replay) sends; "sent" is then the highest sequence number + 1 per stream.
 * @param lcore          EAL core of the dataplane thread.
 * @param rxThread       receive on a second thread instead of interleaving on the transmit thread.
 * @param pci            let EAL probe PCI devices (real NICs); off for vdev-only runs.
 * @param noHuge         force --no-huge.
 * @param ealArgs        further EAL arguments, verbatim.
 * @param poolSize       mbufs in the pool.
 * @param drainNs        how long to keep receiving after the last transmit for packets in flight.
 * @param waitLinkNs     how long to wait for the links of the ports to come up before transmitting; 0 = no wait.
 * @param json           JSON report instead of the text table.
 * @param hdrLog         HdrHistogram interval log file, or null.
 * @param progress       print the progress line each second.
 * @param maxLossPercent exit with {@link Pktgen#EXIT_LOSS} when the loss exceeds this; negative = never.
 * @param pcapOut        write frames to this pcap instead of sending them (no DPDK), or null.
 */
public record PktgenConfig(
    TrafficProfile profile,
    double rate,
    double linePercent,
    double lineRateGbps,
    long durationNs,
    long count,
    int burst,
    List<String> vdevs,
    String txPort,
    String rxPort,
    boolean txOnly,
    boolean rxOnly,
    int lcore,
    boolean rxThread,
    boolean pci,
    boolean noHuge,
    List<String> ealArgs,
    int poolSize,
    long drainNs,
    long waitLinkNs,
    boolean json,
    Path hdrLog,
    boolean progress,
    double maxLossPercent,
    Path pcapOut)
{
    public PktgenConfig
    {
        vdevs = List.copyOf(vdevs);
        ealArgs = List.copyOf(ealArgs);
    }

    /** The transmit port name: --tx-port, else the name of the first --vdev (text before the first comma). */
    public String txPortName()
    {
        if (txPort != null)
        {
            return txPort;
        }
        if (!vdevs.isEmpty())
        {
            final String vdev = vdevs.getFirst();
            final int comma = vdev.indexOf(',');
            return comma < 0 ? vdev : vdev.substring(0, comma);
        }
        return null;
    }

    /** The receive port name: --rx-port, else the transmit port. */
    public String rxPortName()
    {
        return rxPort != null ? rxPort : txPortName();
    }
}
