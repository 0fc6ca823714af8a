package io.github.customerid.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything the tool prints: the user-info part of a MongoDB URI ({@code
 * user:password@}) is replaced by {@code ***@}, and any occurrence of the user name or password (raw
 * or URL-decoded) inside a message is replaced by {@code ***}. Immutable and thread-safe.
 */
final class Redaction {

  private static final Pattern USER_INFO =
      Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)([^@/?#\\s]*)@");

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redaction that only strips user-info from URIs found in the text. */
  static Redaction none() {
    return new Redaction(List.of());
  }

  /** A redaction for the secrets of {@code uri}, whatever shape the URI has (even malformed). */
  static Redaction forUri(String uri) {
    List<String> secrets = new ArrayList<>();
    if (uri != null) {
      Matcher m = USER_INFO.matcher(uri);
      if (m.find()) {
        String userInfo = m.group(2);
        secrets.add(userInfo);
        for (String part : userInfo.split(":", 2)) {
          if (part.length() >= 3) {
            secrets.add(part);
            try {
              secrets.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException ignored) {
              // not decodable: the raw form is redacted already
            }
          }
        }
      }
    }
    secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return new Redaction(List.copyOf(secrets));
  }

  /** Returns {@code text} with URI user-info and the known secrets replaced. */
  String apply(String text) {
    if (text == null) {
      return "";
    }
    String out = USER_INFO.matcher(text).replaceAll("$1***@");
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return out;
  }
}
