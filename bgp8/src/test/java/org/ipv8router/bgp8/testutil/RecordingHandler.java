package org.ipv8router.bgp8.testutil;

import java.util.ArrayList;
import java.util.List;

import org.ipv8router.bgp8.codec.PathAttributes;
import org.ipv8router.bgp8.codec.Prefixes;
import org.ipv8router.bgp8.codec.UpdateHandler;

public final class RecordingHandler implements UpdateHandler
{
    public final List<String> announced = new ArrayList<>();
    public final List<String> withdrawn = new ArrayList<>();
    public final List<PathAttributes> attributes = new ArrayList<>();

    @Override
    public void announce(final long prefix, final int length, final PathAttributes attrs)
    {
        announced.add(Prefixes.format(prefix, length));
        attributes.add(attrs);
    }

    @Override
    public void withdraw(final long prefix, final int length)
    {
        withdrawn.add(Prefixes.format(prefix, length));
    }
}
