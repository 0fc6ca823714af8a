package io.github.customerid.examples.customerservice;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2 password hashes and random session tokens, with the JDK alone. */
final class Passwords {

  private static final SecureRandom random = new SecureRandom();
  private static final int ITERATIONS = 210_000;

  private Passwords() {}

  static String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    try {
      byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
          .getEncoded();
      Base64.Encoder b64 = Base64.getEncoder();
      return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
          + b64.encodeToString(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }

  /** An opaque random token; this example issues no real sessions. */
  static String token() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
