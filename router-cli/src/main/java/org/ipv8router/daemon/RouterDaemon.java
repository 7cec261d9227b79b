package org.ipv8router.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ipv8router.config.ConfigDiff;
import org.ipv8router.config.ConfigException;
import org.ipv8router.config.ConfigParser;
import org.ipv8router.config.ConfigSummary;
import org.ipv8router.config.RouterConfig;
import org.ipv8router.control.ControlException;
import org.ipv8router.control.ControlHandlers;
import org.ipv8router.control.ControlProtocol;
import org.ipv8router.control.ControlResult;
import org.ipv8router.control.ControlServer;
import org.ipv8router.dataplane.counters.DataplaneCounters;
import org.ipv8router.log.Log;
import org.ipv8router.log.SecAlertKind;
import org.ipv8router.log.SecAlertLog;
import org.ipv8router.log.SecAlertMonitor;

/**
 * The {@code ipv8-router} daemon's life cycle, independent of how it is driven (signals in {@code ipv8 router},
 * direct calls in tests):
 * <ol>
 *   <li>{@link #start()}: read and check the configuration (a bad one throws {@link ConfigException} and nothing is
 *       started), create the counters file, bind the control socket, write the pid file, start the SEC-ALERT
 *       monitor and the {@link DaemonModule}s;</li>
 *   <li>{@link #run()}: serve reload and stop requests ({@link #requestReload}, {@link #requestStop}, called from
 *       signal handlers) one at a time on the calling thread until stopped;</li>
 *   <li>stop: control socket closed first (the CLI then says the router is not running), then the modules'
 *       {@link ShutdownStep}s in reverse order, the monitor, the counters file and the pid file; each step logged.</li>
 * </ol>
 * Reload: re-read the file; a file that does not parse is refused with its error logged and the running
 * configuration kept; otherwise the {@link ConfigDiff} is logged line by line and handed to every
 * {@link ReloadTarget} (check all, then apply all).
 */
public final class RouterDaemon
{
    private static final String COMPONENT = "daemon";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How long 'config reload' over the control socket waits for the main thread to finish a reload. */
    static final int RELOAD_ANSWER_TIMEOUT_S = 50;

    /** A request for the main loop; {@code trigger} names its origin for the log (SIGHUP, SIGTERM, a test). */
    private record Request(boolean stop, String trigger, CompletableFuture<ReloadOutcome> done)
    {
    }

    /**
     * What a reload did.
     *
     * @param applied false if it was refused (the running configuration kept).
     * @param result  one line: "applied: routes +1 -0 ~0", "partially applied: ...", "refused: file:line:col: ...".
     * @param changes the diff's summary lines (empty when refused).
     */
    public record ReloadOutcome(boolean applied, String result, List<String> changes)
    {
    }

    private final DaemonOptions options;
    private final Log log;
    private final List<DaemonModule> modules;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<ShutdownStep> shutdownSteps = new CopyOnWriteArrayList<>();
    private final List<ReloadTarget> reloadTargets = new CopyOnWriteArrayList<>();
    private final ControlHandlers handlers = new ControlHandlers();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadsRefused = new AtomicLong();
    private final SecAlertLog secAlerts;

    private volatile RouterConfig config;
    private volatile String configText;
    private volatile Instant configLoadedAt;
    private volatile String lastReloadResult = "none";
    private Instant startedAt;
    private DataplaneCounters counters;
    private ControlServer controlServer;
    private PidFile pidFile;
    private ScheduledExecutorService monitorExecutor;
    private boolean started;
    private boolean stopped;

    /**
     * @param options how the daemon was started.
     * @param log     the log.
     * @param modules the parts to start after the daemon's own (forwarding, BGP8, WHOIS8), in order.
     */
    public RouterDaemon(final DaemonOptions options, final Log log, final List<DaemonModule> modules)
    {
        this.options = options;
        this.log = log;
        this.modules = List.copyOf(modules);
        this.secAlerts = new SecAlertLog(log);
    }

