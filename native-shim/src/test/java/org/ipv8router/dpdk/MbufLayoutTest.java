package org.ipv8router.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The offsets the Java fast path reads must be the ones the installed DPDK was compiled with. */
class MbufLayoutTest
{
    @Test
    void shimOffsetsEqualTheJavaConstants()
    {
        DpdkTestSupport.assumeShim();
        final int[] shim = MbufLayout.fromShim();
        assertEquals(MbufLayout.fieldNames().size(), shim.length, "fields reported by the shim");
        assertArrayEquals(MbufLayout.expected(), shim,
            () -> "shim " + Arrays.toString(shim) + " vs Java " + Arrays.toString(MbufLayout.expected()));
    }

    @Test
    void aDifferentLayoutIsRefusedNamingTheField()
    {
        final int[] other = MbufLayout.expected();
        other[MbufLayout.fieldNames().indexOf("data_len")] = 42;
        final DpdkException ex = assertThrows(DpdkException.class, () -> MbufLayout.verify(other));
        assertTrue(ex.getMessage().contains("data_len is 42 in DPDK, 40 in MbufLayout"), ex.getMessage());

        assertThrows(DpdkException.class, () -> MbufLayout.verify(new int[3]));
        MbufLayout.verify(MbufLayout.expected());
    }
}
