package org.ipv8router.whois8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One WHOIS8 record (object class {@code whois8-rn}, bgp8-whois8.md §6.4), immutable. Parsed from JSON with
 * {@link #fromJson(JsonNode)}, which checks the schema; signature checks live in {@link RecordVerifier}.
 * <pre>
 * {
 *   "rdapConformance": ["rdap_level_0", "whois8_level_0"],
 *   "objectClassName": "whois8-rn", "handle": "AS64497", "rn": 64497,
 *   "status": ["active"], "holder": "Globex Inc", "rir": "RIPE", "country": "DE",
 *   "authorizedOrigins": [64497], "maxHostPrefixLength": 16, "maxPrefixes": 64,
 *   "routes": ["64497.10.0.0.0/8"], "anycast8to4": ["198.51.100.1"],
 *   "notBefore": "2026-05-01T00:00:00Z", "notAfter": "2027-05-01T00:00:00Z",
 *   "serial": 42,
 *   "signature": {"alg": "EdDSA", "kid": "ripe-test-1", "jws": "&lt;header&gt;..&lt;sig&gt;"}
 * }
 * </pre>
 */
public final class Whois8Record
{
    public static final String OBJECT_CLASS = "whois8-rn";
    public static final long MAX_RN = 0xFFFF_FFFFL;
    public static final int MAX_HOST_PREFIX_LENGTH = 16;

    private final long rn;
    private final String handle;
    private final List<String> status;
    private final String holder;
    private final String rir;
    private final String country;
    private final long[] authorizedOrigins;
    private final int maxHostPrefixLength;
    private final int maxPrefixes;
    private final long[] routePrefixes;
    private final int[] routeLengths;
    private final List<String> anycast8to4;
    private final long notBeforeMillis;
    private final long notAfterMillis;
    private final long serial;
    private final String signatureKid;
    private final String signatureJws;
    private final boolean active;

    private Whois8Record(final Builder b)
    {
        this.rn = b.rn;
        this.handle = b.handle != null ? b.handle : "AS" + b.rn;
        this.status = List.copyOf(b.status);
        this.holder = b.holder;
        this.rir = b.rir;
        this.country = b.country;
        this.authorizedOrigins = b.authorizedOrigins != null ? b.authorizedOrigins.clone() : new long[] { b.rn };
        this.maxHostPrefixLength = b.maxHostPrefixLength;
        this.maxPrefixes = b.maxPrefixes;
        this.routePrefixes = b.routePrefixes.clone();
        this.routeLengths = b.routeLengths.clone();
        this.anycast8to4 = List.copyOf(b.anycast8to4);
        this.notBeforeMillis = b.notBeforeMillis;
        this.notAfterMillis = b.notAfterMillis;
        this.serial = b.serial;
        this.signatureKid = b.signatureKid;
        this.signatureJws = b.signatureJws;
        this.active = status.contains("active") && !status.contains("inactive") && !status.contains("removed");
    }

    /** Builder for tests and the reference registry. */
    public static Builder builder(final long rn)
    {
        return new Builder(rn);
    }

    /** The routing number (= ASN). */
    public long rn()
    {
        return rn;
    }

    public String handle()
    {
        return handle;
    }

    public List<String> status()
    {
        return status;
    }

    /** True when status contains "active" and neither "inactive" nor "removed". */
    public boolean isActive()
    {
        return active;
    }

    public String holder()
    {
        return holder;
    }

    public String rir()
    {
        return rir;
    }

    public String country()
    {
        return country;
    }

    /** Origins allowed to announce this RN (copy). */
    public long[] authorizedOrigins()
    {
        return authorizedOrigins.clone();
    }

    /** Most specific host length allowed, 0..16. */
    public int maxHostPrefixLength()
    {
        return maxHostPrefixLength;
    }

    /** Per-RN prefix budget for rule R9, or -1 when the record does not set one. */
    public int maxPrefixes()
    {
        return maxPrefixes;
    }

    /** Number of registered routes; 0 means "any prefix of this RN within maxHostPrefixLength". */
    public int routeCount()
    {
        return routePrefixes.length;
    }

    public long routePrefix64(final int i)
    {
        return routePrefixes[i];
    }

    public int routeLength64(final int i)
    {
        return routeLengths[i];
    }

    public List<String> anycast8to4()
    {
        return anycast8to4;
    }

    public long notBeforeMillis()
    {
        return notBeforeMillis;
    }

    public long notAfterMillis()
    {
        return notAfterMillis;
    }

    public long serial()
    {
        return serial;
    }

    /** Key id of the per-record signature, or null when the record came unsigned inside a signed bulk feed. */
    public String signatureKid()
    {
        return signatureKid;
    }

    public String signatureJws()
    {
        return signatureJws;
    }

    long[] originsUnsafe()
    {
        return authorizedOrigins;
    }

    long[] routePrefixesUnsafe()
    {
        return routePrefixes;
    }

    int[] routeLengthsUnsafe()
    {
        return routeLengths;
    }

    /** The record as JSON without its signature member: what the registry signs. */
    public ObjectNode toUnsignedJson()
    {
        final ObjectNode o = CanonicalJson.STRICT_MAPPER.createObjectNode();
        o.putArray("rdapConformance").add("rdap_level_0").add("whois8_level_0");
        o.put("objectClassName", OBJECT_CLASS);
        o.put("handle", handle);
        o.put("rn", rn);
        final ArrayNode st = o.putArray("status");
        status.forEach(st::add);
        if (holder != null)
        {
            o.put("holder", holder);
        }
        if (rir != null)
        {
            o.put("rir", rir);
        }
        if (country != null)
        {
            o.put("country", country);
        }
        final ArrayNode origins = o.putArray("authorizedOrigins");
        for (final long origin : authorizedOrigins)
        {
            origins.add(origin);
        }
        o.put("maxHostPrefixLength", maxHostPrefixLength);
        if (maxPrefixes >= 0)
        {
            o.put("maxPrefixes", maxPrefixes);
        }
        if (routePrefixes.length > 0)
        {
            final ArrayNode routes = o.putArray("routes");
            for (int i = 0; i < routePrefixes.length; i++)
            {
                routes.add(RnPrefix.format(routePrefixes[i], routeLengths[i]));
            }
        }
        if (!anycast8to4.isEmpty())
        {
            final ArrayNode any = o.putArray("anycast8to4");
            anycast8to4.forEach(any::add);
        }
        o.put("notBefore", Instant.ofEpochMilli(notBeforeMillis).toString());
        o.put("notAfter", Instant.ofEpochMilli(notAfterMillis).toString());
        o.put("serial", serial);
        return o;
    }

    /**
     * Parses and schema-checks a record. The {@code signature} member is optional here (records inside a signed
     * snapshot carry none); {@link RecordVerifier} requires it for per-RN answers.
     */
    public static Whois8Record fromJson(final JsonNode json) throws MalformedRecordException
    {
        if (json == null || !json.isObject())
        {
            throw new MalformedRecordException("record is not a JSON object");
        }
        final Raw raw = new Raw();
        for (final Map.Entry<String, JsonNode> member : json.properties())
        {
            final JsonNode v = member.getValue();
            final String field = member.getKey();
            switch (field)
            {
                case "objectClassName" -> raw.objectClassName = treeText(v, field);
                case "handle" -> raw.handle = treeText(v, field);
                case "holder" -> raw.holder = treeText(v, field);
                case "rir" -> raw.rir = treeText(v, field);
                case "country" -> raw.country = treeText(v, field);
                case "notBefore" -> raw.notBefore = treeText(v, field);
                case "notAfter" -> raw.notAfter = treeText(v, field);
                case "rn" -> raw.rn = treeUint32(v, field);
                case "status" -> raw.status = treeStrings(v, field);
                case "routes" -> raw.routes = treeStrings(v, field);
                case "anycast8to4" -> raw.anycast8to4 = treeStrings(v, field);
                case "authorizedOrigins" ->
                {
                    if (!v.isArray())
                    {
                        throw new MalformedRecordException("authorizedOrigins must be a non-empty array of uint32");
                    }
                    raw.authorizedOrigins = new long[v.size()];
                    for (int i = 0; i < v.size(); i++)
                    {
                        raw.authorizedOrigins[i] = treeUint32(v.get(i), "authorizedOrigins[" + i + "]");
                    }
                }
                case "maxHostPrefixLength" -> raw.maxHostPrefixLength = treeInt(v, field);
                case "maxPrefixes" -> raw.maxPrefixes = treeInt(v, field);
                case "serial" -> raw.serial = treeLong(v, field);
                case "signature" -> raw.signature = v;
                default ->
                {
                    // rdapConformance and unknown members: covered by the signature, not interpreted
                }
            }
        }
        return build(raw);
    }

    /**
     * Parses one record from a streaming parser positioned on its {@code START_OBJECT} (bulk feeds: no tree is
     * built); leaves the parser on the matching {@code END_OBJECT}. Same checks as {@link #fromJson(JsonNode)}.
     */
    public static Whois8Record fromParser(final JsonParser p) throws MalformedRecordException, IOException
    {
        if (p.currentToken() != JsonToken.START_OBJECT)
        {
            throw new MalformedRecordException("record is not a JSON object");
        }
        final Raw raw = new Raw();
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String field = p.currentName();
            final JsonToken t = p.nextToken();
            switch (field)
            {
                case "objectClassName" -> raw.objectClassName = streamText(p, t, field);
                case "handle" -> raw.handle = streamText(p, t, field);
                case "holder" -> raw.holder = streamText(p, t, field);
                case "rir" -> raw.rir = streamText(p, t, field);
                case "country" -> raw.country = streamText(p, t, field);
                case "notBefore" -> raw.notBefore = streamText(p, t, field);
                case "notAfter" -> raw.notAfter = streamText(p, t, field);
                case "rn" -> raw.rn = streamUint32(p, t, field);
                case "status" -> raw.status = streamStrings(p, t, field);
                case "routes" -> raw.routes = streamStrings(p, t, field);
                case "anycast8to4" -> raw.anycast8to4 = streamStrings(p, t, field);
                case "authorizedOrigins" ->
                {
                    if (t != JsonToken.START_ARRAY)
                    {
                        throw new MalformedRecordException("authorizedOrigins must be a non-empty array of uint32");
                    }
                    long[] origins = new long[2];
                    int n = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY)
                    {
                        if (n == origins.length)
                        {
                            origins = Arrays.copyOf(origins, n * 2);
                        }
                        origins[n] = streamUint32(p, p.currentToken(), "authorizedOrigins[" + n + "]");
                        n++;
                    }
                    raw.authorizedOrigins = Arrays.copyOf(origins, n);
                }
                case "maxHostPrefixLength" -> raw.maxHostPrefixLength = (int)streamLong(p, t, field, Integer.MAX_VALUE);
                case "maxPrefixes" -> raw.maxPrefixes = (int)streamLong(p, t, field, Integer.MAX_VALUE);
                case "serial" -> raw.serial = streamLong(p, t, field, Long.MAX_VALUE);
                case "signature" -> raw.signature = p.readValueAsTree();
                default -> p.skipChildren();
            }
        }
        return build(raw);
    }

    /** Fields as read, before the semantic checks of {@link #build(Raw)}; null / sentinel = absent. */
    private static final class Raw
    {
        String objectClassName;
        long rn = -1;
        String handle;
        List<String> status;
        String holder;
        String rir;
        String country;
        long[] authorizedOrigins;
        int maxHostPrefixLength = Integer.MIN_VALUE;
        int maxPrefixes = Integer.MIN_VALUE;
        List<String> routes;
        List<String> anycast8to4;
        String notBefore;
        String notAfter;
        long serial = Long.MIN_VALUE;
        JsonNode signature;
    }

    private static Whois8Record build(final Raw raw) throws MalformedRecordException
    {
        if (!OBJECT_CLASS.equals(raw.objectClassName))
        {
            throw new MalformedRecordException(raw.objectClassName == null ? "missing objectClassName" :
                "objectClassName '" + raw.objectClassName + "' is not '" + OBJECT_CLASS + "'");
        }
        if (raw.rn < 0)
        {
            throw new MalformedRecordException("missing rn");
        }
        final long rn = raw.rn;
        if (rn == 0)
        {
            throw new MalformedRecordException("rn 0 (plain IPv4) cannot have a WHOIS8 record");
        }
        final Builder b = new Builder(rn);
        if (raw.handle == null)
        {
            throw new MalformedRecordException("missing handle");
        }
        if (!raw.handle.equals("AS" + rn))
        {
            throw new MalformedRecordException("handle '" + raw.handle + "' does not match rn " + rn + " (expected AS" +
                rn + ")");
        }
        b.handle = raw.handle;
        if (raw.status == null)
        {
            throw new MalformedRecordException("missing status");
        }
        if (raw.status.isEmpty())
        {
            throw new MalformedRecordException("status is empty");
        }
        b.status = raw.status;
        b.holder = raw.holder;
        b.rir = raw.rir;
        b.country = raw.country;
        if (raw.authorizedOrigins != null)
        {
            if (raw.authorizedOrigins.length == 0)
            {
                throw new MalformedRecordException("authorizedOrigins must be a non-empty array of uint32");
            }
            b.authorizedOrigins = raw.authorizedOrigins;
        }
        if (raw.maxHostPrefixLength < 0 || raw.maxHostPrefixLength > MAX_HOST_PREFIX_LENGTH)
        {
            throw new MalformedRecordException("maxHostPrefixLength must be an integer 0.." + MAX_HOST_PREFIX_LENGTH +
                (raw.maxHostPrefixLength == Integer.MIN_VALUE ? " (missing)" : ", got " + raw.maxHostPrefixLength));
        }
        b.maxHostPrefixLength = raw.maxHostPrefixLength;
        if (raw.maxPrefixes != Integer.MIN_VALUE)
        {
            if (raw.maxPrefixes < 0)
            {
                throw new MalformedRecordException("maxPrefixes must be a non-negative integer, got " + raw.maxPrefixes);
            }
            b.maxPrefixes = raw.maxPrefixes;
        }
        final List<String> routes = raw.routes != null ? raw.routes : List.of();
        b.routePrefixes = new long[routes.size()];
        b.routeLengths = new int[routes.size()];
        final int[] len = new int[1];
        for (int i = 0; i < routes.size(); i++)
        {
            try
            {
                b.routePrefixes[i] = RnPrefix.parse(routes.get(i), len);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new MalformedRecordException("routes[" + i + "]: " + ex.getMessage());
            }
            if (RnPrefix.rn(b.routePrefixes[i]) != rn)
            {
                throw new MalformedRecordException("routes[" + i + "] '" + routes.get(i) + "' belongs to another RN " +
                    "than " + rn);
            }
            b.routeLengths[i] = len[0];
        }
        b.anycast8to4 = raw.anycast8to4 != null ? raw.anycast8to4 : List.of();
        b.notBeforeMillis = instant(raw.notBefore, "notBefore");
        b.notAfterMillis = instant(raw.notAfter, "notAfter");
        if (b.notAfterMillis <= b.notBeforeMillis)
        {
            throw new MalformedRecordException("notAfter " + raw.notAfter + " is not after notBefore " + raw.notBefore);
        }
        if (raw.serial < 0)
        {
            throw new MalformedRecordException("serial must be a non-negative integer" +
                (raw.serial == Long.MIN_VALUE ? " (missing)" : ", got " + raw.serial));
        }
        b.serial = raw.serial;
        final JsonNode sig = raw.signature;
        if (sig != null)
        {
            if (!sig.isObject())
            {
                throw new MalformedRecordException("signature is not an object");
            }
            final String alg = treeText(sig.get("alg"), "signature.alg");
            if (!DetachedJws.ALG.equals(alg))
            {
                throw new MalformedRecordException("signature.alg '" + alg + "' is not EdDSA");
            }
            b.signatureKid = requireText(treeText(sig.get("kid"), "signature.kid"), "signature.kid");
            b.signatureJws = requireText(treeText(sig.get("jws"), "signature.jws"), "signature.jws");
        }
        return new Whois8Record(b);
    }

    private static String requireText(final String value, final String field) throws MalformedRecordException
    {
        if (value == null)
        {
            throw new MalformedRecordException("missing " + field);
        }
        return value;
    }

    private static String treeText(final JsonNode node, final String field) throws MalformedRecordException
    {
        if (node == null || node.isNull())
        {
            return null;
        }
        if (!node.isTextual())
        {
            throw new MalformedRecordException(field + " must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    private static List<String> treeStrings(final JsonNode node, final String field) throws MalformedRecordException
    {
        if (!node.isArray())
        {
            throw new MalformedRecordException(field + " must be an array of strings");
        }
        final List<String> out = new ArrayList<>(node.size());
        for (final JsonNode e : node)
        {
            if (!e.isTextual())
            {
                throw new MalformedRecordException(field + " must contain only strings, got " + e);
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static long treeUint32(final JsonNode node, final String what) throws MalformedRecordException
    {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0 || node.longValue() > MAX_RN)
        {
            throw new MalformedRecordException(what + " must be an integer 0.." + MAX_RN + ", got " + node);
        }
        return node.longValue();
    }

    private static int treeInt(final JsonNode node, final String field) throws MalformedRecordException
    {
        if (!node.isIntegralNumber() || !node.canConvertToInt())
        {
            throw new MalformedRecordException(field + " must be an integer, got " + node);
        }
        return node.intValue();
    }

    private static long treeLong(final JsonNode node, final String field) throws MalformedRecordException
    {
        if (!node.isIntegralNumber() || !node.canConvertToLong())
        {
            throw new MalformedRecordException(field + " must be an integer, got " + node);
        }
        return node.longValue();
    }

    private static String streamText(final JsonParser p, final JsonToken t, final String field)
        throws MalformedRecordException, IOException
    {
        if (t == JsonToken.VALUE_NULL)
        {
            return null;
        }
        if (t != JsonToken.VALUE_STRING)
        {
            throw new MalformedRecordException(field + " must be a string, got " + t);
        }
        return p.getText();
    }

    private static List<String> streamStrings(final JsonParser p, final JsonToken t, final String field)
        throws MalformedRecordException, IOException
    {
        if (t != JsonToken.START_ARRAY)
        {
            throw new MalformedRecordException(field + " must be an array of strings");
        }
        final List<String> out = new ArrayList<>(2);
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY)
        {
            if (e != JsonToken.VALUE_STRING)
            {
                throw new MalformedRecordException(field + " must contain only strings, got " + e);
            }
            out.add(p.getText());
        }
        return out;
    }

    private static long streamUint32(final JsonParser p, final JsonToken t, final String what)
        throws MalformedRecordException, IOException
    {
        final long v = streamLong(p, t, what, MAX_RN);
        if (v < 0)
        {
            throw new MalformedRecordException(what + " must be an integer 0.." + MAX_RN + ", got " + v);
        }
        return v;
    }

    private static long streamLong(final JsonParser p, final JsonToken t, final String field, final long max)
        throws MalformedRecordException, IOException
    {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
        {
            throw new MalformedRecordException(field + " must be an integer, got " + t);
        }
        final long v = p.getLongValue();
        if (v > max)
        {
            throw new MalformedRecordException(field + " " + v + " exceeds " + max);
        }
        return v;
    }

    private static long instant(final String text, final String field) throws MalformedRecordException
    {
        if (text == null)
        {
            throw new MalformedRecordException("missing " + field);
        }
        final long fast = Rfc3339.parseUtcMillis(text);
        if (fast != Long.MIN_VALUE)
        {
            return fast;
        }
        try
        {
            return Instant.parse(text).toEpochMilli();
        }
        catch (final DateTimeParseException ex)
        {
            throw new MalformedRecordException(field + " '" + text + "' is not an RFC 3339 UTC timestamp");
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Whois8Record r))
        {
            return false;
        }
        return rn == r.rn && serial == r.serial && maxHostPrefixLength == r.maxHostPrefixLength &&
            maxPrefixes == r.maxPrefixes && notBeforeMillis == r.notBeforeMillis &&
            notAfterMillis == r.notAfterMillis && handle.equals(r.handle) && status.equals(r.status) &&
            Objects.equals(holder, r.holder) && Objects.equals(rir, r.rir) && Objects.equals(country, r.country) &&
            Arrays.equals(authorizedOrigins, r.authorizedOrigins) && Arrays.equals(routePrefixes, r.routePrefixes) &&
            Arrays.equals(routeLengths, r.routeLengths) && anycast8to4.equals(r.anycast8to4);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(rn, serial, status);
    }

    @Override
    public String toString()
    {
        return "Whois8Record{" + handle + " serial=" + serial + " status=" + status + " holder=" + holder +
            " origins=" + Arrays.toString(authorizedOrigins) + " maxHost=/" + maxHostPrefixLength + " routes=" +
            routePrefixes.length + " notBefore=" + Instant.ofEpochMilli(notBeforeMillis) + " notAfter=" +
            Instant.ofEpochMilli(notAfterMillis) + "}";
    }

    /** Mutable builder; {@link #build()} gives the immutable record. */
    public static final class Builder
    {
        private final long rn;
        private String handle;
        private List<String> status = List.of("active");
        private String holder;
        private String rir;
        private String country;
        private long[] authorizedOrigins;
        private int maxHostPrefixLength = MAX_HOST_PREFIX_LENGTH;
        private int maxPrefixes = -1;
        private long[] routePrefixes = new long[0];
        private int[] routeLengths = new int[0];
        private List<String> anycast8to4 = List.of();
        private long notBeforeMillis;
        private long notAfterMillis = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        private long serial;
        private String signatureKid;
        private String signatureJws;

        private Builder(final long rn)
        {
            if (rn <= 0 || rn > MAX_RN)
            {
                throw new IllegalArgumentException("rn " + rn + " outside 1.." + MAX_RN);
            }
            this.rn = rn;
        }

        public Builder status(final String... values)
        {
            this.status = List.of(values);
            return this;
        }

        public Builder holder(final String holder, final String rir, final String country)
        {
            this.holder = holder;
            this.rir = rir;
            this.country = country;
            return this;
        }

        public Builder authorizedOrigins(final long... origins)
        {
            this.authorizedOrigins = origins.clone();
            return this;
        }

        public Builder maxHostPrefixLength(final int length)
        {
            if (length < 0 || length > MAX_HOST_PREFIX_LENGTH)
            {
                throw new IllegalArgumentException("maxHostPrefixLength " + length + " outside 0..16");
            }
            this.maxHostPrefixLength = length;
            return this;
        }

        public Builder maxPrefixes(final int max)
        {
            this.maxPrefixes = max;
            return this;
        }

        /** Routes in ASN-dot text form, e.g. {@code "64497.10.0.0.0/8"}. */
        public Builder routes(final String... routes)
        {
            routePrefixes = new long[routes.length];
            routeLengths = new int[routes.length];
            final int[] len = new int[1];
            for (int i = 0; i < routes.length; i++)
            {
                routePrefixes[i] = RnPrefix.parse(routes[i], len);
                routeLengths[i] = len[0];
            }
            return this;
        }

        public Builder anycast8to4(final String... addresses)
        {
            this.anycast8to4 = List.of(addresses);
            return this;
        }

        /** Validity window; instants are truncated to milliseconds. */
        public Builder validity(final Instant notBefore, final Instant notAfter)
        {
            this.notBeforeMillis = notBefore.toEpochMilli();
            this.notAfterMillis = notAfter.toEpochMilli();
            return this;
        }

        public Builder serial(final long serial)
        {
            this.serial = serial;
            return this;
        }

        public Whois8Record build()
        {
            return new Whois8Record(this);
        }
    }
}
