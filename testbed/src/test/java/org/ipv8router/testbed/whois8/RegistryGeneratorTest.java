package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Whois8Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryGeneratorTest
{
    @TempDir
    Path dir;

    @Test
    void generatesAHundredThousandDistinctUsableRns()
    {
        final List<Whois8Record> records = RegistryGenerator.generate(100_000, 60_000, 1, Instant.now(), 3);
        assertEquals(100_000, records.size());
        final Set<Long> rns = new HashSet<>();
        for (final Whois8Record r : records)
        {
            assertTrue(rns.add(r.rn()), "duplicate " + r.rn());
            assertFalse(r.rn() >= 64_512 && r.rn() <= 65_535, "private/reserved 16-bit ASN " + r.rn());
            assertTrue(r.isActive());
        }
        assertTrue(rns.contains(65_536L), "jumped past the reserved range");
    }

    @Test
    void sameSeedSameRegistry()
    {
        final Instant now = Instant.parse("2026-06-01T00:00:00Z");
        assertEquals(RegistryGenerator.generate(500, 1, 1, now, 9), RegistryGenerator.generate(500, 1, 1, now, 9));
    }

    @Test
    void skipsRnsThatBgp8RejectsAsRns()
    {
        assertEquals(23_457, RegistryGenerator.nextUsable(23_456));
        assertEquals(1_694_498_816L, RegistryGenerator.nextUsable(1_677_721_600L));
        assertEquals(2_147_483_648L, RegistryGenerator.nextUsable(2_130_706_432L));
    }

    @Test
    void directoryRoundTripAndChangesArePersisted() throws Exception
    {
        final List<Whois8Record> written = RegistryGenerator.writeDirectory(dir, 1_000, 200_000, 5);
        RegistryStore store = RegistryStore.load(dir);
        assertEquals(1_000, store.size());
        assertEquals(written.get(17), store.get(written.get(17).rn()));

        final long revoked = written.get(1).rn();
        final long removed = written.get(2).rn();
        store.revoke(revoked);
        store.remove(removed);
        assertTrue(Files.exists(dir.resolve("records/AS" + revoked + ".json")));
        assertTrue(Files.exists(dir.resolve("records/AS" + removed + ".removed")));

        store = RegistryStore.load(dir);
        assertEquals(999, store.size());
        assertFalse(store.get(revoked).isActive());
        assertNull(store.get(removed));
        assertEquals(3, store.serial());
    }

    @Test
    void deltaCarriesChangedAndRemovedRnsAndRefusesUnknownBases()
    {
        final List<Whois8Record> records = RegistryGenerator.generate(10, 300_000, 5, Instant.now(), 1);
        final RegistryStore store = RegistryStore.withChangeLogLimit(records, 5, 3);
        store.bumpSerial(records.get(0).rn());
        store.remove(records.get(1).rn());
        final RegistryStore.Delta d = store.deltaSince(5);
        assertEquals(7, d.serial());
        assertEquals(List.of(records.get(0).rn()), d.records().stream().map(Whois8Record::rn).toList());
        assertEquals(records.get(1).rn(), d.removed()[0]);
        assertEquals(6, d.records().get(0).serial());
        assertEquals(0, store.deltaSince(7).records().size());
        assertThrows(IllegalArgumentException.class, () -> store.deltaSince(8));
        store.bumpSerial(records.get(3).rn());
        store.bumpSerial(records.get(4).rn());
        assertNull(store.deltaSince(5), "log of 3 no longer reaches serial 5");
    }
}
