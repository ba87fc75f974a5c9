package io.offlinesync.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's RSA signing key. Without a key file it is new at every start (every token issued before is
 * then unverifiable, which is fine for a test). With one, the key is read from it, or created there on the
 * first start, so that the tokens of a local stack survive a restart of the issuer.
 *
 * <p>The file holds the key as a JWK (JSON, private part included, readable by its owner only). Its
 * {@code kid} is the key's RFC 7638 thumbprint, so the same key always has the same id.
 */
public final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private final RSAKey key;

    private SigningKey(RSAKey key) {
        this.key = key;
    }

    /** The key of {@code file} (created there when missing), or a new one when {@code file} is null. */
    public static SigningKey loadOrCreate(Path file) {
        if (file == null) {
            SigningKey key = new SigningKey(generate());
            log.info("Signing key {} generated for this run only (set ISSUER_KEY_FILE to keep one)", key.keyId());
            return key;
        }
        if (Files.exists(file)) {
            SigningKey key = new SigningKey(read(file));
            log.info("Signing key {} read from {}", key.keyId(), file);
            return key;
        }
        RSAKey created = generate();
        try {
            write(file, created);
            log.info("Signing key {} created in {}", created.getKeyID(), file);
            return new SigningKey(created);
        } catch (FileAlreadyExistsException e) {
            // another issuer started on the same file a moment ago: use its key, so both sign alike
            return new SigningKey(read(file));
        }
    }

    /** The key pair with its id, algorithm and use: what the JWK source and the JWKS endpoint serve. */
    public RSAKey rsaKey() {
        return key;
    }

    public String keyId() {
        return key.getKeyID();
    }

    private static RSAKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey withoutId = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate()).build();
            return new RSAKey.Builder(withoutId)
                    .keyIDFromThumbprint()
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
        } catch (NoSuchAlgorithmException | JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static RSAKey read(Path file) {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate() || key.getKeyID() == null) {
                throw new IllegalStateException("ISSUER_KEY_FILE " + file + " holds no private RSA key with a kid;"
                        + " delete it to have a new key created");
            }
            return key;
        } catch (ParseException e) {
            // never overwrite a file we cannot read: it may be someone's key
            throw new IllegalStateException("ISSUER_KEY_FILE " + file + " is not an RSA JWK (" + e.getMessage()
                    + "); delete it to have a new key created", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ISSUER_KEY_FILE " + file, e);
        }
    }

    /** Written to a temporary file beside it and moved in place, so a crash never leaves half a key. */
    private static void write(Path file, RSAKey key) throws FileAlreadyExistsException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".issuer-key-", ".tmp");
            ownerOnly(tmp);
            Files.writeString(tmp, key.toJSONString() + "\n", StandardCharsets.UTF_8);
            // a rename within the directory (never half a file); without REPLACE_EXISTING it refuses to
            // clobber a key another issuer wrote meanwhile (ATOMIC_MOVE would replace it silently on Linux)
            Files.move(tmp, file);
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ISSUER_KEY_FILE " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a leftover temporary file holds no key the issuer uses
                }
            }
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the directory's permissions apply
        }
    }
}
