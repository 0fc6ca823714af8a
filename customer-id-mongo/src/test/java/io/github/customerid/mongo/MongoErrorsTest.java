package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Classifying driver exceptions by code and label, without a server. */
class MongoErrorsTest {

  private static final ServerAddress SERVER = new ServerAddress();

  private static MongoCommandException commandError(int code) {
    return new MongoCommandException(new BsonDocument("ok", new BsonInt32(0))
        .append("code", new BsonInt32(code)).append("errmsg", new BsonString("test")), SERVER);
  }

  @ParameterizedTest
  @ValueSource(ints = {11000, 11001, 12582})
  void shouldRecogniseEveryDuplicateKeyCode(int code) {
    assertThat(MongoErrors.isDuplicateKey(new MongoException(code, "dup"))).isTrue();
    assertThat(MongoErrors.isDuplicateKey((Throwable) new MongoException(code, "dup"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 2, 64, 112, 10999, 11002})
  void shouldNotMistakeOtherCodesForADuplicateKey(int code) {
    // Code 64 is a write-concern error: never a duplicate, whatever its message says.
    assertThat(MongoErrors.isDuplicateKey(new MongoException(code, "E11000 duplicate key"))).isFalse();
  }

  @Test
  void shouldFindADuplicateKeyAnywhereInACauseChain() {
    MongoException dup = new MongoException(11000, "dup");
    RuntimeException wrapped = new RuntimeException("framework", new IllegalStateException(dup));
    assertThat(MongoErrors.isDuplicateKey(wrapped)).isTrue();
    assertThat(MongoErrors.isDuplicateKey(new RuntimeException("no cause"))).isFalse();
    assertThat(MongoErrors.isDuplicateKey((Throwable) null)).isFalse();
    assertThat(MongoErrors.isDuplicateKey(new RuntimeException(new MongoException(64, "wc"))))
        .isFalse();
  }

  @Test
  void shouldStopAtAnExceptionThatIsItsOwnCause() {
    SelfCaused loop = new SelfCaused();
    assertThat(MongoErrors.isDuplicateKey(loop)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 112})
  void shouldRetryANodeSteppingDownOrUnreachable(int code) {
    assertThat(MongoErrors.isTransient(commandError(code))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 11000, 14, 64, 8, 13})
  void shouldNotRetryOtherServerErrors(int code) {
    assertThat(MongoErrors.isTransient(commandError(code))).isFalse();
  }

  @Test
  void shouldRetryLostConnectionsAndLabelledErrors() {
    ServerId server = new ServerId(new ClusterId(), SERVER);
    assertThat(MongoErrors.isTransient(new MongoSocketReadException("reset", SERVER))).isTrue();
    assertThat(MongoErrors.isTransient(new MongoConnectionPoolClearedException(server, null)))
        .isTrue();
    assertThat(MongoErrors.isTransient(new MongoNotPrimaryException(
        new BsonDocument("code", new BsonInt32(1)), SERVER))).isTrue();
    assertThat(MongoErrors.isTransient(new MongoNodeIsRecoveringException(
        new BsonDocument("code", new BsonInt32(1)), SERVER))).isTrue();

    MongoException retryable = new MongoException(1, "labelled");
    retryable.addLabel("RetryableWriteError");
    assertThat(MongoErrors.isTransient(retryable)).isTrue();
    MongoException transaction = new MongoException(1, "labelled");
    transaction.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
    assertThat(MongoErrors.isTransient(transaction)).isTrue();
    MongoException other = new MongoException(1, "labelled");
    other.addLabel("SomethingElse");
    assertThat(MongoErrors.isTransient(other)).isFalse();
  }

  @Test
  void shouldNotRetryAServerSelectionTimeout() {
    // The driver already waited for a server; waiting again only doubles the caller's wait.
    assertThat(MongoErrors.isTransient(new MongoTimeoutException("no server"))).isFalse();
  }

  /** An exception whose cause is itself, as some frameworks build them. */
  private static final class SelfCaused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public synchronized Throwable getCause() {
      return this;
    }
  }
}
