package org.ipv8router.testbed.whois8;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Whois8RegistryMainTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) throws Exception
    {
        return Whois8RegistryMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpDescribesEveryEndpointAndOption() throws Exception
    {
        assertEquals(0, run("--help"));
        final String text = out.toString(StandardCharsets.UTF_8);
        for (final String s : new String[] { "/whois8/v1/rn/", "/snapshot", "/delta?since=", "--https-port",
            "--generate", "--revoke", "--bump", "--key" })
        {
            assertTrue(text.contains(s), s);
        }
    }

    @Test
    void badUsageNamesTheProblem() throws Exception
    {
        assertEquals(2, run("--dir", dir.toString(), "--frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--frobnicate"));
        assertEquals(2, run("--http-port", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--dir is required"));
    }

    @Test
    void generateThenRevokeOffline() throws Exception
    {
        assertEquals(0, run("--dir", dir.toString(), "--generate", "100", "--first-rn", "70000", "--no-serve"));
        assertEquals(0, run("--dir", dir.toString(), "--revoke", "70005"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("inactive"));
        final RegistryStore store = RegistryStore.load(dir);
        assertFalse(store.get(70_005).isActive());
        assertTrue(store.get(70_006).isActive());
    }
}
