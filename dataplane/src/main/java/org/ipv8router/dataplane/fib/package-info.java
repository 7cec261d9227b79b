/**
 * The forwarding information base: the two-tier, /16-bounded IPv8 route lookup of spec 7.2 in pure Java.
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li>{@link org.ipv8router.dataplane.fib.Fib}: the facade. Lookup of a 64-bit destination (single and l3fwd-style
 *       batch), route updates with 64-bit prefixes, local r management, {@link
 *       org.ipv8router.dataplane.fib.FibUpdateBatch} application.</li>
 *   <li>{@link org.ipv8router.dataplane.fib.Dir24_8}: Tier 2 LPM over n.n.n.n (rte_lpm style), one for r = 0 and
 *       one per local r; DIR-24-8 (64 MiB) or DIR-16-8-8 (256 KiB) layout.</li>
 *   <li>{@link org.ipv8router.dataplane.fib.AsnTable}: Tier 1, foreign r to a whole-ASN next hop and/or a small LPM
 *       of host prefixes no longer than /16, bounded in ASN count and prefixes per ASN.</li>
 *   <li>{@link org.ipv8router.dataplane.fib.NextHopTable}: next-hop index to kind, egress port and address.</li>
 *   <li>{@link org.ipv8router.dataplane.fib.QuiescentState}: QSBR grace periods for reusing tbl8 groups and
 *       next-hop indices.</li>
 * </ul>
 *
 * <h2>Threading model</h2>
 * One writer thread applies every update; any number of forwarding threads look up without locks and without
 * allocating. Readers see, per address, either the route before or after an update, never a partial structure:
 * single-int entries are changed with release stores, new tbl8 groups are filled before they are linked, Tier 1
 * entries and the set of local tables are replaced copy-on-write and published with release/volatile stores, and
 * tbl8 groups and next-hop indices are reused only after every registered reader passed a quiescent point.
 * Objects replaced copy-on-write are reclaimed by the garbage collector. Updates never wait for readers.
 */
package org.ipv8router.dataplane.fib;
