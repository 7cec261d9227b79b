package org.ipv8router.wire;

/** EtherType values the router demultiplexes on (spec 2.6, 4.2). */
public final class EtherTypes
{
    /** IPv4, and version-8 headers when {@link WireProfile#acceptV8On0800()} is on. */
    public static final int IPV4 = 0x0800;
    /** ARP and ARP8 (told apart by PTYPE/PLEN, spec 4.2). */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q VLAN tag protocol identifier. */
    public static final int VLAN = 0x8100;
    /** IEEE 802.1ad service tag (QinQ): not handled in v1, counted as unknown. */
    public static final int QINQ = 0x88A8;
    /** IPv6 (not routed by this router). */
    public static final int IPV6 = 0x86DD;
    /** Default EtherType for native IPv8 frames (spec 2.6, A3); configurable in {@link WireProfile}. */
    public static final int IPV8_DEFAULT = 0x8080;
    /** IEEE local experimental EtherType, an allowed IPv8 alternative. */
    public static final int LOCAL_EXPERIMENTAL_1 = 0x88B5;
    /** IEEE local experimental EtherType 2. */
    public static final int LOCAL_EXPERIMENTAL_2 = 0x88B6;
    /** Provisional value used by ipv8-poc, an allowed IPv8 alternative. */
    public static final int IPV8_POC = 0x0888;
    /** Values below this are IEEE 802.3 length fields, not EtherTypes. */
    public static final int MIN_ETHERTYPE = 0x0600;

    private EtherTypes()
    {
    }
}