    /**
     * Starts everything; on failure stops what was started.
     *
     * @throws ConfigException  if the configuration does not parse or check (nothing was started).
     * @throws StartupException if a resource or module could not be started (what was started is stopped).
     */
    public void start() throws ConfigException, StartupException
    {
        if (started)
        {
            throw new IllegalStateException("daemon already started");
        }
        started = true;
        startedAt = Instant.now();
        log.info(COMPONENT, "starting", "version", RouterVersion.VERSION, "pid", ProcessHandle.current().pid(),
            "instance", options.instance(), "config", options.configFile());
        final String text;
        try
        {
            text = Files.readString(options.configFile(), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new StartupException("cannot read configuration file " + options.configFile() + ": " + e);
        }
        config = ConfigParser.parse(options.configFile().toString(), text);
        configText = text;
        configLoadedAt = Instant.now();
        log.info(COMPONENT, "config-loaded", "config", options.configFile(), "summary",
            String.join("; ", ConfigSummary.lines(config)));

        try
        {
            counters = DataplaneCounters.create(options.countersFile(), DataplaneCounters.DEFAULT_MAX_COUNTERS, true);
            log.info(COMPONENT, "counters-open", "file", options.countersFile(),
                "capacity", DataplaneCounters.DEFAULT_MAX_COUNTERS);

            registerOwnHandlers();
            controlServer = ControlServer.start(options.controlSocket(), handlers, log);

            pidFile = PidFile.write(options.pidFile());
            log.info(COMPONENT, "pid-file-written", "file", options.pidFile(), "pid", ProcessHandle.current().pid());

            final SecAlertMonitor monitor = new SecAlertMonitor(counters.reader(), secAlerts);
            monitorExecutor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("ipv8-sec-alert-monitor").daemon(true).unstarted(r));
            monitorExecutor.scheduleWithFixedDelay(() -> pollQuietly(monitor), 1, 1, TimeUnit.SECONDS);

            final DaemonContext context = new Context();
            for (final DaemonModule module : modules)
            {
                log.info(COMPONENT, "module-starting", "module", module.name());
                module.start(context);
                log.info(COMPONENT, "module-started", "module", module.name());
            }
        }
        catch (final Exception e)
        {
            final String message = e instanceof ControlException || e instanceof IllegalStateException ||
                e instanceof IOException ? e.getMessage() : e.toString();
            log.error(COMPONENT, "start-failed", "error", message);
            stop();
            throw new StartupException(message, e);
        }
        log.info(COMPONENT, "started", "control", options.controlSocket(), "counters", options.countersFile(),
            "pid-file", options.pidFile(), "modules", modules.size());
    }

    /** Serves reload and stop requests on the calling thread until a stop request has been carried out. */
    public void run()
    {
        while (!stopped)
        {
            final Request request;
            try
            {
                request = requests.take();
            }
            catch (final InterruptedException e)
            {
                log.warn(COMPONENT, "interrupted", "action", "stopping");
                stop();
                Thread.currentThread().interrupt();
                return;
            }
            if (request.stop())
            {
                log.info(COMPONENT, "stop-requested", "trigger", request.trigger());
                stop();
            }
            else
            {
                final ReloadOutcome outcome = reload(request.trigger());
                if (request.done() != null)
                {
                    request.done().complete(outcome);
                }
            }
        }
        // Reloads asked for after the stop get an answer instead of a hang.
        for (Request r = requests.poll(); r != null; r = requests.poll())
        {
            if (r.done() != null)
            {
                r.done().complete(new ReloadOutcome(false, "refused: the router is stopping", List.of()));
            }
        }
    }

    /**
     * Asks {@link #run()} to reload the configuration. Safe from any thread (signal handlers).
     *
     * @param trigger what asked, for the log, e.g. "SIGHUP".
     */
    public void requestReload(final String trigger)
    {
        requests.add(new Request(false, trigger, null));
    }

    /**
     * Asks {@link #run()} to stop cleanly. Safe from any thread (signal handlers).
     *
     * @param trigger what asked, for the log, e.g. "SIGTERM".
     */
    public void requestStop(final String trigger)
    {
        requests.add(new Request(true, trigger, null));
    }

    /** The configuration in force. */
    public RouterConfig config()
    {
        return config;
    }

    /** The operational command registry (tests and the integration add handlers). */
    public ControlHandlers handlers()
    {
        return handlers;
    }

    public SecAlertLog secAlerts()
    {
        return secAlerts;
    }

