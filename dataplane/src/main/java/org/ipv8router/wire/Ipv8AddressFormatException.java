package org.ipv8router.wire;

/**
 * Text that is not a valid IPv8 address or prefix in any accepted notation (spec 1.2, 1.7).
 * <p>
 * The message always names the offending part (an octet, the ASN, the prefix length, the number of
 * dot-separated parts) and quotes the whole input, so an operator can fix a config line or a command
 * from the message alone.
 */
public final class Ipv8AddressFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * @param message what is wrong, naming the offending part.
     * @param input   the complete text that was being parsed.
     */
    public Ipv8AddressFormatException(final String message, final String input)
    {
        super(message);
        this.input = input;
    }

    /** The complete text that was rejected, as given (before trimming). */
    public String input()
    {
        return input;
    }
}
