package org.ipv8router.bgp8.policy;

/**
 * Outbound filter (bgp8-whois8.md 4.1 last paragraph, 7.2, issue text): towards an eBGP8 peer never advertise
 * internal-zone RNs 127/8, RINE RNs 100/8, interior links (host 222/8), private-peering RN 65534 (except on
 * a private-peering session), documentation RN 65533 outside lab mode, IPv8 prefixes outside host /0../16,
 * nor IPv4 127/8. Towards iBGP: never re-advertise iBGP-learned routes (no route reflection in v1).
 */
public final class ExportPolicy
{
    private final PolicyConfig config;
    private long violations;

    public ExportPolicy(final PolicyConfig config)
    {
        this.config = config;
    }

    /** Counts blocked exports (each one is a local bug or a deliberate internal route). */
    public long blocked()
    {
        return violations;
    }

    public boolean mayExport(
        final PeerPolicy to, final long prefix, final int length, final boolean learnedOverIbgp)
    {
        if (!to.ebgp())
        {
            return !learnedOverIbgp;
        }
        final long rn = prefix >>> 32;
        final boolean ok;
        if (rn == 0)
        {
            ok = !(length >= 40 && ((prefix >>> 24) & 0xFF) == 127);
        }
        else
        {
            ok = length >= 32 && length <= 32 + config.maxHostLength() &&
                !ImportPolicy.isReservedRn(rn, to.privatePeering(), config.labMode()) &&
                !ImportPolicy.isInteriorLink(prefix, length);
        }
        if (!ok)
        {
            violations++;
        }
        return ok;
    }
}
