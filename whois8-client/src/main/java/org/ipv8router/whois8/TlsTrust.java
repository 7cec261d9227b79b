package org.ipv8router.whois8;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/** Builds client TLS contexts that trust only given CA certificates (the registry's CA), not the JDK's default set. */
public final class TlsTrust
{
    private TlsTrust()
    {
    }

    /** Context trusting the CA certificate(s) in a PEM or DER file. */
    public static SSLContext trustingCaFile(final Path caCertificate) throws IOException
    {
        try (InputStream in = Files.newInputStream(caCertificate))
        {
            final Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(in);
            if (certs.isEmpty())
            {
                throw new IllegalArgumentException(caCertificate + ": no X.509 certificate found");
            }
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (final Certificate cert : certs)
            {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            return trusting(store);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(caCertificate + ": cannot build a trust store: " + ex.getMessage(), ex);
        }
    }

    /** Context trusting the certificates of a key store. */
    public static SSLContext trusting(final KeyStore trustStore)
    {
        try
        {
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot build TLS context: " + ex.getMessage(), ex);
        }
    }
}
