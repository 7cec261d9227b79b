package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.TlsTrust;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away TLS CA and a server certificate for {@code localhost} / {@code 127.0.0.1}, made with the JDK's
 * {@code keytool} (the JDK has no public X.509 builder). Files land in a directory of the caller's choice:
 * {@code ca.p12}, {@code ca.pem} (what clients trust), {@code server.p12} (key + chain for the registry).
 */
public final class TestCertificateAuthority
{
    private static final String PASSWORD = "whois8-test";

    private final Path dir;

    private TestCertificateAuthority(final Path dir)
    {
        this.dir = dir;
    }

    /** Creates the CA and a server certificate signed by it under {@code dir} (EC P-256 keys, 10-year validity). */
    public static TestCertificateAuthority create(final Path dir, final String caName) throws IOException
    {
        final TestCertificateAuthority ca = createCaOnly(dir, caName);
        ca.issueServerCertificate();
        return ca;
    }

    /** Creates only the CA ({@code ca.p12}, {@code ca.pem}): enough for a client trust store in wrong-CA tests. */
    public static TestCertificateAuthority createCaOnly(final Path dir, final String caName) throws IOException
    {
        Files.createDirectories(dir);
        final TestCertificateAuthority ca = new TestCertificateAuthority(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=" + caName, "-ext", "bc:c", "-validity", "3650", "-keystore", "ca.p12", "-storetype", "PKCS12",
            "-storepass", PASSWORD, "-keypass", PASSWORD);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file",
            "ca.pem");
        return ca;
    }

    private void issueServerCertificate() throws IOException
    {
        final TestCertificateAuthority ca = this;
        ca.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=localhost", "-validity", "3650", "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass",
            PASSWORD, "-keypass", PASSWORD);
        ca.keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD, "-file",
            "server.csr");
        ca.keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile",
            "server.csr", "-outfile", "server.pem", "-rfc", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext",
            "KU=digitalSignature", "-ext", "EKU=serverAuth", "-validity", "3650");
        ca.keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12", "-storepass",
            PASSWORD, "-noprompt");
        ca.keytool("-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12",
            "-storepass", PASSWORD, "-noprompt");
    }

    /** Opens a CA directory made earlier by {@link #create(Path, String)}. */
    public static TestCertificateAuthority open(final Path dir) throws IOException
    {
        if (!Files.exists(dir.resolve("server.p12")) || !Files.exists(dir.resolve("ca.pem")))
        {
            throw new IOException(dir + " holds no test CA (server.p12 and ca.pem expected)");
        }
        return new TestCertificateAuthority(dir);
    }

    /** The CA certificate (PEM) clients should trust. */
    public Path caCertificate()
    {
        return dir.resolve("ca.pem");
    }

    /** Client TLS context trusting only this CA. */
    public SSLContext clientContext() throws IOException
    {
        return TlsTrust.trustingCaFile(caCertificate());
    }

    /** Server TLS context presenting the {@code localhost} certificate. */
    public SSLContext serverContext() throws IOException
    {
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12")))
        {
            final KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            final SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("cannot load " + dir.resolve("server.p12") + ": " + ex.getMessage(), ex);
        }
    }

    private void keytool(final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output;
        try
        {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", ex);
        }
        if (p.exitValue() != 0)
        {
            throw new IOException("keytool " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): " +
                output.strip());
        }
    }
}
