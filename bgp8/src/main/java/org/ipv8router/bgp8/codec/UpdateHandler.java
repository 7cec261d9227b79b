package org.ipv8router.bgp8.codec;

/**
 * Receives the routes of one decoded UPDATE, in the unified 64-bit prefix space ({@link Prefixes}).
 * Called only after the whole message was validated, so a handler never sees half of a bad UPDATE.
 */
public interface UpdateHandler
{
    void announce(long prefix, int length, PathAttributes attributes);

    void withdraw(long prefix, int length);
}
