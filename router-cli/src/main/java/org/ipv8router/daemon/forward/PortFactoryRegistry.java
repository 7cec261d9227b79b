package org.ipv8router.daemon.forward;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.ipv8router.config.RouterConfig;

import org.ipv8router.dataplane.port.PortFactory;

/**
 * The {@link PortFactory}s the forwarding module may use, by port kind of the config ({@code port dpdk ...} looks
 * up "dpdk"). Ring and pcap ports are built in; a kind with no factory here makes the start fail with a message
 * naming the interface. The integration registers DPDK's factory (native-shim) here, e.g.
 * {@code registry.register("dpdk", () -> new DpdkPortFactory(ealConfig))}.
 * <p>
 * Thread safe (cold path). A supplier is called once per start of the module; the factory it returns is opened,
 * used and closed on the forwarding thread.
 */
public final class PortFactoryRegistry
{
    private final Map<String, Function<RouterConfig, ? extends PortFactory>> factories = new ConcurrentHashMap<>();

    /**
     * Registers (or replaces) the factory of a port kind.
     *
     * @param kind     port kind as written in the config, e.g. "dpdk".
     * @param supplier makes a new, unopened factory.
     * @return this.
     */
    public PortFactoryRegistry register(final String kind, final Supplier<? extends PortFactory> supplier)
    {
        factories.put(kind, config -> supplier.get());
        return this;
    }

    /**
     * Registers (or replaces) the factory of a port kind that depends on the running configuration (DPDK's EAL
     * options of the {@code dpdk} block).
     *
     * @param kind    port kind as written in the config, e.g. "dpdk".
     * @param factory makes a new, unopened factory for the configuration being started.
     * @return this.
     */
    public PortFactoryRegistry registerConfigured(
        final String kind, final Function<RouterConfig, ? extends PortFactory> factory)
    {
        factories.put(kind, factory);
        return this;
    }

    /** @return what makes the factory for {@code kind} from the configuration, or null. */
    public Function<RouterConfig, ? extends PortFactory> find(final String kind)
    {
        return factories.get(kind);
    }

    /** @return the registered kinds, sorted (for messages). */
    public String kinds()
    {
        return String.join(", ", new TreeMap<>(factories).keySet());
    }
}
