package org.ipv8router.pcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A pcap file that cannot be read: wrong magic, unsupported link type, truncated or corrupt record. The message
 * names the file, the record (1-based; 0 for the global header) and what is wrong.
 */
public final class PcapFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long recordNumber;

    /**
     * @param file         the pcap file.
     * @param recordNumber 1-based record number, 0 for the global header.
     * @param problem      what is wrong.
     */
    public PcapFormatException(final Path file, final long recordNumber, final String problem)
    {
        super("pcap file " + file + ": " + (recordNumber == 0 ? "global header" : "record " + recordNumber) +
            ": " + problem);
        this.file = file;
        this.recordNumber = recordNumber;
    }

    /** @return the pcap file. */
    public Path file()
    {
        return file;
    }

    /** @return 1-based record number, 0 for the global header. */
    public long recordNumber()
    {
        return recordNumber;
    }
}
