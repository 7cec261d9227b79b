package org.ipv8router.testbed.whois8;

/** Misbehaviour the reference registry can be told to show, for failure tests. */
public enum Fault
{
    /** Behave. */
    NONE,
    /** Answer every request with HTTP 503 (registry down behind a working front end). */
    UNAVAILABLE_503,
    /** Delay every answer by the configured slow delay (longer than the client timeout: timeouts). */
    SLOW,
    /** Answer 200 with a body that is not JSON. */
    GARBAGE,
    /** Sign correctly, then alter the content (a byte of the holder name / body): signature must fail. */
    TAMPER,
    /** Sign with a different private key under the same key id: signature must fail. */
    WRONG_KEY,
    /** Close the connection without answering. */
    DROP_CONNECTION
}
