package org.ipv8router.dpdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The small Python helpers the namespace tests run inside a namespace with /usr/bin/python3 (raw AF_PACKET
 * sockets: Linux has no IPv8 stack to send or receive with), and the wait for their output.
 */
final class RawSocketScripts
{
    /** argv: interface, then hex frames; sends each frame as is. */
    static final String SENDER = String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)",
        "s.bind((sys.argv[1], 0))",
        "for f in sys.argv[2:]:",
        "    s.send(bytes.fromhex(f))");

    private RawSocketScripts()
    {
    }

    /**
     * A receiver for frames of one EtherType. argv: interface, frame count, timeout seconds; prints "ready",
     * then each frame in hex on its own line, until the count or the timeout.
     */
    static String receiver(final int etherType)
    {
        return String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x" + Integer.toHexString(etherType) + "))",
            "s.bind((sys.argv[1], 0))",
            "s.settimeout(float(sys.argv[3]))",
            "print('ready', flush=True)",
            "got = 0",
            "try:",
            "    while got < int(sys.argv[2]):",
            "        print(s.recv(4096).hex(), flush=True)",
            "        got += 1",
            "except socket.timeout:",
            "    pass");
    }

    /**
     * Starts {@link #receiver(int)} in namespace ns on iface for {@code frames} frames (5 s timeout), output in
     * dir/receiver.out, and returns once it is listening.
     */
    static Process startReceiver(
        final NetNamespaces nets, final String ns, final Path dir, final int etherType, final String iface,
        final int frames) throws Exception
    {
        final Process receiver = nets.python(ns, dir, "receiver", receiver(etherType), iface, String.valueOf(frames),
            "5");
        waitForLine(dir.resolve("receiver.out"), "ready", receiver);
        return receiver;
    }

    /** Starts {@link #SENDER} in namespace ns: sends the frames, in order, out of iface. */
    static Process startSender(
        final NetNamespaces nets, final String ns, final Path dir, final String iface, final List<byte[]> frames)
        throws Exception
    {
        final List<String> args = new ArrayList<>();
        args.add(iface);
        for (final byte[] frame : frames)
        {
            args.add(HexFormat.of().formatHex(frame));
        }
        return nets.python(ns, dir, "sender", SENDER, args.toArray(new String[0]));
    }

    /** The frames the receiver printed to dir/receiver.out, in arrival order. */
    static List<byte[]> receivedFrames(final Path dir) throws Exception
    {
        final List<byte[]> received = new ArrayList<>();
        for (final String line : Files.readAllLines(dir.resolve("receiver.out")))
        {
            if (!line.equals("ready") && !line.isBlank())
            {
                received.add(HexFormat.of().parseHex(line.trim()));
            }
        }
        return received;
    }

    /** Waits up to 15 s for {@code line} in a helper's output file; fails if the helper exits first. */
    static void waitForLine(final Path file, final String line, final Process process) throws Exception
    {
        final long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(file) && Files.readString(file).contains(line))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("helper exited before printing '" + line + "': " + Files.readString(file));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("helper did not print '" + line + "' in 15 s");
    }
}
