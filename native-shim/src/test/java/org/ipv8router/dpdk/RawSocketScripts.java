package org.ipv8router.dpdk;

import java.nio.file.Files;
import java.nio.file.Path;

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
