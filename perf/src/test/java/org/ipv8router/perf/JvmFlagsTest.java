package org.ipv8router.perf;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    @Test
    void childJvmRunsThisJavaWithTheFlagsOptionsShimAndClassPathInOrder()
    {
        final List<String> command = JvmFlags.childJvm("/opt/libipv8shim.so", List.of("-Xmx1g", "-XX:+UseSerialGC"));

        assertEquals(List.of(JvmFlags.NATIVE_ACCESS, JvmFlags.ADD_OPENS, JvmFlags.NO_BOUNDS_CHECKS, "-Xmx1g",
            "-XX:+UseSerialGC", "-Dipv8.shim.path=/opt/libipv8shim.so", "-cp", CLASS_PATH),
            command.subList(1, command.size()));
        assertEquals(ProcessHandle.current().info().command().orElse("java"), command.get(0));
        assertEquals("--enable-native-access=ALL-UNNAMED", JvmFlags.NATIVE_ACCESS);
        assertEquals("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", JvmFlags.ADD_OPENS);
        assertEquals("-Dagrona.disable.bounds.checks=true", JvmFlags.NO_BOUNDS_CHECKS);
    }

    @Test
    void withoutAShimTheDefaultLookupIsLeftAlone()
    {
        final List<String> command = JvmFlags.childJvm(null, List.of());

        assertEquals(6, command.size(), command.toString());
        assertFalse(command.stream().anyMatch(arg -> arg.startsWith("-Dipv8.shim.path")), command.toString());
        assertEquals(List.of("-cp", CLASS_PATH), command.subList(4, 6));
    }

    @Test
    void callersCanPrefixAndAppend()
    {
        final List<String> command = JvmFlags.childJvm(null, List.of());
        command.addAll(0, List.of("taskset", "-c", "1"));
        command.add("org.example.Main");

        assertEquals(List.of("taskset", "-c", "1"), command.subList(0, 3));
        assertTrue(command.getLast().equals("org.example.Main"), command.toString());
    }
}
