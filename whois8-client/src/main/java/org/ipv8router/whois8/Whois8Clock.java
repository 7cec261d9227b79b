package org.ipv8router.whois8;

/** Wall-clock time source in epoch milliseconds; injectable so tests can move time without sleeping. */
@FunctionalInterface
public interface Whois8Clock
{
    /** The system clock. */
    Whois8Clock SYSTEM = System::currentTimeMillis;

    /** Current time, milliseconds since the epoch. */
    long millis();
}
