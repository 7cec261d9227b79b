package org.ipv8router.whois8;

/** A WHOIS8 object failed verification; the message says which check and with what value. */
public final class SignatureCheckException extends Exception
{
    public SignatureCheckException(final String message)
    {
        super(message);
    }
}
