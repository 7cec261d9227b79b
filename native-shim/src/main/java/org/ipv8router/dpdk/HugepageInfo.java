package org.ipv8router.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says about hugepages: the default page size, how many pages are reserved and free
 * ({@code /proc/meminfo}), and where hugetlbfs is mounted ({@code /proc/mounts}). {@link EalConfig} uses it to
 * choose between hugepages and {@code --no-huge}.
 *
 * @param totalPages       HugePages_Total.
 * @param freePages        HugePages_Free.
 * @param pageSizeKb       Hugepagesize in kB (2048 on x86_64 unless booted otherwise).
 * @param hugetlbfsMount   mount point of a hugetlbfs, or null if none is mounted.
 */
public record HugepageInfo(long totalPages, long freePages, long pageSizeKb, String hugetlbfsMount)
{
    /** Bytes of free hugepage memory. */
    public long freeBytes()
    {
        return freePages * pageSizeKb * 1024L;
    }

    /** True if hugepages are free and mounted, so DPDK can use them. */
    public boolean usable(final long minBytes)
    {
        return hugetlbfsMount != null && freePages > 0 && freeBytes() >= minBytes;
    }

    /** Reads /proc/meminfo and /proc/mounts; a machine without them reports no hugepages. */
    public static HugepageInfo read()
    {
        return parse(readOrEmpty(Path.of("/proc/meminfo")), readOrEmpty(Path.of("/proc/mounts")));
    }

    /** Parses the text of /proc/meminfo and /proc/mounts. */
    public static HugepageInfo parse(final String meminfo, final String mounts)
    {
        long total = 0;
        long free = 0;
        long sizeKb = 0;
        for (final String line : meminfo.split("\n"))
        {
            final String[] parts = line.trim().split("\\s+");
            if (parts.length < 2)
            {
                continue;
            }
            switch (parts[0])
            {
                case "HugePages_Total:" -> total = parseLong(parts[1]);
                case "HugePages_Free:" -> free = parseLong(parts[1]);
                case "Hugepagesize:" -> sizeKb = parseLong(parts[1]);
                default ->
                {
                }
            }
        }
        String mount = null;
        for (final String line : mounts.split("\n"))
        {
            final String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && "hugetlbfs".equals(parts[2]))
            {
                mount = parts[1];
                break;
            }
        }
        return new HugepageInfo(total, free, sizeKb, mount);
    }

    private static long parseLong(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static String readOrEmpty(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
    }

    @Override
    public String toString()
    {
        return freePages + " of " + totalPages + " x " + pageSizeKb + " kB hugepages free, hugetlbfs " +
            (hugetlbfsMount == null ? "not mounted" : "at " + hugetlbfsMount);
    }
}
