package org.ipv8router.bgp8.rib;

/**
 * CFv1-local, the deterministic Cost Factor formula of bgp8-whois8.md 5.2 (our proposal; no interoperable CFv1
 * is published, peers only need CF to be an additive uint32 where lower is better). Integer arithmetic so the
 * spec's vectors (11.5) are exact. Units: microseconds-equivalent, saturating at 2^32 - 1.
 * <pre>
 * floor_us = ceil(10 * distance_km)                     2/3 c = 200 km/ms, round trip
 * rtt_us   = max(srtt_us, floor_us)                     below the floor = CF anomaly (clamped, never rejected)
 * a        = rtt_us * (1024 + loss_ppm * 16384 / 1e6) / 1024
 * b        = a * num / den                              TCP CA state: open/disorder 1/1, cwr 5/4, recovery 3/2, loss 2/1
 * cap_us   = (1e11 / bandwidth_bps) * 100 / max(100 - util_pct, 5)
 * stab_us  = 10,000 * flaps in the last 24 h
 * CF_link  = min(2^32 - 1, b + cap_us + stab_us + policy_us)
 * </pre>
 */
public final class CostFactor
{
    public static final long MAX = 0xFFFF_FFFFL;
    private static final double EARTH_RADIUS_KM = 6371.0;

    /** TCP congestion-avoidance states as in Linux TCP_INFO tcpi_ca_state. */
    public enum CaState
    {
        OPEN(1, 1), DISORDER(1, 1), CWR(5, 4), RECOVERY(3, 2), LOSS(2, 1);

        final long num;
        final long den;

        CaState(final long num, final long den)
        {
            this.num = num;
            this.den = den;
        }
    }

    private CostFactor()
    {
    }

    /** Physics floor for a round trip over the given great-circle distance. */
    public static long floorMicros(final double distanceKm)
    {
        return (long)Math.ceil(10.0 * distanceKm - 1e-9);
    }

    /** True when the measured RTT is faster than light in fibre allows: a CF anomaly (rule R11, A18). */
    public static boolean isAnomaly(final long srttMicros, final double distanceKm)
    {
        return srttMicros < floorMicros(distanceKm);
    }

    /** CF_link of one eBGP8 session (spec 5.2). */
    public static long linkV1(
        final double distanceKm,
        final long srttMicros,
        final long lossPpm,
        final CaState caState,
        final long bandwidthBps,
        final int utilisationPercent,
        final int flapsLast24h,
        final long policyMicros)
    {
        if (bandwidthBps <= 0 || utilisationPercent < 0 || utilisationPercent > 100 || lossPpm < 0 ||
            srttMicros < 0 || flapsLast24h < 0 || policyMicros < 0)
        {
            throw new IllegalArgumentException("CF inputs out of range: bandwidth " + bandwidthBps + " bit/s, util " +
                utilisationPercent + " %, loss " + lossPpm + " ppm, srtt " + srttMicros + " us, flaps " +
                flapsLast24h + ", policy " + policyMicros + " us");
        }
        final long rtt = Math.max(srttMicros, floorMicros(distanceKm));
        final long a = rtt * (1024 + (lossPpm * 16384) / 1_000_000) / 1024;
        final long b = a * caState.num / caState.den;
        final long cap = (100_000_000_000L / bandwidthBps) * 100 / Math.max(100 - utilisationPercent, 5);
        final long stab = 10_000L * flapsLast24h;
        return Math.min(MAX, b + cap + stab + policyMicros);
    }

    /** Saturating uint32 addition of CF parts (CF_total = CF_external + CF_intrazone, spec 2.5). */
    public static long add(final long a, final long b)
    {
        return Math.min(MAX, a + b);
    }

    /** Great-circle distance (haversine, R = 6371 km) between two router positions in degrees. */
    public static double distanceKm(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double p1 = Math.toRadians(lat1);
        final double p2 = Math.toRadians(lat2);
        final double dp = Math.toRadians(lat2 - lat1);
        final double dl = Math.toRadians(lon2 - lon1);
        final double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
