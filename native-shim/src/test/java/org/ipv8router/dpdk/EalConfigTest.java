package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** EAL argument planning and the hugepage decision, without DPDK. */
class EalConfigTest
{
    private static final String MEMINFO_FREE = """
        MemTotal:       24000000 kB
        HugePages_Total:     512
        HugePages_Free:      500
        HugePages_Rsvd:        0
        Hugepagesize:       2048 kB
        """;
    private static final String MEMINFO_NONE = """
        HugePages_Total:       0
        HugePages_Free:        0
        Hugepagesize:       2048 kB
        """;
    private static final String MOUNTS = """
        proc /proc proc rw 0 0
        nodev /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0
        """;
    private static final String MOUNTS_NONE = "proc /proc proc rw 0 0\n";

    @Test
    void parsesMeminfoAndMounts()
    {
        final HugepageInfo info = HugepageInfo.parse(MEMINFO_FREE, MOUNTS);
        assertEquals(512, info.totalPages());
        assertEquals(500, info.freePages());
        assertEquals(2048, info.pageSizeKb());
        assertEquals("/dev/hugepages", info.hugetlbfsMount());
        assertEquals(500L * 2 * 1024 * 1024, info.freeBytes());
        assertTrue(info.usable(64L << 20));
        assertFalse(info.usable(2000L << 20));
        assertNull(HugepageInfo.parse(MEMINFO_FREE, MOUNTS_NONE).hugetlbfsMount());
        assertFalse(HugepageInfo.parse(MEMINFO_FREE, MOUNTS_NONE).usable(1), "free pages but nothing mounted");
        assertEquals(0, HugepageInfo.parse("", "").totalPages());
    }

    @Test
    void defaultsGiveInMemoryNoPciArguments()
    {
        final EalConfig.Plan plan = EalConfig.builder().vdev("net_null0").vdev("net_ring0").build()
            .plan(HugepageInfo.parse(MEMINFO_FREE, MOUNTS));
        final List<String> args = plan.args();
        assertEquals(EalConfig.PROGRAM, args.getFirst());
        assertEquals("-l", args.get(1));
        assertEquals("0", args.get(2));
        assertTrue(args.contains("--in-memory"));
        assertTrue(args.contains("--no-pci"));
        assertTrue(args.contains("--no-telemetry"));
        assertTrue(args.contains("--file-prefix=ipv8"));
        assertFalse(args.contains("--no-huge"));
        assertTrue(plan.hugepages());
        assertEquals(List.of("--vdev=net_null0", "--vdev=net_ring0"), args.subList(args.size() - 2, args.size()));
    }

    @Test
    void autoFallsBackToNoHugeWhenNoHugepagesAreFree()
    {
        final EalConfig config = EalConfig.builder().noHugeMemoryMb(256).build();
        final EalConfig.Plan plan = config.plan(HugepageInfo.parse(MEMINFO_NONE, MOUNTS));
        assertFalse(plan.hugepages());
        final int noHuge = plan.args().indexOf("--no-huge");
        assertTrue(noHuge > 0, plan.args().toString());
        assertEquals("-m", plan.args().get(noHuge + 1));
        assertEquals("256", plan.args().get(noHuge + 2));
        assertTrue(plan.reason().contains("no usable hugepages"), plan.reason());
        assertFalse(plan.args().contains("--in-memory"), "EAL refuses --in-memory with --no-huge");
        assertTrue(plan.args().contains("--no-shconf"), "no config files left behind without --in-memory");

        final EalConfig.Plan tooFew = EalConfig.builder().minHugepageMemoryMb(2048).build()
            .plan(HugepageInfo.parse(MEMINFO_FREE, MOUNTS));
        assertFalse(tooFew.hugepages(), "1000 MB free is below the 2048 MB asked for");
    }

    @Test
    void requireFailsClearlyWithoutHugepagesAndNoneNeverUsesThem()
    {
        final EalConfig require = EalConfig.builder().hugepages(EalConfig.HugepageMode.REQUIRE).build();
        final DpdkException ex = assertThrows(DpdkException.class,
            () -> require.plan(HugepageInfo.parse(MEMINFO_NONE, MOUNTS_NONE)));
        assertTrue(ex.getMessage().contains("hugepages are required"), ex.getMessage());
        assertTrue(ex.getMessage().contains("nr_hugepages"), ex.getMessage());
        assertTrue(require.plan(HugepageInfo.parse(MEMINFO_FREE, MOUNTS)).hugepages());

        final EalConfig none = EalConfig.builder().hugepages(EalConfig.HugepageMode.NONE).build();
        assertTrue(none.plan(HugepageInfo.parse(MEMINFO_FREE, MOUNTS)).args().contains("--no-huge"));
    }

    @Test
    void optionsMapToTheirEalArguments()
    {
        final List<String> args = EalConfig.builder()
            .cores("1-2").mainLcore(2).inMemory(false).filePrefix("rtr").noPci(false).telemetry(true)
            .logLevel(null).extraArg("-a").extraArg("0000:00:04.0").build()
            .plan(HugepageInfo.parse(MEMINFO_FREE, MOUNTS)).args();
        assertEquals(
            List.of(EalConfig.PROGRAM, "-l", "1-2", "--main-lcore=2", "--file-prefix=rtr", "-a", "0000:00:04.0"),
            args);
        assertThrows(IllegalArgumentException.class, () -> EalConfig.builder().cores(" ").build());
    }
}
