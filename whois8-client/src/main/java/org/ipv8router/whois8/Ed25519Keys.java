package org.ipv8router.whois8;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 (RFC 8032) key handling with the JDK's own provider: generation, raw 32-byte public keys, X.509
 * SubjectPublicKeyInfo and PKCS#8 encodings, PEM files.
 */
public final class Ed25519Keys
{
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING }. */
    private static final byte[] SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

    private Ed25519Keys()
    {
    }

    /** A fresh key pair. */
    public static KeyPair generate()
    {
        try
        {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("JDK has no Ed25519 provider", ex);
        }
    }

    /** Public key from its raw 32-byte RFC 8032 encoding. */
    public static PublicKey publicFromRaw(final byte[] raw)
    {
        if (raw.length != 32)
        {
            throw new IllegalArgumentException("raw Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        final byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
        return publicFromSpki(spki);
    }

    /** Public key from DER SubjectPublicKeyInfo. */
    public static PublicKey publicFromSpki(final byte[] der)
    {
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("not an Ed25519 SubjectPublicKeyInfo: " + ex.getMessage(), ex);
        }
    }

    /** Private key from DER PKCS#8. */
    public static PrivateKey privateFromPkcs8(final byte[] der)
    {
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key: " + ex.getMessage(), ex);
        }
    }

    /** Raw 32-byte form of an Ed25519 public key (the last 32 bytes of its SPKI). */
    public static byte[] rawPublic(final PublicKey key)
    {
        final byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    /** PEM text ("PUBLIC KEY") of a public key. */
    public static String publicPem(final PublicKey key)
    {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** PEM text ("PRIVATE KEY") of a private key. */
    public static String privatePem(final PrivateKey key)
    {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** Reads a public key from a PEM file, a bare base64 SPKI, or a bare base64/base64url raw 32-byte key. */
    public static PublicKey readPublic(final Path file) throws java.io.IOException
    {
        return parsePublic(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** Parses the text forms accepted by {@link #readPublic(Path)}; {@code where} names the source in errors. */
    public static PublicKey parsePublic(final String text, final String where)
    {
        final byte[] der = decodePemOrBase64(text, where);
        return der.length == 32 ? publicFromRaw(der) : publicFromSpki(der);
    }

    /** Reads a PKCS#8 private key from a PEM file (or bare base64). */
    public static PrivateKey readPrivate(final Path file) throws java.io.IOException
    {
        return privateFromPkcs8(decodePemOrBase64(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
    }

    private static byte[] decodePemOrBase64(final String text, final String where)
    {
        final StringBuilder b64 = new StringBuilder();
        for (final String line : text.split("\\R"))
        {
            final String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("-----"))
            {
                b64.append(t);
            }
        }
        final String s = b64.toString();
        try
        {
            return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) :
                Base64.getDecoder().decode(s);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + ": not PEM or base64 key material: " + ex.getMessage(), ex);
        }
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }
}
