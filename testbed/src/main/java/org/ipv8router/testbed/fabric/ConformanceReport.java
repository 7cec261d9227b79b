package org.ipv8router.testbed.fabric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code docs/conformance.md} from a run of the fabric scenarios: for each scenario what the spec asks,
 * the commands that ran it, PASS / FAIL / NOT DONE, the measured numbers, the evidence (small pcaps under a
 * {@code conformance/} directory beside the document, cut to a snap length and a frame cap) and operator output
 * (the routers' {@code show} commands). Nothing in it is typed by hand: the test class fills it while it runs.
 * <p>
 * Where it goes: the system property {@value #DOC_PROPERTY} (e.g. {@code docs/conformance.md}, which
 * {@code testbed/scripts/conformance.sh} sets), else {@code target/conformance/conformance.md} of the module.
 */
public final class ConformanceReport
{
    /** System property: path of the markdown file to write; pcaps go to a {@code conformance/} directory beside it. */
    public static final String DOC_PROPERTY = "ipv8.conformance.doc";
    /** Octets kept per frame in the committed pcaps. */
    public static final int SNAP_LENGTH = 128;
    /** Frames kept per committed pcap. */
    public static final int MAX_FRAMES = 60;

    /** Outcome of one scenario. */
    public enum Outcome
    {
        PASS, FAIL, NOT_DONE
    }

    /** One scenario as it ran. */
    public static final class Scenario
    {
        private final String title;
        private final String spec;
        private final List<String> commands = new ArrayList<>();
        private final List<String> measurements = new ArrayList<>();
        private final List<String> evidence = new ArrayList<>();
        private final List<String[]> outputs = new ArrayList<>();
        private Outcome outcome = Outcome.FAIL;
        private String detail = "did not finish";
        private long startedMs = System.currentTimeMillis();
        private long tookMs;

        private Scenario(final String title, final String spec)
        {
            this.title = title;
            this.spec = spec;
        }

        /** A command (or API call) the scenario ran, as an operator would type it. */
        public Scenario command(final String command)
        {
            commands.add(command);
            return this;
        }

        /** A measured number with its unit and meaning, e.g. "loss: 0 % (10 sent, 10 received)". */
        public Scenario measure(final String measurement)
        {
            measurements.add(measurement);
            return this;
        }

        /** Operator output worth keeping (e.g. {@code show route} of r1), fenced in the report. */
        public Scenario output(final String caption, final String text)
        {
            outputs.add(new String[]{caption, text.replaceAll("^\\n+", "").stripTrailing()});
            return this;
        }

        public Scenario pass(final String why)
        {
            outcome = Outcome.PASS;
            detail = why;
            tookMs = System.currentTimeMillis() - startedMs;
            return this;
        }

        public Scenario fail(final String why)
        {
            outcome = Outcome.FAIL;
            detail = why;
            tookMs = System.currentTimeMillis() - startedMs;
            return this;
        }

        public Scenario notDone(final String why)
        {
            outcome = Outcome.NOT_DONE;
            detail = why;
            tookMs = System.currentTimeMillis() - startedMs;
            return this;
        }

        public Outcome outcome()
        {
            return outcome;
        }
    }

    private final List<Scenario> scenarios = new ArrayList<>();
    private final Path doc;
    private final Path pcapDir;
    private final List<String> topNotes = new ArrayList<>();

    /** A report written to {@code doc}, pcaps to {@code doc}'s sibling directory {@code conformance/}. */
    public ConformanceReport(final Path doc)
    {
        this.doc = doc.toAbsolutePath();
        this.pcapDir = this.doc.getParent().resolve("conformance");
    }

    /** The report at {@value #DOC_PROPERTY}, else {@code target/conformance/conformance.md}. */
    public static ConformanceReport fromSystemProperty()
    {
        final String path = System.getProperty(DOC_PROPERTY);
        return new ConformanceReport(path == null || path.isBlank() ? Path.of("target", "conformance", "conformance.md") :
            Path.of(path));
    }

    public Path document()
    {
        return doc;
    }

    /** A line under the header (machine, fabric id, ...). */
    public void note(final String line)
    {
        topNotes.add(line);
    }

    /** Starts a scenario. */
    public synchronized Scenario begin(final String title, final String spec)
    {
        final Scenario s = new Scenario(title, spec);
        scenarios.add(s);
        return s;
    }

    /**
     * Saves {@code capture} as {@code name} (snap length {@value #SNAP_LENGTH}, at most {@value #MAX_FRAMES}
     * frames) and lists it in the scenario's evidence with {@code what} it shows.
     */
    public void pcap(final Scenario scenario, final LinkCapture capture, final String name, final String what)
        throws IOException
    {
        pcap(scenario, capture, name, what, Long.MIN_VALUE);
    }

    /** {@link #pcap(Scenario, LinkCapture, String, String)} keeping the frames from {@code fromEpochNanos} on. */
    public void pcap(final Scenario scenario, final LinkCapture capture, final String name, final String what,
        final long fromEpochNanos) throws IOException
    {
        final int written = capture.writePcap(pcapDir.resolve(name), SNAP_LENGTH, MAX_FRAMES, fromEpochNanos);
        scenario.evidence.add("[`conformance/" + name + "`](conformance/" + name + "): " + what + " (" + written +
            " of " + capture.frames().size() + " frames captured on " + capture.label() + ", first " + SNAP_LENGTH +
            " octets each)");
    }

    /** Writes the markdown document. */
    public synchronized void write() throws IOException
    {
        Files.createDirectories(pcapDir);
        final StringBuilder md = new StringBuilder();
        md.append("# Conformance report: the two-ASN fabric\n\n");
        md.append("Generated by `testbed/scripts/conformance.sh` (the JUnit class `FabricScenariosTest` with `-D")
            .append(DOC_PROPERTY).append("=docs/conformance.md`) on ")
            .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". Do not edit by hand: run it again.\n\n");
        for (final String note : topNotes)
        {
            md.append("- ").append(note).append('\n');
        }
        md.append('\n');
        md.append("| # | scenario | result | time |\n|---|---|---|---|\n");
        for (int i = 0; i < scenarios.size(); i++)
        {
            final Scenario s = scenarios.get(i);
            md.append("| ").append(i + 1).append(" | [").append(s.title).append("](#").append(anchor(i + 1, s.title))
                .append(") | **").append(s.outcome.name().replace('_', ' ')).append("** | ")
                .append(String.format("%.1f s", s.tookMs / 1000.0)).append(" |\n");
        }
        md.append('\n');
        for (int i = 0; i < scenarios.size(); i++)
        {
            final Scenario s = scenarios.get(i);
            md.append("## ").append(i + 1).append(". ").append(s.title).append("\n\n");
            md.append("**Result: ").append(s.outcome.name().replace('_', ' ')).append("**: ").append(s.detail).append("\n\n");
            md.append("Spec: ").append(s.spec).append("\n\n");
            if (!s.commands.isEmpty())
            {
                md.append("How it ran:\n\n```\n");
                for (final String c : s.commands)
                {
                    md.append(c).append('\n');
                }
                md.append("```\n\n");
            }
            if (!s.measurements.isEmpty())
            {
                md.append("Measured:\n\n");
                for (final String m : s.measurements)
                {
                    md.append("- ").append(m).append('\n');
                }
                md.append('\n');
            }
            if (!s.evidence.isEmpty())
            {
                md.append("Captures:\n\n");
                for (final String e : s.evidence)
                {
                    md.append("- ").append(e).append('\n');
                }
                md.append('\n');
            }
            for (final String[] o : s.outputs)
            {
                md.append(o[0]).append(":\n\n```\n").append(o[1]).append("\n```\n\n");
            }
        }
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, md.toString(), StandardCharsets.UTF_8);
    }

    private static String anchor(final int number, final String title)
    {
        return (number + "-" + title).toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
