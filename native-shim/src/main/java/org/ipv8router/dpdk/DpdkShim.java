package org.ipv8router.dpdk;

import java.io.IOException;
import java.io.InputStream;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Locates and loads {@code libipv8shim.so}, the C layer over DPDK 22.11, and offers its fast-path calls
 * as static methods (rx/tx/alloc/free per burst, bound with {@code Linker.Option.critical(false)}).
 * <p>
 * Where the library is looked for, first match wins:
 * <ol>
 *   <li>the system property {@value #PATH_PROPERTY} (an absolute path; a missing file is an error);</li>
 *   <li>the environment variable {@value #PATH_ENV};</li>
 *   <li>next to the jar or classes directory this class came from: {@code <dir>/libipv8shim.so},
 *       {@code <dir>/native/libipv8shim.so}, and for {@code target/classes} also {@code target/libipv8shim.so};</li>
 *   <li>the jar resource {@code /native/libipv8shim.so}, extracted to a temporary file.</li>
 * </ol>
 * Loading also checks the shim's ABI version and that the {@code rte_mbuf} offsets it reports are the ones
 * {@link Mbuf} reads (see {@link MbufLayout}); both failures say what to rebuild.
 * <p>
 * The fast-path methods take raw addresses ({@code long}) of {@code struct rte_mbuf *} arrays so that a
 * caller can pass any position inside its burst array without creating a slice.
 */
@SuppressWarnings("restricted") // this class exists to make the restricted FFM calls
public final class DpdkShim
{
    /** System property with the absolute path of libipv8shim.so. */
    public static final String PATH_PROPERTY = "ipv8.shim.path";
    /** Environment variable consulted when the system property is not set. */
    public static final String PATH_ENV = "IPV8_SHIM_PATH";
    /** File name of the shim library. */
    public static final String LIBRARY_FILE = "libipv8shim.so";
    /** The shim ABI these bindings were written for (IPV8SHIM_ABI_VERSION in ipv8shim.h). */
    public static final int ABI_VERSION = 1;

    static final String INSTALL_HINT =
        "install DPDK 22.11 (apt-get install -y dpdk libdpdk-dev dpdk-dev pkg-config gcc "
        + "libpcap-dev; ./run-tests does this) and build the shim with `ipv8_mvn -pl native-shim -am verify`, "
        + "or point -D" + PATH_PROPERTY + "=/absolute/path/" + LIBRARY_FILE + " at a built copy";

    private static final Object LOCK = new Object();
    private static volatile SymbolLookup lookup;
    private static volatile Path loadedFrom;

    private DpdkShim()
    {
    }

    /**
     * Loads the shim once per process (later calls return the same path) and verifies its ABI version and
     * the mbuf layout.
     *
     * @return the path the library was loaded from.
     * @throws DpdkUnavailableException if the library is missing or cannot be opened.
     * @throws DpdkException            if it is the wrong version or the mbuf layout does not match.
     */
    public static Path load()
    {
        final Path path = loadedFrom;
        if (path != null)
        {
            return path;
        }
        synchronized (LOCK)
        {
            if (loadedFrom != null)
            {
                return loadedFrom;
            }
            final Path file = locate();
            final SymbolLookup library;
            try
            {
                library = SymbolLookup.libraryLookup(file, Arena.global());
            }
            catch (final IllegalArgumentException ex)
            {
                final String missing = missingLibraries(file);
                throw new DpdkUnavailableException("cannot load " + file + " (" + ex.getMessage() + "): " +
                    (missing.isEmpty() ? "the DPDK runtime libraries it links against (librte_eal.so.23, " +
                    "librte_ethdev.so.23, ...) are probably missing or of another version" :
                    "libraries it links against are not installed: " + missing) + "; " + INSTALL_HINT, ex);
            }
            // Checked with handles of their own: ShimFunctions' static initialiser may be what called load().
            final int abi = abiVersion(library);
            if (abi != ABI_VERSION)
            {
                throw new DpdkException(file + " has shim ABI version " + abi + " but these bindings need "
                    + ABI_VERSION + "; rebuild it with `ipv8_mvn -pl native-shim -am verify`");
            }
            MbufLayout.verify(mbufLayout(library));
            lookup = library;
            loadedFrom = file;
            return file;
        }
    }

    /** True once {@link #load()} has succeeded in this process. */
    public static boolean isLoaded()
    {
        return loadedFrom != null;
    }

    /** The path the shim was loaded from, or null if it is not loaded. */
    public static Path loadedPath()
    {
        return loadedFrom;
    }

    /** The library lookup; loads the shim if needed. Used by {@link ShimFunctions}'s static initialiser. */
    static SymbolLookup lookup()
    {
        final SymbolLookup library = lookup;
        if (library != null)
        {
            return library;
        }
        load();
        return lookup;
    }

    /** The places {@link #load()} would look, in order (existing or not). */
    public static List<Path> candidatePaths()
    {
        final List<Path> paths = new ArrayList<>();
        final String property = System.getProperty(PATH_PROPERTY);
        if (property != null && !property.isBlank())
        {
            paths.add(Path.of(property).toAbsolutePath());
            return paths;
        }
        final String env = System.getenv(PATH_ENV);
        if (env != null && !env.isBlank())
        {
            paths.add(Path.of(env).toAbsolutePath());
            return paths;
        }
        final Path codeLocation = codeLocation();
        if (codeLocation != null)
        {
            final Path dir = Files.isDirectory(codeLocation) ? codeLocation : codeLocation.getParent();
            if (dir != null)
            {
                paths.add(dir.resolve(LIBRARY_FILE));
                paths.add(dir.resolve("native").resolve(LIBRARY_FILE));
                if (dir.getParent() != null)
                {
                    paths.add(dir.getParent().resolve(LIBRARY_FILE));
                }
            }
        }
        return paths;
    }

    private static Path locate()
    {
        final List<Path> candidates = candidatePaths();
        final String property = System.getProperty(PATH_PROPERTY);
        final boolean explicit = (property != null && !property.isBlank()) ||
            (System.getenv(PATH_ENV) != null && !System.getenv(PATH_ENV).isBlank());
        for (final Path candidate : candidates)
        {
            if (Files.isRegularFile(candidate))
            {
                return candidate;
            }
        }
        if (explicit)
        {
            throw new DpdkUnavailableException(LIBRARY_FILE + " not found at " + candidates.getFirst() +
                " (set by -D" + PATH_PROPERTY + " or $" + PATH_ENV + "); " + INSTALL_HINT);
        }
        final Path extracted = extractFromJar();
        if (extracted != null)
        {
            return extracted;
        }
        throw new DpdkUnavailableException(LIBRARY_FILE + " not found (looked at " + candidates +
            " and the jar resource /native/" + LIBRARY_FILE + "); " + INSTALL_HINT);
    }

    private static Path codeLocation()
    {
        try
        {
            final CodeSource source = DpdkShim.class.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        }
        catch (final URISyntaxException | RuntimeException ex)
        {
            return null;
        }
    }

    private static Path extractFromJar()
    {
        try (InputStream in = DpdkShim.class.getResourceAsStream("/native/" + LIBRARY_FILE))
        {
            if (in == null)
            {
                return null;
            }
            final Path file = Files.createTempFile("ipv8shim-", ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        }
        catch (final IOException ex)
        {
            throw new DpdkUnavailableException("cannot extract /native/" + LIBRARY_FILE + " from the jar: " + ex, ex);
        }
    }

    // ------------------------------------------------------------------ checks made before ShimFunctions initialises

    /**
     * The shared libraries the dynamic linker cannot find for file, from {@code ldd} (cold path, error messages
     * only: the JDK does not pass dlerror's text on).
     *
     * @return e.g. "librte_eal.so.23, librte_ethdev.so.23", or "" if none is missing or ldd is unavailable.
     */
    static String missingLibraries(final Path file)
    {
        try
        {
            final Process ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
            final String output =
                new String(ldd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ldd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            final StringBuilder missing = new StringBuilder();
            for (final String line : output.split("\n"))
            {
                if (line.contains("=> not found"))
                {
                    missing.append(missing.length() == 0 ? "" : ", ").append(line.trim().split("\\s+")[0]);
                }
            }
            return missing.toString();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static int abiVersion(final SymbolLookup library)
    {
        try
        {
            return (int)Linker.nativeLinker()
                .downcallHandle(find(library, "shim_abi_version"), FunctionDescriptor.of(JAVA_INT))
                .invokeExact();
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    static int[] mbufLayout(final SymbolLookup library)
    {
        final MethodHandle layout = Linker.nativeLinker().downcallHandle(
            find(library, "shim_mbuf_layout"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined())
        {
            final int capacity = 64;
            final MemorySegment out = arena.allocate(JAVA_INT, capacity);
            final int count = (int)layout.invokeExact(out, capacity);
            return out.asSlice(0, (long)Math.min(count, capacity) * Integer.BYTES).toArray(JAVA_INT);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** Unwraps what invokeExact declares: runtime exceptions and errors as they are, the rest wrapped. */
    static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof RuntimeException runtime)
        {
            return runtime;
        }
        if (t instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException("downcall into libipv8shim.so failed", t);
    }

    static MemorySegment find(final SymbolLookup library, final String name)
    {
        try
        {
            return library.findOrThrow(name);
        }
        catch (final NoSuchElementException ex)
        {
            throw new DpdkException("libipv8shim.so has no symbol " + name + ": it is older than these bindings; "
                + "rebuild it with `ipv8_mvn -pl native-shim -am verify`", 0, ex);
        }
    }

    // ------------------------------------------------------------------ fast path (critical downcalls)

    /**
     * {@code rte_eth_rx_burst}: receives up to n mbufs into the pointer array at {@code mbufArray}.
     *
     * @return the number received, 0..n.
     */
    public static int rxBurst(final int portId, final int queue, final long mbufArray, final int n)
    {
        try
        {
            return (int)ShimFunctions.RX_BURST.invokeExact(portId, queue, mbufArray, n);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * {@code rte_eth_tx_burst}, then frees the mbufs the PMD did not take: afterwards the caller owns none of
     * the n mbufs.
     *
     * @return the number the PMD accepted; n minus this were freed (count them as tx drops).
     */
    public static int txBurst(final int portId, final int queue, final long mbufArray, final int n)
    {
        try
        {
            return (int)ShimFunctions.TX_BURST_FREE.invokeExact(portId, queue, mbufArray, n);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * Plain {@code rte_eth_tx_burst}: the caller still owns the mbufs from index (result) to n - 1, e.g. to
     * retry them.
     */
    public static int txBurstNoFree(final int portId, final int queue, final long mbufArray, final int n)
    {
        try
        {
            return (int)ShimFunctions.TX_BURST.invokeExact(portId, queue, mbufArray, n);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * {@code rte_pktmbuf_alloc_bulk}: n reset mbufs (one segment, empty, data at the headroom) or none.
     *
     * @return true if all n were allocated, false if the pool had fewer free (nothing allocated then).
     */
    public static boolean allocBulk(final long pool, final long mbufArray, final int n)
    {
        try
        {
            return (int)ShimFunctions.ALLOC_BULK.invokeExact(pool, mbufArray, n) == 0;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code rte_pktmbuf_free_bulk} on n mbufs (whole chains; null entries are skipped). */
    public static void freeBulk(final long mbufArray, final int n)
    {
        try
        {
            ShimFunctions.FREE_BULK.invokeExact(mbufArray, n);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ errors

    /** The last error sentence the shim recorded on this thread (names the DPDK call and its arguments). */
    public static String lastError()
    {
        return ShimFunctions.lastError();
    }

    /** DPDK's text for an errno-style code (either sign), {@code rte_strerror}. */
    public static String strerror(final int code)
    {
        return ShimFunctions.strerror(code);
    }

    /** {@code rte_errno} of this thread. */
    public static int rteErrno()
    {
        return ShimFunctions.rteErrno();
    }

    /** Builds the exception for a negative shim result: the shim's sentence, prefixed with what Java was doing. */
    static DpdkException failure(final String doing, final int code)
    {
        final String detail = lastError();
        final String text = detail.isEmpty() ? strerror(code) + " (errno " + -code + ")" : detail;
        return new DpdkException(doing + ": " + text, code);
    }

    static MemorySegment cString(final Arena arena, final String value)
    {
        return arena.allocateFrom(value);
    }
}
