package io.github.customerid.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything the tool prints.
 *
 * <ul>
 *   <li>In any URI found in a text ({@code scheme://...}), everything between {@code ://} and the
 *       <em>last</em> {@code @} of the URI is replaced by {@code ***}, whatever the URI looks like and
 *       whether or not it parses: {@code mongodb://bob:p@ssw0rd@host/db} prints as {@code
 *       mongodb://***@host/db}.
 *   <li>The user-info of the URI the tool was given (the text between {@code ://}, or the start when
 *       there is no scheme, and the last {@code @}) is a known secret: it, and its user name and
 *       password when at least 3 characters long, raw or URL-decoded, are replaced by {@code ***}
 *       wherever they appear, for example in a driver message that quotes them.
 *   <li>The MongoDB driver's {@code userName='...'} is printed as {@code userName='***'}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class Redaction {

  private static final String MASK = "***";
  private static final Pattern DRIVER_USER_NAME = Pattern.compile("userName='[^']*'");

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * A redaction that knows no secret: it only masks the user-info of URIs found in the text.
   *
   * @return the redaction
   */
  static Redaction none() {
    return new Redaction(List.of());
  }

  /**
   * A redaction for the secrets of {@code uri}, whatever shape the URI has (even malformed).
   *
   * @param uri the connection string the tool was given; may be null
   * @return the redaction
   */
  static Redaction forUri(String uri) {
    List<String> secrets = new ArrayList<>();
    if (uri != null) {
      int scheme = uri.indexOf("://");
      int start = scheme >= 0 ? scheme + 3 : 0;
      int at = uri.lastIndexOf('@');
      if (at > start) {
        String userInfo = uri.substring(start, at);
        secrets.add(userInfo);
        int colon = userInfo.indexOf(':');
        List<String> parts = colon < 0 ? List.of(userInfo)
            : List.of(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        for (String part : parts) {
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
    secrets.removeIf(String::isEmpty);
    secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return new Redaction(List.copyOf(secrets));
  }

  /**
   * Returns {@code text} with URI user-info, the known secrets and the driver's user names masked.
   *
   * @param text any text; null gives the empty string
   * @return the redacted text
   */
  String apply(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    out = maskUserInfo(out);
    return DRIVER_USER_NAME.matcher(out).replaceAll("userName='" + MASK + "'");
  }

  /** Masks, in every {@code scheme://...} token, the text between {@code ://} and its last '@'. */
  private static String maskUserInfo(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    int scheme;
    while ((scheme = text.indexOf("://", from)) >= 0) {
      int start = scheme + 3;
      int end = start;
      while (end < text.length() && !endsUri(text.charAt(end))) {
        end++;
      }
      int at = text.lastIndexOf('@', end - 1);
      out.append(text, from, start);
      if (at >= start) {
        out.append(MASK).append(text, at, end);
      } else {
        out.append(text, start, end);
      }
      from = end;
    }
    return out.append(text, from, text.length()).toString();
  }

  private static boolean endsUri(char c) {
    return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
  }
}
