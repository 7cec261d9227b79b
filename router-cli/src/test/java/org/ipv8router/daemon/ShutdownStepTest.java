package org.ipv8router.daemon;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShutdownStepTest
{
    @Test
    void ofNamesTheStepAndRunsTheActionOnEachStopOnly()
    {
        final List<String> ran = new ArrayList<>();
        final ShutdownStep step = ShutdownStep.of("bgp8 (NOTIFICATION Cease, whois8)", () -> ran.add("cease"));

        assertEquals("bgp8 (NOTIFICATION Cease, whois8)", step.name());
        assertEquals(List.of(), ran, "building the step must not run it");
        try
        {
            step.stop();
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
        assertEquals(List.of("cease"), ran);
    }

    @Test
    void whatTheActionThrowsStopThrows()
    {
        final Exception cause = new java.io.IOException("socket already closed");
        final ShutdownStep step = ShutdownStep.of("ports", () ->
        {
            throw cause;
        });

        assertSame(cause, assertThrows(java.io.IOException.class, step::stop));
    }
}
