package org.ipv8router.bgp8.fib;

/**
 * The narrow interface through which BGP8 programs a forwarding table. Implemented by {@link DataplaneRouteSink}
 * (the dataplane Router's FIB) and by {@link InMemoryFib} for tests. Called on the consumer (dataplane control)
 * thread by {@link FibChannel#drain}; the batch is only valid during the call.
 */
@FunctionalInterface
public interface RouteSink
{
    void onBatch(FibBatch batch);
}
