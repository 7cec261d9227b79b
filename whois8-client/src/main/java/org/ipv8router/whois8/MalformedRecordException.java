package org.ipv8router.whois8;

/** A WHOIS8 JSON object does not follow the record schema of bgp8-whois8.md §6.4; the message names the field. */
public final class MalformedRecordException extends Exception
{
    public MalformedRecordException(final String message)
    {
        super(message);
    }
}
