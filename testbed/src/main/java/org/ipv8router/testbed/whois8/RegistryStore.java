package org.ipv8router.testbed.whois8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.whois8.CanonicalJson;
import org.ipv8router.whois8.MalformedRecordException;
import org.ipv8router.whois8.Whois8Record;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference registry's data: current records by RN, the registry serial, and a change log for deltas.
 * Thread-safe (every method synchronised: this is test infrastructure, not a hot path).
 * <p>
 * Serial rule: every change increments the registry serial and gives the changed record that serial, so record
 * serials are monotonic per RN and a delta since S carries every RN changed after S.
 * <p>
 * Directory layout (optional persistence, see {@link #load(Path)}):
 * <pre>
 * registry.json          {"serial": N}
 * records.jsonl          one unsigned record per line (bulk; what {@link RegistryGenerator} writes)
 * records/AS&lt;n&gt;.json     one record per file; overrides records.jsonl (what changes write)
 * records/AS&lt;n&gt;.removed  tombstone: the RN was removed from the registry
 * </pre>
 */
public final class RegistryStore
{
    private final TreeMap<Long, Whois8Record> records = new TreeMap<>();
    /** serial of the change -> RN changed (removal or new version). */
    private final TreeMap<Long, Long> changeLog = new TreeMap<>();
    private final int changeLogLimit;
    private final Path directory;
    private long serial;
    private long oldestDeltaBase;

    /** An empty in-memory store at serial {@code initialSerial}. */
    public RegistryStore(final long initialSerial)
    {
        this(initialSerial, null, 100_000);
    }

    private RegistryStore(final long initialSerial, final Path directory, final int changeLogLimit)
    {
        this.serial = initialSerial;
        this.oldestDeltaBase = initialSerial;
        this.directory = directory;
        this.changeLogLimit = changeLogLimit;
    }

    /** In-memory store holding {@code initial} (not logged as changes) at serial {@code serial}. */
    public static RegistryStore of(final Collection<Whois8Record> initial, final long serial)
    {
        final RegistryStore store = new RegistryStore(serial);
        for (final Whois8Record r : initial)
        {
            store.records.put(r.rn(), r);
        }
        return store;
    }

    /** Like {@link #of(Collection, long)} with a change log of at most {@code changeLogLimit} entries (410 tests). */
    public static RegistryStore withChangeLogLimit(final Collection<Whois8Record> initial, final long serial,
        final int changeLogLimit)
    {
        final RegistryStore store = new RegistryStore(serial, null, changeLogLimit);
        for (final Whois8Record r : initial)
        {
            store.records.put(r.rn(), r);
        }
        return store;
    }

    /** Loads a registry directory (layout in the class comment); later changes are written back to it. */
    public static RegistryStore load(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IOException("registry directory " + dir + " does not exist");
        }
        long serial = 1;
        final Path meta = dir.resolve("registry.json");
        if (Files.exists(meta))
        {
            final JsonNode node = CanonicalJson.STRICT_MAPPER.readTree(meta.toFile());
            serial = node.path("serial").asLong(1);
        }
        final RegistryStore store = new RegistryStore(serial, dir, 100_000);
        final Path jsonl = dir.resolve("records.jsonl");
        if (Files.exists(jsonl))
        {
            try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8))
            {
                String line;
                int lineNo = 0;
                while ((line = in.readLine()) != null)
                {
                    lineNo++;
                    if (!line.isBlank())
                    {
                        store.loadOne(CanonicalJson.STRICT_MAPPER.readTree(line), jsonl + ":" + lineNo);
                    }
                }
            }
        }
        final Path perFile = dir.resolve("records");
        if (Files.isDirectory(perFile))
        {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(perFile, "AS*.json"))
            {
                for (final Path f : files)
                {
                    store.loadOne(CanonicalJson.STRICT_MAPPER.readTree(f.toFile()), f.toString());
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(perFile, "AS*.removed"))
            {
                for (final Path f : files)
                {
                    final String name = f.getFileName().toString();
                    store.records.remove(Long.parseLong(name.substring(2, name.length() - ".removed".length())));
                }
            }
        }
        for (final Whois8Record r : store.records.values())
        {
            store.serial = Math.max(store.serial, r.serial());
        }
        store.oldestDeltaBase = store.serial;
        return store;
    }

    private void loadOne(final JsonNode json, final String where) throws IOException
    {
        try
        {
            final Whois8Record r = Whois8Record.fromJson(json);
            records.put(r.rn(), r);
        }
        catch (final MalformedRecordException ex)
        {
            throw new IOException(where + ": " + ex.getMessage(), ex);
        }
    }

    /** Current registry serial. */
    public synchronized long serial()
    {
        return serial;
    }

    /** Current record of {@code rn}, or null. */
    public synchronized Whois8Record get(final long rn)
    {
        return records.get(rn);
    }

    /** Number of registered RNs. */
    public synchronized int size()
    {
        return records.size();
    }

    /** All current records, ordered by RN, with the serial they belong to. */
    public synchronized Snapshot snapshot()
    {
        return new Snapshot(serial, List.copyOf(records.values()));
    }

    /**
     * Changes after {@code since}: current records of changed RNs and the RNs removed.
     *
     * @return null when the log no longer reaches back to {@code since} (HTTP 410).
     * @throws IllegalArgumentException when {@code since} is ahead of the registry.
     */
    public synchronized Delta deltaSince(final long since)
    {
        if (since > serial)
        {
            throw new IllegalArgumentException("serial " + since + " is ahead of the registry serial " + serial);
        }
        if (since < oldestDeltaBase)
        {
            return null;
        }
        final List<Whois8Record> changed = new ArrayList<>();
        final List<Long> removed = new ArrayList<>();
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        for (final Map.Entry<Long, Long> change : changeLog.tailMap(since, false).entrySet())
        {
            final long rn = change.getValue();
            if (seen.add(rn))
            {
                final Whois8Record current = records.get(rn);
                if (current != null)
                {
                    changed.add(current);
                }
                else
                {
                    removed.add(rn);
                }
            }
        }
        return new Delta(since, serial, changed, removed.stream().mapToLong(Long::longValue).toArray());
    }

    /** Adds or replaces a record; it gets the next registry serial. @return the stored record. */
    public synchronized Whois8Record put(final Whois8Record record)
    {
        final long next = serial + 1;
        final Whois8Record stored = withSerial(record, next, null);
        commit(stored.rn(), next, stored);
        return stored;
    }

    /** Revokes: status becomes ["inactive"], serial bumped. @return the new record. */
    public synchronized Whois8Record revoke(final long rn)
    {
        final Whois8Record current = require(rn);
        final long next = serial + 1;
        final Whois8Record stored = withSerial(current, next, new String[] { "inactive" });
        commit(rn, next, stored);
        return stored;
    }

    /** Re-issues the record unchanged except for a new serial. @return the new record. */
    public synchronized Whois8Record bumpSerial(final long rn)
    {
        final Whois8Record current = require(rn);
        final long next = serial + 1;
        final Whois8Record stored = withSerial(current, next, null);
        commit(rn, next, stored);
        return stored;
    }

    /** Removes the RN from the registry (lookups answer 404, deltas list it as removed). */
    public synchronized void remove(final long rn)
    {
        require(rn);
        final long next = serial + 1;
        commit(rn, next, null);
    }

    /**
     * Test hook: makes {@code record} the current one exactly as given, without serial checks or change log, as a
     * registry replaying an old record would (serial-rollback tests).
     */
    public synchronized void forceRecord(final Whois8Record record)
    {
        records.put(record.rn(), record);
    }

    private Whois8Record require(final long rn)
    {
        final Whois8Record r = records.get(rn);
        if (r == null)
        {
            throw new IllegalArgumentException("AS" + rn + " is not registered");
        }
        return r;
    }

    private void commit(final long rn, final long newSerial, final Whois8Record record)
    {
        if (record != null)
        {
            records.put(rn, record);
        }
        else
        {
            records.remove(rn);
        }
        serial = newSerial;
        changeLog.put(newSerial, rn);
        while (changeLog.size() > changeLogLimit)
        {
            oldestDeltaBase = changeLog.pollFirstEntry().getKey();
        }
        if (directory != null)
        {
            persist(rn, record);
        }
    }

    private void persist(final long rn, final Whois8Record record)
    {
        try
        {
            final Path perFile = Files.createDirectories(directory.resolve("records"));
            final Path json = perFile.resolve("AS" + rn + ".json");
            final Path tombstone = perFile.resolve("AS" + rn + ".removed");
            if (record != null)
            {
                Files.writeString(json, CanonicalJson.STRICT_MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(record.toUnsignedJson()));
                Files.deleteIfExists(tombstone);
            }
            else
            {
                Files.deleteIfExists(json);
                Files.writeString(tombstone, "removed at serial " + serial + "\n");
            }
            writeMeta(directory, serial);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot persist AS" + rn + " to " + directory, ex);
        }
    }

    static void writeMeta(final Path dir, final long serial) throws IOException
    {
        final ObjectNode meta = CanonicalJson.STRICT_MAPPER.createObjectNode();
        meta.put("serial", serial);
        Files.writeString(dir.resolve("registry.json"), meta.toString() + "\n");
    }

    /** Writes records as {@code records.jsonl} plus {@code registry.json} (what the generator produces). */
    public static void writeDirectory(final Path dir, final Collection<Whois8Record> records, final long serial)
        throws IOException
    {
        Files.createDirectories(dir);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("records.jsonl"), StandardCharsets.UTF_8))
        {
            for (final Whois8Record r : records)
            {
                out.write(CanonicalJson.toText(r.toUnsignedJson()));
                out.write('\n');
            }
        }
        writeMeta(dir, serial);
    }

    private static Whois8Record withSerial(final Whois8Record r, final long serial, final String[] status)
    {
        final ObjectNode json = r.toUnsignedJson();
        json.put("serial", serial);
        if (status != null)
        {
            final var arr = json.putArray("status");
            for (final String s : status)
            {
                arr.add(s);
            }
        }
        try
        {
            return Whois8Record.fromJson(json);
        }
        catch (final MalformedRecordException ex)
        {
            throw new IllegalStateException("re-serialised record no longer parses: " + ex.getMessage(), ex);
        }
    }

    /** The whole registry at one serial. */
    public record Snapshot(long serial, List<Whois8Record> records)
    {
    }

    /** Changes from {@code fromSerial} to {@code serial}. */
    public record Delta(long fromSerial, long serial, List<Whois8Record> records, long[] removed)
    {
    }
}
