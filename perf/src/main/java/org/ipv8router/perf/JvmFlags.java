package org.ipv8router.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags every benchmark JVM needs (FFM native access, Agrona's Unsafe) and the perf-run setting without
 * Agrona bounds checks (java-stack.md section 4.3), in one place: as constants for JMH's {@code @Fork} annotations and
 * as the start of the command line of a child JVM that a driver launches (the DPDK forwarder runs in its own JVM).
 */
public final class JvmFlags
{
    /** FFM downcalls into the native shim. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** Agrona 2.x reaches jdk.internal.misc.Unsafe. */
    public static final String ADD_OPENS = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The perf-run setting; tests keep Agrona's checks. */
    public static final String NO_BOUNDS_CHECKS = "-Dagrona.disable.bounds.checks=true";

    private JvmFlags()
    {
    }

    /**
     * The command line of a child JVM like this one, up to the main class: the same {@code java} binary,
     * {@link #NATIVE_ACCESS}, {@link #ADD_OPENS}, {@link #NO_BOUNDS_CHECKS}, then {@code jvmOptions}, then the shim
     * path when given, then this JVM's class path. The list is mutable: callers append the main class and its
     * arguments (and may put {@code taskset -c CORE} in front).
     *
     * @param shim       path of libipv8shim.so, or null for the default lookup.
     * @param jvmOptions further JVM options, in order.
     * @return {@code [java, flags..., jvmOptions..., -Dipv8.shim.path=SHIM, -cp, CLASSPATH]}.
     */
    public static List<String> childJvm(final String shim, final List<String> jvmOptions)
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, NATIVE_ACCESS, ADD_OPENS, NO_BOUNDS_CHECKS));
        command.addAll(jvmOptions);
        if (shim != null)
        {
            command.add("-Dipv8.shim.path=" + shim);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }
}
