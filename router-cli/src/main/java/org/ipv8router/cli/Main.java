package org.ipv8router.cli;

/** Entry point of the {@code ipv8} command. */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("ipv8: skeleton");
    }
}
