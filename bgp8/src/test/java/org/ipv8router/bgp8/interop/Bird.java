package org.ipv8router.bgp8.interop;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A BIRD 2 daemon for the interop tests: the command line that keeps its config, control socket and pid file in the
 * daemon's own temporary directory, the config preamble every test shares, and birdc on that control socket.
 */
final class Bird
{
    private Bird()
    {
    }

    /** Skips the calling test, loudly, where bird/birdc are not installed. */
    static void assumeInstalled()
    {
        Assumptions.assumeTrue(Daemon.installed("bird") && Daemon.installed("birdc"),
            "SKIPPED LOUDLY: bird/birdc not installed (apt-get install -y bird2)");
    }

    /** A BIRD in the foreground reading ${dir}/bird.conf; not started yet. */
    static Daemon daemon(final String name) throws IOException
    {
        return new Daemon(name, List.of("bird", "-f", "-c", "${dir}/bird.conf", "-s", "${dir}/bird.ctl",
            "-P", "${dir}/bird.pid"));
    }

    /**
     * The start of every test's bird.conf: router id, a log in the daemon's directory, the device protocol and a
     * static route that lets BIRD resolve the loopback next hops we advertise (multihop sessions resolve
     * recursively). The test appends its own static and bgp protocols.
     */
    static String preamble(final String routerId, final Daemon bird)
    {
        return """
            router id %s;
            log "%s/bird.log" all;
            protocol device { }
            protocol static lo4 {
              ipv4;
              route 127.0.0.0/8 via "lo";
            }
            """.formatted(routerId, bird.dir);
    }

    /** Runs birdc against this daemon's control socket and returns its output. */
    static String birdc(final Daemon bird, final String... args)
    {
        final String[] cmd = new String[args.length + 3];
        cmd[0] = "birdc";
        cmd[1] = "-s";
        cmd[2] = bird.dir.resolve("bird.ctl").toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return Daemon.run(cmd);
    }
}
