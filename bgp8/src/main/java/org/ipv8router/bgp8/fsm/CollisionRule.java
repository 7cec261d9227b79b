package org.ipv8router.bgp8.fsm;

/**
 * Which of two connections between the same two speakers survives a connection collision: RFC 4271 section 6.8
 * ("the connection initiated by the BGP speaker with the higher-valued BGP Identifier is preserved", identifiers
 * compared as unsigned 32-bit integers) with the RFC 6286 section 2.3 tie-break for equal identifiers (possible
 * between different ASes): the connection initiated by the speaker with the larger AS number is preserved.
 * Both ends evaluate the same rule on the same two values, so both keep the same connection.
 */
public final class CollisionRule
{
    private CollisionRule()
    {
    }

    /**
     * @param localId   our BGP Identifier (low 32 bits used)
     * @param localAsn  our AS number (4-octet)
     * @param remoteId  the peer's BGP Identifier from its OPEN (low 32 bits used)
     * @param remoteAsn the peer's AS number (4-octet, from the capability or My AS)
     * @return true when the connection we initiated survives, false when the one the peer initiated does
     */
    public static boolean localInitiatedSurvives(
        final long localId, final long localAsn, final long remoteId, final long remoteAsn)
    {
        final int byId = Integer.compareUnsigned((int)localId, (int)remoteId);
        if (byId != 0)
        {
            return byId > 0;
        }
        return Long.compareUnsigned(localAsn, remoteAsn) > 0;
    }
}