    /** Reloads now, on the calling thread (normally the one in {@link #run()}). */
    ReloadOutcome reload(final String trigger)
    {
        log.info(COMPONENT, "reload-start", "trigger", trigger, "config", options.configFile());
        final RouterConfig next;
        final String text;
        try
        {
            text = Files.readString(options.configFile(), StandardCharsets.UTF_8);
            next = ConfigParser.parse(options.configFile().toString(), text);
        }
        catch (final ConfigException | IOException e)
        {
            return refuse(e instanceof IOException ? "cannot read " + options.configFile() + ": " + e : e.getMessage());
        }
        final RouterConfig before = config;
        final ConfigDiff diff = ConfigDiff.between(before, next);
        log.info(COMPONENT, "reload-diff", "changes", diff.counts());
        for (final String line : diff.summaryLines())
        {
            log.info(COMPONENT, "reload-change", "change", line);
        }
        for (final String line : diff.restartRequired())
        {
            log.warn(COMPONENT, "reload-needs-restart", "change", line);
        }
        for (final ReloadTarget target : reloadTargets)
        {
            try
            {
                target.check(diff, before, next);
            }
            catch (final Exception e)
            {
                return refuse(target.name() + " cannot apply the change: " + e.getMessage());
            }
        }
        boolean partial = false;
        for (final ReloadTarget target : reloadTargets)
        {
            try
            {
                target.apply(diff, before, next);
                log.info(COMPONENT, "reload-applied", "target", target.name());
            }
            catch (final Exception e)
            {
                partial = true;
                log.error(COMPONENT, "reload-apply-failed", "target", target.name(), "error", String.valueOf(e));
            }
        }
        config = next;
        configText = text;
        configLoadedAt = Instant.now();
        reloads.incrementAndGet();
        lastReloadResult = partial ? "partially applied: " + diff.counts() : "applied: " + diff.counts();
        log.info(COMPONENT, "reload-done", "result", partial ? "partial" : "ok", "changes", diff.counts(),
            "targets", reloadTargets.size());
        return new ReloadOutcome(true, lastReloadResult, diff.summaryLines());
    }

    private ReloadOutcome refuse(final String error)
    {
        reloadsRefused.incrementAndGet();
        lastReloadResult = "refused: " + error;
        log.error(COMPONENT, "reload-refused", "error", error, "kept", "running configuration from " + configLoadedAt);
        return new ReloadOutcome(false, lastReloadResult, List.of());
    }

