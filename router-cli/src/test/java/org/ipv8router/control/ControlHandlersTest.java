package org.ipv8router.control;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlHandlersTest
{
    @Test
    void notConfiguredCommandAnswersItsMessageForAnyArgumentsAndStaysAvailable()
    {
        final ControlHandlers handlers = new ControlHandlers();
        handlers.registerNotConfigured("show  bgp", "BGP8 (not configured)", "BGP8 is not configured: no block in r.conf");

        final ControlProtocol.Response bare = handlers.dispatch(new ControlProtocol.Request(1, "show", List.of("bgp"), false));
        final ControlProtocol.Response withArgs =
            handlers.dispatch(new ControlProtocol.Request(1, "show", List.of("bgp", "routes", "64512"), true));

        assertFalse(bare.ok());
        assertEquals("BGP8 is not configured: no block in r.conf", bare.error());
        assertNull(bare.text());
        assertFalse(withArgs.ok());
        assertEquals("BGP8 is not configured: no block in r.conf", withArgs.error());
        final ControlHandlers.Entry entry = handlers.get("show bgp");
        assertEquals("BGP8 (not configured)", entry.help());
        assertTrue(entry.available(), "a config change turns it on: not a 'not in this build' placeholder");
    }

    @Test
    void notConfiguredIsReplacedByALaterRegistration()
    {
        final ControlHandlers handlers = new ControlHandlers();
        handlers.registerNotConfigured("show gateway-pair", "pairs (not configured)", "no gateway pair");
        handlers.register("show gateway-pair", "pairs", (args, json) -> new ControlResult("2 pairs\n", null));

        final ControlProtocol.Response r =
            handlers.dispatch(new ControlProtocol.Request(1, "show", List.of("gateway-pair"), false));

        assertTrue(r.ok(), String.valueOf(r.error()));
        assertEquals("2 pairs\n", r.text());
    }
}
