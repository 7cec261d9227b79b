package org.ipv8router.bgp8.codec;

import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * Canonicalises {@link PathAttributes}: equal sets become one shared instance. Weak so that a set no route
 * refers to any more is collected without reference counting in the RIB. Used on the control thread only.
 */
public final class AttributeInterner
{
    private final WeakHashMap<PathAttributes, WeakReference<PathAttributes>> sets = new WeakHashMap<>();

    public PathAttributes intern(final PathAttributes attributes)
    {
        final WeakReference<PathAttributes> ref = sets.get(attributes);
        final PathAttributes existing = ref == null ? null : ref.get();
        if (existing != null)
        {
            return existing;
        }
        sets.put(attributes, new WeakReference<>(attributes));
        return attributes;
    }

    public int size()
    {
        return sets.size();
    }
}
