package dev.bpftop.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files, what operators hold (certbot, openssl, a CA's bundle), read with the JDK alone:
 * certificates through its CertificateFactory, which reads PEM itself, and unencrypted PKCS#8
 * keys ("BEGIN PRIVATE KEY", what openssl 3 and certbot write). Every failure is one line naming
 * the option and the file.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";

    private Pem() {}

    /** Every certificate in the file, in order (a chain: the leaf first; or a bundle of CAs). */
    public static List<X509Certificate> certificates(String option, Path file) {
        byte[] bytes = read(option, file);
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .stream().map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) throw new IllegalArgumentException(option + " " + file + ": no certificate in it (expected PEM, BEGIN CERTIFICATE)");
            return certs;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(option + " " + file + ": not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    /** The file's private key, of the algorithm of {@code certificate}'s public key, checked to be its pair. */
    public static PrivateKey privateKey(String option, Path file, X509Certificate certificate) {
        String text = new String(read(option, file), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(option + " " + file + ": the key is encrypted; bpftop reads unencrypted keys: " + CONVERT);
            }
            if (type.endsWith(" PRIVATE KEY")) {
                throw new IllegalArgumentException(option + " " + file + ": a key in OpenSSL's traditional format (BEGIN " + type + "); " + CONVERT);
            }
            if (!type.equals("PRIVATE KEY")) continue;
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            PublicKey pub = certificate.getPublicKey();
            PrivateKey key;
            try {
                key = KeyFactory.getInstance(pub.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                throw mismatch(option, file);
            }
            if (!pair(key, pub)) throw mismatch(option, file);
            return key;
        }
        throw new IllegalArgumentException(option + " " + file + ": no private key in it (expected PEM, BEGIN PRIVATE KEY)");
    }

    private static IllegalArgumentException mismatch(String option, Path file) {
        return new IllegalArgumentException(option + " " + file + ": the key does not match the certificate");
    }

    /** Whether a signature made with the key verifies with the public key: the same check for every algorithm. */
    private static boolean pair(PrivateKey key, PublicKey pub) {
        String algorithm = switch (pub.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> pub.getAlgorithm(); // Ed25519, Ed448, EdDSA name their own signature
        };
        byte[] probe = "bpftop: is this the certificate's key?".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(pub);
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(String option, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
