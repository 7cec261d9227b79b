/**
 * WHOIS8 client and route validator (local profile of bgp8-whois8.md §4.2, §6.4, §6.5).
 * <p>
 * Entry points:
 * <ul>
 * <li>{@link org.ipv8router.whois8.Whois8Config} + {@link org.ipv8router.whois8.Whois8Validator}: the validator
 *     BGP8 holds; implements {@link org.ipv8router.whois8.RouteValidator} ({@code validate(origin, prefix64,
 *     length64)}, {@code explain}, {@code subscribe}).</li>
 * <li>{@link org.ipv8router.whois8.Whois8Listener}: told of every RN whose WHOIS8 answer changed, so BGP8 can
 *     re-validate the routes of that RN (install, withdraw).</li>
 * <li>{@link org.ipv8router.whois8.Whois8Client}: the HTTP(S) client alone (lookup, snapshot, delta).</li>
 * <li>{@link org.ipv8router.whois8.Whois8Record}, {@link org.ipv8router.whois8.RecordVerifier},
 *     {@link org.ipv8router.whois8.CanonicalJson}, {@link org.ipv8router.whois8.DetachedJws}: record model,
 *     RFC 8785 canonical form and Ed25519 detached JWS, shared with the reference registry in testbed.</li>
 * </ul>
 */
package org.ipv8router.whois8;
