package io.github.customerid.mongo;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * What a test that needs a real MongoDB does when its server is missing: it is skipped, unless
 * {@code -D}{@value #PROPERTY}{@code =true} says a real MongoDB must be there (a CI with Docker or
 * a connection string) and none is, in which case it fails with what is missing. A real server
 * missing while another real one runs the same tests is always a skip.
 *
 * <p>{@code customer-id-spring-boot}'s tests hold a copy of this class under the same name (test
 * trees share no code); change both together.
 */
public final class RealMongoRequirement {

  /** System property that turns "no real MongoDB reachable" from a skip into a failure. */
  public static final String PROPERTY = "customerid.requireRealMongo";

  private RealMongoRequirement() {}

  /**
   * Whether {@value #PROPERTY} is set to {@code true} in this JVM.
   *
   * @return whether a missing real MongoDB fails
   */
  public static boolean required() {
    return Boolean.getBoolean(PROPERTY);
  }

  /**
   * Fails the calling test if a real MongoDB is required and none is reachable; otherwise returns.
   *
   * @param why what is missing, for the message
   * @param noRealServerAtAll whether no other real server can run the tests either
   * @param required whether a real MongoDB is required ({@link #required()})
   * @throws AssertionFailedError if {@code required} and {@code noRealServerAtAll}
   */
  public static void failIfRequired(String why, boolean noRealServerAtAll, boolean required) {
    if (required && noRealServerAtAll) {
      throw new AssertionFailedError(
          "-D" + PROPERTY + "=true, but no real MongoDB is reachable: " + why);
    }
  }

  /**
   * Ends the calling test for want of a real MongoDB: fails it (see {@link #failIfRequired}) or
   * skips it. Always throws.
   *
   * @param why what is missing, for the message
   * @param noRealServerAtAll whether no other real server can run the tests either
   * @param required whether a real MongoDB is required ({@link #required()})
   * @throws AssertionFailedError if {@code required} and {@code noRealServerAtAll}
   * @throws TestAbortedException otherwise, naming {@code why}
   */
  public static void skipOrFail(String why, boolean noRealServerAtAll, boolean required) {
    failIfRequired(why, noRealServerAtAll, required);
    throw new TestAbortedException("no real MongoDB: " + why);
  }
}
