package org.ipv8router.dataplane.counters;

import org.agrona.concurrent.status.CountersReader;

/**
 * Layout of the counters file shared by the dataplane (writer) and tools such as {@code ipv8 show counters}
 * (readers, possibly in other processes). Modelled on Aeron's CnC file: a small header, then Agrona's
 * {@link CountersReader} metadata and values buffers.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Magic 'I8CT'                           |  0
 *  +---------------------------------------------------------------+
 *  |          Layout version (written last, with release)          |  4
 *  +---------------------------------------------------------------+
 *  |                    Metadata buffer length                     |  8
 *  +---------------------------------------------------------------+
 *  |                     Values buffer length                      |  12
 *  +---------------------------------------------------------------+
 *  |                        Writer PID                             |  16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Start time, ms since the epoch                |  24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Reserved up to HEADER_LENGTH                 |  32
 *  +---------------------------------------------------------------+
 *  |   Metadata buffer (METADATA_LENGTH octets per counter)       ...  HEADER_LENGTH
 *  +---------------------------------------------------------------+
 *  |   Values buffer (COUNTER_LENGTH octets per counter)          ...  HEADER_LENGTH + metadata length
 *  +---------------------------------------------------------------+
 * </pre>
 * A reader that sees version 0 is looking at a file still being created and must retry.
 */
public final class CountersFileDescriptor
{
    /** 'I8CT' in little-endian ASCII. */
    public static final int MAGIC = 0x5443_3849;
    /** Current layout version; bump on any incompatible change. */
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int METADATA_LENGTH_OFFSET = 8;
    public static final int VALUES_LENGTH_OFFSET = 12;
    public static final int PID_OFFSET = 16;
    public static final int START_TIMESTAMP_OFFSET = 24;
    /** Header length; a multiple of the cache line so that the buffers after it stay aligned. */
    public static final int HEADER_LENGTH = 128;
    /** Counters file name inside the instance directory. */
    public static final String FILE_NAME = "counters.dat";

    private CountersFileDescriptor()
    {
    }

    /**
     * Values buffer length for a number of counters.
     *
     * @param maxCounters counters the file must hold.
     * @return the length in octets.
     */
    public static int valuesLength(final int maxCounters)
    {
        return maxCounters * CountersReader.COUNTER_LENGTH;
    }

    /**
     * Metadata buffer length for a number of counters.
     *
     * @param maxCounters counters the file must hold.
     * @return the length in octets.
     */
    public static int metadataLength(final int maxCounters)
    {
        return maxCounters * CountersReader.METADATA_LENGTH;
    }

    /**
     * Total file length for a number of counters.
     *
     * @param maxCounters counters the file must hold.
     * @return the length in octets.
     */
    public static long fileLength(final int maxCounters)
    {
        return (long)HEADER_LENGTH + metadataLength(maxCounters) + valuesLength(maxCounters);
    }
}
