package org.ipv8router.config;

/** Interface roles of spec 7.3: which border filters apply on the interface. */
public enum InterfaceRole
{
    /** Inside the organisation: 127.x zones are legal here. The default. */
    INTERNAL("internal"),
    /** eBGP8 / WAN / 8to4 tunnel: zone, RINE and interior-link traffic is filtered, source ASN checked. */
    EXTERNAL("external"),
    /** A RINE peering link: the only role on which 100/8 r values are legal. */
    RINE("rine"),
    /** Router-to-router link inside the AS (222/8 interior link addresses). */
    INTERIOR_LINK("interior-link");

    private final String keyword;

    InterfaceRole(final String keyword)
    {
        this.keyword = keyword;
    }

    public String keyword()
    {
        return keyword;
    }

    /** The role named by its config keyword, or null. */
    public static InterfaceRole fromKeyword(final String keyword)
    {
        for (final InterfaceRole role : values())
        {
            if (role.keyword.equals(keyword))
            {
                return role;
            }
        }
        return null;
    }
}