    /** Stops everything that was started, in order; idempotent. */
    void stop()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        log.info(COMPONENT, "stopping", "steps", shutdownSteps.size());
        step("control socket", () ->
        {
            if (controlServer != null)
            {
                controlServer.close();
            }
        });
        final List<ShutdownStep> reversed = new ArrayList<>(shutdownSteps);
        java.util.Collections.reverse(reversed);
        for (final ShutdownStep s : reversed)
        {
            step(s.name(), s::stop);
        }
        step("sec-alert monitor", () ->
        {
            if (monitorExecutor != null)
            {
                monitorExecutor.shutdownNow();
                monitorExecutor.awaitTermination(2, TimeUnit.SECONDS);
            }
        });
        step("counters file", () ->
        {
            if (counters != null)
            {
                counters.close();
            }
        });
        step("pid file", () ->
        {
            if (pidFile != null)
            {
                pidFile.close();
            }
        });
        log.info(COMPONENT, "stopped", "uptime-s", uptimeSeconds());
    }

    private interface StepAction
    {
        void run() throws Exception;
    }

    private void step(final String name, final StepAction action)
    {
        final long t0 = System.nanoTime();
        try
        {
            action.run();
            log.info(COMPONENT, "stop-step", "step", name, "result", "ok", "ms", (System.nanoTime() - t0) / 1_000_000);
        }
        catch (final Exception e)
        {
            log.error(COMPONENT, "stop-step", "step", name, "result", "failed", "error", String.valueOf(e));
        }
    }

    private void pollQuietly(final SecAlertMonitor monitor)
    {
        try
        {
            monitor.poll();
        }
        catch (final RuntimeException e)
        {
            log.error("sec-alert", "monitor-failed", "error", e.toString());
        }
    }

    private long uptimeSeconds()
    {
        return startedAt == null ? 0 : java.time.Duration.between(startedAt, Instant.now()).toSeconds();
    }

    // ------------------------------------------------------------------------------------------------------
    // The daemon's own operational commands.
    // ------------------------------------------------------------------------------------------------------

    private void registerOwnHandlers()
    {
        handlers.register("show version", "version, pid, uptime and files of the running router", (args, json) ->
        {
            noArgs("show version", args);
            final ObjectNode data = MAPPER.createObjectNode();
            data.put("version", RouterVersion.VERSION);
            data.put("control_protocol", ControlProtocol.VERSION);
            data.put("pid", ProcessHandle.current().pid());
            data.put("instance", options.instance());
            data.put("started_at", startedAt.toString());
            data.put("uptime_s", uptimeSeconds());
            data.put("config_file", options.configFile().toString());
            data.put("control_socket", options.controlSocket().toString());
            data.put("counters_file", options.countersFile().toString());
            data.put("java", Runtime.version().toString());
            final String text = "ipv8-router " + RouterVersion.VERSION + " (control protocol " +
                ControlProtocol.VERSION + ", Java " + Runtime.version() + ")\n" +
                String.format("  %-15s %s%n", "instance", options.instance()) +
                String.format("  %-15s %d%n", "pid", ProcessHandle.current().pid()) +
                String.format("  %-15s %s (up %s)%n", "started", startedAt, formatUptime(uptimeSeconds())) +
                String.format("  %-15s %s%n", "config", options.configFile()) +
                String.format("  %-15s %s%n", "control socket", options.controlSocket()) +
                String.format("  %-15s %s%n", "counters", options.countersFile());
            return new ControlResult(text, data);
        });
        handlers.register("show config", "the configuration in force, as loaded, with its summary", (args, json) ->
        {
            noArgs("show config", args);
            final RouterConfig c = config;
            final ObjectNode data = MAPPER.createObjectNode();
            data.put("file", options.configFile().toString());
            data.put("loaded_at", configLoadedAt.toString());
            data.put("reloads", reloads.get());
            data.put("reloads_refused", reloadsRefused.get());
            data.put("last_reload", lastReloadResult);
            data.set("summary", ConfigSummary.json(c));
            data.put("text", configText);
            final StringBuilder text = new StringBuilder()
                .append("! ").append(options.configFile()).append(", loaded ").append(configLoadedAt)
                .append(", reloads ").append(reloads.get()).append(" (refused ").append(reloadsRefused.get())
                .append("), last reload: ").append(lastReloadResult).append('\n');
            for (final String line : ConfigSummary.lines(c))
            {
                text.append("! ").append(line).append('\n');
            }
            text.append(configText);
            if (!configText.endsWith("\n"))
            {
                text.append('\n');
            }
            return new ControlResult(text.toString(), data);
        });
        handlers.register("show sec-alerts", "SEC-ALERT events per kind since start (spec 7.3)", (args, json) ->
        {
            noArgs("show sec-alerts", args);
            final ArrayNode kinds = MAPPER.createArrayNode();
            final StringBuilder text = new StringBuilder(String.format("%-20s %-5s %12s %10s %12s%n",
                "Alert", "Spec", "Events", "Logged", "Suppressed"));
            for (final SecAlertKind kind : SecAlertKind.values())
            {
                final ObjectNode k = kinds.addObject();
                k.put("kind", kind.label());
                k.put("spec", kind.specSection());
                k.put("events", secAlerts.total(kind));
                k.put("logged", secAlerts.logged(kind));
                k.put("pending_suppressed", secAlerts.pendingSuppressed(kind));
                text.append(String.format("%-20s %-5s %12d %10d %12d%n", kind.label(), kind.specSection(),
                    secAlerts.total(kind), secAlerts.logged(kind), secAlerts.pendingSuppressed(kind)));
            }
            final ObjectNode data = MAPPER.createObjectNode();
            data.set("sec_alerts", kinds);
            return new ControlResult(text.toString(), data);
        });
        handlers.register("config reload", "re-read the configuration file and apply the difference (as SIGHUP)",
            (args, json) ->
            {
                noArgs("config reload", args);
                final CompletableFuture<ReloadOutcome> done = new CompletableFuture<>();
                requests.add(new Request(false, "control socket", done));
                final ReloadOutcome outcome;
                try
                {
                    outcome = done.get(RELOAD_ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
                }
                catch (final TimeoutException e)
                {
                    throw new ControlException("the reload did not finish within " + RELOAD_ANSWER_TIMEOUT_S +
                        " s; it goes on: see the log");
                }
                catch (final InterruptedException | ExecutionException e)
                {
                    throw new ControlException("reload failed: " + e);
                }
                if (!outcome.applied())
                {
                    throw new ControlException("reload " + outcome.result() + " (running configuration kept)");
                }
                final ObjectNode data = MAPPER.createObjectNode();
                data.put("result", outcome.result());
                final ArrayNode changes = data.putArray("changes");
                outcome.changes().forEach(changes::add);
                final StringBuilder text = new StringBuilder("reload ").append(outcome.result()).append('\n');
                outcome.changes().forEach(c -> text.append("  ").append(c).append('\n'));
                return new ControlResult(text.toString(), data);
            });
        handlers.register("show commands", "the commands this daemon serves", (args, json) ->
        {
            final ArrayNode list = MAPPER.createArrayNode();
            final StringBuilder text = new StringBuilder();
            for (final ControlHandlers.Entry e : handlers.entries())
            {
                final ObjectNode n = list.addObject();
                n.put("command", e.words());
                n.put("help", e.help());
                n.put("available", e.available());
                text.append(String.format("  %-20s %s%s%n", e.words(), e.help(), e.available() ? "" : " (not in this build)"));
            }
            final ObjectNode data = MAPPER.createObjectNode();
            data.set("commands", list);
            return new ControlResult(text.toString(), data);
        });
        final String forwarding = "the forwarding assembly is not wired into the daemon yet";
        handlers.registerUnavailable("show interfaces", "interfaces, roles, addresses, link state", forwarding);
        handlers.registerUnavailable("show route", "routes (all, or the one for a prefix/address)", forwarding);
        handlers.registerUnavailable("show fib", "FIB summary: ASN count against the bound", forwarding);
        handlers.registerUnavailable("show arp8", "the ARP8/ARP4 neighbour cache", forwarding);
        handlers.registerUnavailable("ping8", "router-originated ICMPv8 echo", forwarding);
        handlers.registerUnavailable("show bgp", "BGP8 summary, neighbors, routes",
            "the BGP8 speaker is not wired into the daemon yet");
        handlers.registerUnavailable("clear bgp", "reset a BGP8 session", "the BGP8 speaker is not wired into the daemon yet");
        handlers.registerUnavailable("show whois8", "WHOIS8 registry state",
            "the WHOIS8 client is not wired into the daemon yet");
    }

    private static void noArgs(final String command, final List<String> args) throws ControlException
    {
        if (!args.isEmpty())
        {
            throw new ControlException("'" + command + "' takes no arguments, got '" + String.join(" ", args) + "'");
        }
    }

    static String formatUptime(final long seconds)
    {
        final long d = seconds / 86_400;
        final long h = seconds / 3600 % 24;
        final long m = seconds / 60 % 60;
        final long s = seconds % 60;
        return (d > 0 ? d + "d " : "") + String.format("%02d:%02d:%02d", h, m, s);
    }

    /** Something other than the configuration kept the daemon from starting (socket in use, module failed). */
    public static final class StartupException extends Exception
    {
        private static final long serialVersionUID = 1L;

        public StartupException(final String message)
        {
            super(message);
        }

        public StartupException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    private final class Context implements DaemonContext
    {
        @Override
        public RouterConfig config()
        {
            return config;
        }

        @Override
        public String instance()
        {
            return options.instance();
        }

        @Override
        public DaemonOptions options()
        {
            return options;
        }

        @Override
        public void requestStop(final String reason)
        {
            RouterDaemon.this.requestStop(reason);
        }

        @Override
        public DataplaneCounters counters()
        {
            return counters;
        }

        @Override
        public Log log()
        {
            return log;
        }

        @Override
        public SecAlertLog secAlerts()
        {
            return secAlerts;
        }

        @Override
        public ControlHandlers handlers()
        {
            return handlers;
        }

        @Override
        public void addShutdownStep(final ShutdownStep step)
        {
            shutdownSteps.add(step);
        }

        @Override
        public void addReloadTarget(final ReloadTarget target)
        {
            reloadTargets.add(target);
        }
    }
}
