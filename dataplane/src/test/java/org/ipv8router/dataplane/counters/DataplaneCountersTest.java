package org.ipv8router.dataplane.counters;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataplaneCountersTest
{
    @TempDir
    Path dir;

    @Test
    void readerSeesLabelsTypesKeysAndLiveValues()
    {
        final Path file = dir.resolve("r1").resolve(CountersFileDescriptor.FILE_NAME);
        try (DataplaneCounters counters = DataplaneCounters.create(file, 64, false))
        {
            final PortCounters eth0 = counters.newPortCounters(3, "eth0");
            final NodeCounters node = counters.newNodeCounters("fwd-0", 2, "ip8-lookup");
            try (CountersFile reader = CountersFile.open(file))
            {
                CountersSnapshot snapshot = reader.snapshot();
                assertEquals(0, snapshot.value("port eth0 rx-packets"));
                final CountersSnapshot.Counter rx = snapshot.find("port eth0 rx-bytes");
                assertEquals(CounterTypes.PORT_RX_BYTES, rx.typeId());
                assertEquals(3, rx.key());
                assertNotNull(snapshot.find("drop unknown: dropped with a reason code nobody registered"));

                eth0.onReceive(2, 128);
                eth0.onTransmitDrop(1);
                node.onVector(2);
                final AtomicCounter custom = counters.newCounter(CounterTypes.OTHER, 0, "late counter");
                custom.set(42);
                snapshot = reader.snapshot();
                assertEquals(2, snapshot.value("port eth0 rx-packets"));
                assertEquals(128, snapshot.value("port eth0 rx-bytes"));
                assertEquals(1, snapshot.value("port eth0 tx-drops"));
                assertEquals(1, snapshot.value("node ip8-lookup vectors (graph fwd-0)"));
                assertEquals(2, snapshot.value("node ip8-lookup packets (graph fwd-0)"));
                assertEquals(42, snapshot.value("late counter"), "counters allocated after opening are seen");
                assertTrue(snapshot.format().contains("port eth0 rx-bytes"));

                counters.free(custom);
                assertNull(reader.snapshot().find("late counter"), "freed counters disappear");
                assertThrows(IllegalArgumentException.class, () -> reader.snapshot().value("no such counter"));
            }
        }
        assertTrue(Files.exists(file), "kept: deleteOnClose was false");
    }

    @Test
    void fullFileFailsWithAClearMessage()
    {
        try (DataplaneCounters counters = DataplaneCounters.inMemory(16))
        {
            final int[] already = new int[1];
            counters.reader().forEach((id, label) -> already[0]++);
            assertTrue(already[0] > 0 && already[0] < 16, "the engine's drop reasons are registered up front");
            for (int k = 0; k < 16 - already[0]; k++)
            {
                counters.newCounter(CounterTypes.OTHER, k, "c" + k);
            }
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> counters.newCounter(CounterTypes.OTHER, 0, "one too many"));
            assertTrue(ex.getMessage().contains("one too many") && ex.getMessage().contains("full"), ex.getMessage());
        }
    }

    @Test
    void openingMissingOrForeignFilesFailsClearly() throws IOException
    {
        final Path missing = dir.resolve("nope.dat");
        final IllegalStateException notThere = assertThrows(IllegalStateException.class,
            () -> CountersFile.open(missing));
        assertTrue(notThere.getMessage().contains(missing.toString()) &&
            notThere.getMessage().contains("does not exist"), notThere.getMessage());

        final Path foreign = Files.write(dir.resolve("foreign.dat"), new byte[4096]);
        final IllegalStateException creating = assertThrows(IllegalStateException.class,
            () -> CountersFile.open(foreign));
        assertTrue(creating.getMessage().contains("still being created"), creating.getMessage());

        final byte[] wrongMagic = new byte[4096];
        ByteBuffer.wrap(wrongMagic).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x12345678).putInt(4, 1);
        final Path other = Files.write(dir.resolve("other.dat"), wrongMagic);
        final IllegalStateException magic = assertThrows(IllegalStateException.class, () -> CountersFile.open(other));
        assertTrue(magic.getMessage().contains("not an ipv8-router counters file"), magic.getMessage());
    }

    @Test
    void refusesToReplaceAFileOwnedByAnotherLiveProcess() throws IOException
    {
        final Path file = dir.resolve("r2").resolve(CountersFileDescriptor.FILE_NAME);
        DataplaneCounters.create(file, 16, false).close();
        // same process: a restart replaces its own stale file
        DataplaneCounters.create(file, 16, false).close();
        // pretend pid 1 (always alive) wrote it
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(CountersFileDescriptor.PID_OFFSET);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L).array());
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> DataplaneCounters.create(file, 16, false));
        assertTrue(ex.getMessage().contains("running process 1"), ex.getMessage());
    }
}
