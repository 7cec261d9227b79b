package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Ed25519Keys;
import org.ipv8router.whois8.Reason;
import org.ipv8router.whois8.RnPrefix;
import org.ipv8router.whois8.ValidationResult;
import org.ipv8router.whois8.ValidationState;
import org.ipv8router.whois8.Whois8Config;
import org.ipv8router.whois8.Whois8Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS with a generated test CA: trusted CA accepted, another CA (or the JDK default trust) refused. */
class Whois8HttpsTest
{
    @TempDir
    static Path tmp;

    private static TestCertificateAuthority ca;
    private static TestCertificateAuthority otherCa;
    private static Whois8RegistryServer server;

    @BeforeAll
    static void startTlsRegistry() throws Exception
    {
        ca = TestCertificateAuthority.create(tmp.resolve("ca"), "ipv8 WHOIS8 test CA");
        otherCa = TestCertificateAuthority.createCaOnly(tmp.resolve("other"), "some other CA");
        final RegistryStore store = RegistryStore.of(Whois8ValidatorTest.labRecords(Instant.now()), 42);
        server = Whois8RegistryServer.start(store, Ed25519Keys.generate(), "ripe-test-1",
            new Whois8RegistryServer.Options().httpPort(-1).https(0, ca.serverContext()));
    }

    @AfterAll
    static void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static ValidationResult lookUp(final SSLContext trust) throws Exception
    {
        final Whois8Config.Builder cfg = Whois8Config.builder().baseUri(server.httpsUri())
            .trustAnchors(server.trustAnchors()).maxAttempts(1).requestTimeout(Duration.ofSeconds(5))
            .tickInterval(Duration.ofMillis(50));
        if (trust != null)
        {
            cfg.sslContext(trust);
        }
        try (Whois8Validator v = new Whois8Validator(cfg.build()).start())
        {
            v.refresh(64497).get(20, TimeUnit.SECONDS);
            return v.explain(64497, RnPrefix.parse("64497.10.0.0.0/8", new int[1]), 40);
        }
    }

    @Test
    void registryCertificateFromTheTrustedCaIsAccepted() throws Exception
    {
        assertTrue(server.httpsUri().toString().startsWith("https://localhost:"));
        final ValidationResult r = lookUp(ca.clientContext());
        assertEquals(ValidationState.VALID, r.state(), r.toString());
    }

    @Test
    void registryCertificateFromAnotherCaIsRefused() throws Exception
    {
        final ValidationResult r = lookUp(otherCa.clientContext());
        assertEquals(Reason.REGISTRY_UNAVAILABLE, r.reason(), r.toString());
        assertTrue(r.detail().contains("TLS") || r.detail().contains("SSL") || r.detail().contains("PKIX"),
            r.detail());
    }

    @Test
    void jdkDefaultTrustDoesNotKnowTheTestCa() throws Exception
    {
        final ValidationResult r = lookUp(null);
        assertEquals(ValidationState.UNKNOWN, r.state(), r.toString());
    }
}
