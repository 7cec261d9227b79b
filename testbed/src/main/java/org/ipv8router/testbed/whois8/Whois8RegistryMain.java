package org.ipv8router.testbed.whois8;

import org.ipv8router.whois8.Ed25519Keys;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Command line of the reference WHOIS8 registry: generate, change and serve a registry directory. */
public final class Whois8RegistryMain
{
    private static final String USAGE = """
        usage: whois8-registry --dir DIR [options]

        Serves the WHOIS8 registry in DIR (records.jsonl and/or records/AS<n>.json, registry.json) on loopback:
          GET /whois8/v1/rn/{asn}   GET /whois8/v1/snapshot   GET /whois8/v1/delta?since=SERIAL

        options:
          --dir DIR            registry directory (required)
          --http-port N        plain HTTP port (default 8043; 0 = any free port; -1 = off)
          --https-port N       HTTPS port (default off); needs --tls-dir
          --tls-dir DIR        test CA + server certificate; created with keytool if missing (clients trust DIR/ca.pem)
          --key FILE           Ed25519 private key, PKCS#8 PEM (default DIR/registry-key.pem; generated if missing,
                               public key written to FILE.pub and a trust-anchor line to DIR/trust-anchors.txt)
          --kid ID             key id put in signatures (default test-1)
          --max-age S          Cache-Control max-age on records and 404s (default: none)
          --generate N         first write N synthetic records into DIR (>= 1; 100000 is fine)
          --first-rn RN        first RN for --generate (default 131072)
          --revoke ASN         set AS<ASN> inactive (serial bump), write it to DIR, exit
          --bump ASN           re-issue AS<ASN> with a new serial, write it to DIR, exit
          --remove ASN         remove AS<ASN> from the registry (tombstone file), exit
          --no-serve           do the file operations and exit
          --help               this text
        """;

    private Whois8RegistryMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 ok, 2 usage error, 1 failure). Serving blocks until killed. */
    static int run(final String[] args, final PrintStream out, final PrintStream err) throws Exception
    {
        Path dir = null;
        Path tlsDir = null;
        Path keyFile = null;
        String kid = "test-1";
        int httpPort = 8043;
        int httpsPort = -1;
        long maxAge = -1;
        int generate = 0;
        long firstRn = 131_072;
        boolean serve = true;
        final List<String[]> ops = new ArrayList<>();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String a = args[i];
                switch (a)
                {
                    case "--help", "-h" ->
                    {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--dir" -> dir = Path.of(value(args, ++i, a));
                    case "--tls-dir" -> tlsDir = Path.of(value(args, ++i, a));
                    case "--key" -> keyFile = Path.of(value(args, ++i, a));
                    case "--kid" -> kid = value(args, ++i, a);
                    case "--http-port" -> httpPort = Integer.parseInt(value(args, ++i, a));
                    case "--https-port" -> httpsPort = Integer.parseInt(value(args, ++i, a));
                    case "--max-age" -> maxAge = Long.parseLong(value(args, ++i, a));
                    case "--generate" -> generate = Integer.parseInt(value(args, ++i, a));
                    case "--first-rn" -> firstRn = Long.parseLong(value(args, ++i, a));
                    case "--revoke", "--bump", "--remove" ->
                    {
                        ops.add(new String[] { a, value(args, ++i, a) });
                        serve = false;
                    }
                    case "--no-serve" -> serve = false;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (dir == null)
            {
                throw new IllegalArgumentException("--dir is required");
            }
            if (httpsPort >= 0 && tlsDir == null)
            {
                throw new IllegalArgumentException("--https-port needs --tls-dir");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("whois8-registry: " + ex.getMessage());
            err.print(USAGE);
            return 2;
        }

        if (generate > 0)
        {
            final long t0 = System.nanoTime();
            RegistryGenerator.writeDirectory(dir, generate, firstRn, 42);
            out.printf("generated %d records in %s (%.1f s)%n", generate, dir, (System.nanoTime() - t0) / 1e9);
        }
        final RegistryStore store = RegistryStore.load(dir);
        for (final String[] op : ops)
        {
            final long asn = Long.parseLong(op[1]);
            switch (op[0])
            {
                case "--revoke" -> out.println("revoked: " + store.revoke(asn));
                case "--bump" -> out.println("re-issued: " + store.bumpSerial(asn));
                default ->
                {
                    store.remove(asn);
                    out.println("removed AS" + asn + " at serial " + store.serial());
                }
            }
        }
        if (!serve)
        {
            return 0;
        }
        final KeyPair keys = loadOrCreateKey(keyFile != null ? keyFile : dir.resolve("registry-key.pem"), dir, kid, out);
        final Whois8RegistryServer.Options options = new Whois8RegistryServer.Options().httpPort(httpPort)
            .maxAge(maxAge, maxAge);
        if (httpsPort >= 0)
        {
            final TestCertificateAuthority ca = Files.exists(tlsDir.resolve("server.p12")) ?
                TestCertificateAuthority.open(tlsDir) : TestCertificateAuthority.create(tlsDir, "ipv8 WHOIS8 test CA");
            options.https(httpsPort, ca.serverContext());
            out.println("clients trust " + ca.caCertificate());
        }
        try (Whois8RegistryServer server = Whois8RegistryServer.start(store, keys, kid, options))
        {
            out.printf("WHOIS8 registry: %d records, serial %d, kid %s%n", store.size(), store.serial(), kid);
            if (httpPort >= 0)
            {
                out.println("  " + server.httpUri() + "/whois8/v1/");
            }
            if (httpsPort >= 0)
            {
                out.println("  " + server.httpsUri() + "/whois8/v1/");
            }
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static KeyPair loadOrCreateKey(final Path keyFile, final Path dir, final String kid, final PrintStream out)
        throws IOException
    {
        final Path pubFile = Path.of(keyFile + ".pub");
        final PrivateKey priv;
        final PublicKey pub;
        if (Files.exists(keyFile))
        {
            priv = Ed25519Keys.readPrivate(keyFile);
            if (!Files.exists(pubFile))
            {
                throw new IOException(pubFile + " is missing (needed beside " + keyFile + ")");
            }
            pub = Ed25519Keys.readPublic(pubFile);
        }
        else
        {
            final KeyPair kp = Ed25519Keys.generate();
            priv = kp.getPrivate();
            pub = kp.getPublic();
            Files.writeString(keyFile, Ed25519Keys.privatePem(priv));
            Files.writeString(pubFile, Ed25519Keys.publicPem(pub));
            out.println("generated Ed25519 registry key " + keyFile);
        }
        final Path anchors = dir.resolve("trust-anchors.txt");
        Files.writeString(anchors, "# kid raw-Ed25519-public-key (base64)\n" + kid + " " +
            Base64.getEncoder().encodeToString(Ed25519Keys.rawPublic(pub)) + "\n");
        out.println("trust anchor written to " + anchors);
        return new KeyPair(pub, priv);
    }

    private static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
