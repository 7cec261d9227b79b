package org.ipv8router.whois8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        final String objectClass = text(json, "objectClassName", true);
        if (!OBJECT_CLASS.equals(objectClass))
        {
            throw new MalformedRecordException("objectClassName '" + objectClass + "' is not '" + OBJECT_CLASS + "'");
        }
        final long rn = uint32(json, "rn");
        if (rn == 0)
        {
            throw new MalformedRecordException("rn 0 (plain IPv4) cannot have a WHOIS8 record");
        }
        final Builder b = new Builder(rn);
        b.handle = text(json, "handle", true);
        if (!b.handle.equals("AS" + rn))
        {
            throw new MalformedRecordException("handle '" + b.handle + "' does not match rn " + rn + " (expected AS" +
                rn + ")");
        }
        b.status = stringArray(json, "status", true);
        if (b.status.isEmpty())
        {
            throw new MalformedRecordException("status is empty");
        }
        b.holder = text(json, "holder", false);
        b.rir = text(json, "rir", false);
        b.country = text(json, "country", false);
        final JsonNode origins = json.get("authorizedOrigins");
        if (origins != null)
        {
            if (!origins.isArray() || origins.isEmpty())
            {
                throw new MalformedRecordException("authorizedOrigins must be a non-empty array of uint32");
            }
            b.authorizedOrigins = new long[origins.size()];
            for (int i = 0; i < origins.size(); i++)
            {
                b.authorizedOrigins[i] = uint32Value(origins.get(i), "authorizedOrigins[" + i + "]");
            }
        }
        final JsonNode maxLen = json.get("maxHostPrefixLength");
        if (maxLen == null || !maxLen.canConvertToInt() || !maxLen.isIntegralNumber() ||
            maxLen.intValue() < 0 || maxLen.intValue() > MAX_HOST_PREFIX_LENGTH)
        {
            throw new MalformedRecordException("maxHostPrefixLength must be an integer 0.." + MAX_HOST_PREFIX_LENGTH +
                ", got " + maxLen);
        }
        b.maxHostPrefixLength = maxLen.intValue();
        final JsonNode maxPrefixes = json.get("maxPrefixes");
        if (maxPrefixes != null)
        {
            if (!maxPrefixes.isIntegralNumber() || !maxPrefixes.canConvertToInt() || maxPrefixes.intValue() < 0)
            {
                throw new MalformedRecordException("maxPrefixes must be a non-negative integer, got " + maxPrefixes);
            }
            b.maxPrefixes = maxPrefixes.intValue();
        }
        final List<String> routes = stringArray(json, "routes", false);
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
        b.anycast8to4 = stringArray(json, "anycast8to4", false);
        b.notBeforeMillis = instant(json, "notBefore");
        b.notAfterMillis = instant(json, "notAfter");
        if (b.notAfterMillis <= b.notBeforeMillis)
        {
            throw new MalformedRecordException("notAfter " + text(json, "notAfter", true) + " is not after notBefore " +
                text(json, "notBefore", true));
        }
        final JsonNode serial = json.get("serial");
        if (serial == null || !serial.isIntegralNumber() || !serial.canConvertToLong() || serial.longValue() < 0)
        {
            throw new MalformedRecordException("serial must be a non-negative integer, got " + serial);
        }
        b.serial = serial.longValue();
        final JsonNode sig = json.get("signature");
        if (sig != null)
        {
            if (!sig.isObject())
            {
                throw new MalformedRecordException("signature is not an object");
            }
            final String alg = text(sig, "alg", true);
            if (!DetachedJws.ALG.equals(alg))
            {
                throw new MalformedRecordException("signature.alg '" + alg + "' is not EdDSA");
            }
            b.signatureKid = text(sig, "kid", true);
            b.signatureJws = text(sig, "jws", true);
        }
        return new Whois8Record(b);
    }

    private static String text(final JsonNode json, final String field, final boolean required)
        throws MalformedRecordException
    {
        final JsonNode node = json.get(field);
        if (node == null || node.isNull())
        {
            if (required)
            {
                throw new MalformedRecordException("missing " + field);
            }
            return null;
        }
        if (!node.isTextual())
        {
            throw new MalformedRecordException(field + " must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    private static List<String> stringArray(final JsonNode json, final String field, final boolean required)
        throws MalformedRecordException
    {
        final JsonNode node = json.get(field);
        if (node == null)
        {
            if (required)
            {
                throw new MalformedRecordException("missing " + field);
            }
            return List.of();
        }
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

    private static long uint32(final JsonNode json, final String field) throws MalformedRecordException
    {
        final JsonNode node = json.get(field);
        if (node == null)
        {
            throw new MalformedRecordException("missing " + field);
        }
        return uint32Value(node, field);
    }

    private static long uint32Value(final JsonNode node, final String what) throws MalformedRecordException
    {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0 || node.longValue() > MAX_RN)
        {
            throw new MalformedRecordException(what + " must be an integer 0.." + MAX_RN + ", got " + node);
        }
        return node.longValue();
    }

    private static long instant(final JsonNode json, final String field) throws MalformedRecordException
    {
        final String text = text(json, field, true);
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
