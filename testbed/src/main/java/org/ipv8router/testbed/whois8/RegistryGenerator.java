package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Whois8Record;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes synthetic WHOIS8 registries of any size for tests and benchmarks. Deterministic for a given seed.
 * <p>
 * RNs are consecutive from {@code firstRn}, skipping values BGP8 rejects as RNs (AS_TRANS 23456, the 16-bit private
 * and reserved range 64512..65535, RINE 100/8, internal zone 127/8, the multicast/broadcast top range,
 * bgp8-whois8.md §1). Each record: active, valid from {@code now - 1 day} to {@code now + 365 days}, holder
 * "Holder &lt;rn&gt;", RIR and country cycled, maxHostPrefixLength 16, maxPrefixes 64, one route
 * {@code rn.10.0.0.0/8} (every third RN also {@code rn.172.16.0.0/12}; every tenth has no routes list), and every
 * fiftieth authorises a second origin {@code rn + 1} (registered anycast).
 */
public final class RegistryGenerator
{
    private static final String[][] RIRS = {
        { "ARIN", "US" }, { "RIPE", "DE" }, { "APNIC", "JP" }, { "LACNIC", "BR" }, { "AFRINIC", "ZA" } };

    private RegistryGenerator()
    {
    }

    /** {@code count} records starting at {@code firstRn}, serial {@code serial}, window around {@code now}. */
    public static List<Whois8Record> generate(final int count, final long firstRn, final long serial,
        final Instant now, final long seed)
    {
        final List<Whois8Record> out = new ArrayList<>(count);
        final SplittableRandom random = new SplittableRandom(seed);
        final Instant notBefore = now.minus(Duration.ofDays(1));
        final Instant notAfter = now.plus(Duration.ofDays(365));
        long rn = firstRn;
        while (out.size() < count)
        {
            rn = nextUsable(rn);
            final String[] rir = RIRS[(int)(rn % RIRS.length)];
            final Whois8Record.Builder b = Whois8Record.builder(rn)
                .holder("Holder " + rn + (random.nextInt(4) == 0 ? " GmbH" : " Inc"), rir[0], rir[1])
                .maxHostPrefixLength(16)
                .maxPrefixes(64)
                .validity(notBefore, notAfter)
                .serial(serial);
            if (rn % 50 == 0)
            {
                b.authorizedOrigins(rn, rn + 1);
            }
            if (rn % 10 != 0)
            {
                b.routes(rn % 3 == 0 ? new String[] { rn + ".10.0.0.0/8", rn + ".172.16.0.0/12" } :
                    new String[] { rn + ".10.0.0.0/8" });
            }
            out.add(b.build());
            rn++;
        }
        return out;
    }

    /** Generates and writes a registry directory ({@code records.jsonl} + {@code registry.json}). */
    public static List<Whois8Record> writeDirectory(final Path dir, final int count, final long firstRn,
        final long seed) throws java.io.IOException
    {
        final List<Whois8Record> records = generate(count, firstRn, 1, Instant.now(), seed);
        RegistryStore.writeDirectory(dir, records, 1);
        return records;
    }

    /** The smallest RN >= {@code rn} that BGP8 accepts as a global unicast RN. */
    static long nextUsable(final long rn)
    {
        long r = Math.max(1, rn);
        while (true)
        {
            if (r == 23_456)
            {
                r++;
            }
            else if (r >= 64_512 && r <= 65_535)
            {
                r = 65_536;
            }
            else if (r >= 1_677_721_600L && r <= 1_694_498_815L)
            {
                r = 1_694_498_816L;
            }
            else if (r >= 2_130_706_432L && r <= 2_147_483_647L)
            {
                r = 2_147_483_648L;
            }
            else if (r >= 4_200_000_000L)
            {
                throw new IllegalArgumentException("ran out of public RNs at " + r);
            }
            else
            {
                return r;
            }
        }
    }
}
