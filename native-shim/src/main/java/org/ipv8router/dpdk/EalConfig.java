package org.ipv8router.dpdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link Eal#init(EalConfig)} turns into {@code rte_eal_init} arguments. Defaults suit tests and
 * a single-process router: core 0, {@code --in-memory} (no hugepage files left behind, pitfall 11), no PCI
 * scan, no telemetry socket, hugepages when free and {@code --no-huge} otherwise.
 *
 * @param cores               the EAL core list ({@code -l}), e.g. "0" or "1-2"; the init thread is pinned to
 *                            the first (or main) one.
 * @param mainLcore           {@code --main-lcore}, or -1 for DPDK's choice (the first core of the list).
 * @param inMemory            {@code --in-memory}: no shared config, no hugepage files (only with hugepages:
 *                            EAL refuses it together with {@code --no-huge}, which needs neither).
 * @param filePrefix          {@code --file-prefix}, or null for {@value #DEFAULT_FILE_PREFIX}; with --in-memory
 *                            or --no-huge processes sharing a prefix do not interfere (EAL only creates an
 *                            empty /var/run/dpdk/&lt;prefix&gt;), so a fixed default avoids piling up directories.
 * @param hugepages           whether to use hugepages; see {@link HugepageMode}.
 * @param noHugeMemoryMb      {@code -m} with {@code --no-huge}.
 * @param minHugepageMemoryMb free hugepage memory below which AUTO falls back to {@code --no-huge}.
 * @param noPci               {@code --no-pci}: do not scan or probe PCI devices (virtual devices only).
 * @param telemetry           false adds {@code --no-telemetry}.
 * @param logLevel            {@code --log-level} value, e.g. "lib.eal:notice", or null for DPDK's default.
 * @param vdevs               {@code --vdev} values given at init, e.g. "net_null0" or "net_pcap0,rx_pcap=in.pcap".
 * @param extraArgs           further EAL arguments passed verbatim (e.g. "-a", "0000:00:04.0").
 */
public record EalConfig(
    String cores,
    int mainLcore,
    boolean inMemory,
    String filePrefix,
    HugepageMode hugepages,
    int noHugeMemoryMb,
    int minHugepageMemoryMb,
    boolean noPci,
    boolean telemetry,
    String logLevel,
    List<String> vdevs,
    List<String> extraArgs)
{
    /** How to treat hugepages. */
    public enum HugepageMode
    {
        /** Use hugepages if at least minHugepageMemoryMb are free and hugetlbfs is mounted, else --no-huge. */
        AUTO,
        /** Use hugepages; fail with a clear message if none are free. */
        REQUIRE,
        /** Always --no-huge (about 40 % of the hugepage throughput; fine for functional tests). */
        NONE
    }

    /** Program name passed as argv[0]. */
    public static final String PROGRAM = "ipv8-router";
    /** --file-prefix when none is configured. */
    public static final String DEFAULT_FILE_PREFIX = "ipv8";

    public EalConfig
    {
        Objects.requireNonNull(cores, "cores");
        Objects.requireNonNull(hugepages, "hugepages");
        if (cores.isBlank())
        {
            throw new IllegalArgumentException("EAL core list (-l) must not be empty");
        }
        if (noHugeMemoryMb < 1)
        {
            throw new IllegalArgumentException("noHugeMemoryMb must be >= 1, got " + noHugeMemoryMb);
        }
        vdevs = List.copyOf(vdevs);
        extraArgs = List.copyOf(extraArgs);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The argument vector for {@code rte_eal_init} on a machine in the given hugepage state.
     *
     * @throws DpdkException if hugepages are REQUIREd and none are usable.
     */
    public Plan plan(final HugepageInfo info)
    {
        final List<String> args = new ArrayList<>();
        args.add(PROGRAM);
        args.add("-l");
        args.add(cores);
        if (mainLcore >= 0)
        {
            args.add("--main-lcore=" + mainLcore);
        }
        args.add("--file-prefix=" + (filePrefix != null ? filePrefix : DEFAULT_FILE_PREFIX));
        if (noPci)
        {
            args.add("--no-pci");
        }
        if (!telemetry)
        {
            args.add("--no-telemetry");
        }
        if (logLevel != null && !logLevel.isBlank())
        {
            args.add("--log-level=" + logLevel);
        }

        final long minBytes = (long)minHugepageMemoryMb << 20;
        final boolean useHugepages;
        final String reason;
        switch (hugepages)
        {
            case NONE ->
            {
                useHugepages = false;
                reason = "hugepages disabled by configuration";
            }
            case REQUIRE ->
            {
                if (!info.usable(Math.max(minBytes, 1)))
                {
                    throw new DpdkException("hugepages are required but not usable (" + info + ", need at least " +
                        minHugepageMemoryMb + " MB free): reserve them, e.g. `echo 512 > /proc/sys/vm/nr_hugepages` " +
                        "and `mount -t hugetlbfs nodev /dev/hugepages` (ipv8_setup_hugepages in " +
                        "testbed/scripts/lib.sh), " +
                        "or use hugepage mode AUTO/NONE");
                }
                useHugepages = true;
                reason = info.toString();
            }
            default ->
            {
                useHugepages = info.usable(Math.max(minBytes, 1));
                reason = useHugepages ? info.toString() : "no usable hugepages (" + info + ", want at least " +
                    minHugepageMemoryMb + " MB free)";
            }
        }
        if (useHugepages && inMemory)
        {
            args.add("--in-memory");
        }
        // --no-huge implies --legacy-mem, which EAL refuses together with --in-memory; without hugepages there
        // are no hugepage files to leak, and --no-shconf keeps EAL from writing its config files instead.
        if (!useHugepages)
        {
            args.add("--no-shconf");
            args.add("--no-huge");
            args.add("-m");
            args.add(Integer.toString(noHugeMemoryMb));
        }
        for (final String vdev : vdevs)
        {
            args.add("--vdev=" + vdev);
        }
        args.addAll(extraArgs);
        return new Plan(List.copyOf(args), useHugepages, reason);
    }

    /**
     * The decided arguments.
     *
     * @param args       argv for rte_eal_init, argv[0] included.
     * @param hugepages  true if DPDK will use hugepages, false for --no-huge.
     * @param reason     why, for the log line.
     */
    public record Plan(List<String> args, boolean hugepages, String reason)
    {
    }

    /** Fluent builder with the defaults described on {@link EalConfig}. */
    public static final class Builder
    {
        private String cores = "0";
        private int mainLcore = -1;
        private boolean inMemory = true;
        private String filePrefix;
        private HugepageMode hugepages = HugepageMode.AUTO;
        private int noHugeMemoryMb = 512;
        private int minHugepageMemoryMb = 64;
        private boolean noPci = true;
        private boolean telemetry;
        private String logLevel = "lib.eal:notice";
        private final List<String> vdevs = new ArrayList<>();
        private final List<String> extraArgs = new ArrayList<>();

        private Builder()
        {
        }

        public Builder cores(final String cores)
        {
            this.cores = cores;
            return this;
        }

        public Builder mainLcore(final int mainLcore)
        {
            this.mainLcore = mainLcore;
            return this;
        }

        public Builder inMemory(final boolean inMemory)
        {
            this.inMemory = inMemory;
            return this;
        }

        public Builder filePrefix(final String filePrefix)
        {
            this.filePrefix = filePrefix;
            return this;
        }

        public Builder hugepages(final HugepageMode hugepages)
        {
            this.hugepages = hugepages;
            return this;
        }

        public Builder noHugeMemoryMb(final int noHugeMemoryMb)
        {
            this.noHugeMemoryMb = noHugeMemoryMb;
            return this;
        }

        public Builder minHugepageMemoryMb(final int minHugepageMemoryMb)
        {
            this.minHugepageMemoryMb = minHugepageMemoryMb;
            return this;
        }

        public Builder noPci(final boolean noPci)
        {
            this.noPci = noPci;
            return this;
        }

        public Builder telemetry(final boolean telemetry)
        {
            this.telemetry = telemetry;
            return this;
        }

        public Builder logLevel(final String logLevel)
        {
            this.logLevel = logLevel;
            return this;
        }

        public Builder vdev(final String vdev)
        {
            this.vdevs.add(vdev);
            return this;
        }

        public Builder extraArg(final String arg)
        {
            this.extraArgs.add(arg);
            return this;
        }

        public EalConfig build()
        {
            return new EalConfig(cores, mainLcore, inMemory, filePrefix, hugepages, noHugeMemoryMb,
                minHugepageMemoryMb, noPci, telemetry, logLevel, vdevs, extraArgs);
        }
    }
}
