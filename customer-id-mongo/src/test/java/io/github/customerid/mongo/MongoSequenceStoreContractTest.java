package io.github.customerid.mongo;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.MongoTestServers.Server;
import io.github.customerid.testkit.SequenceStoreContract;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store contract of the test kit, once per server (see {@link MongoTestServers}) and counter
 * layout: the Node service's {@code {name, seq}} documents everywhere, and {@code _id}-keyed documents
 * on the embedded server. A real server that is not reachable skips its run with the reason.
 */
@ParameterizedClass(name = "{0}, {1}")
@MethodSource("serversAndLayouts")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MongoSequenceStoreContractTest extends SequenceStoreContract {

  /** How counter documents are keyed. */
  enum Layout {
    /** {@code {name: "customerId", seq: 24}} in {@code counters}, unique index on {@code name}. */
    NAME_KEYED,
    /** {@code {_id: "customerId", seq: 24}} in {@code counters_by_id}. */
    ID_KEYED;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  @Parameter(0)
  Server server;

  @Parameter(1)
  Layout layout;

  static Stream<Arguments> serversAndLayouts() {
    return Stream.of(
        Arguments.of(Server.EMBEDDED, Layout.NAME_KEYED),
        Arguments.of(Server.EMBEDDED, Layout.ID_KEYED),
        Arguments.of(Server.TESTCONTAINERS, Layout.NAME_KEYED),
        Arguments.of(Server.ENVIRONMENT, Layout.NAME_KEYED));
  }

  @Override
  protected SequenceStore createStore() {
    server.assumeAvailable();
    MongoSequenceStore.Builder builder = MongoSequenceStore.builder(server.database());
    return layout == Layout.ID_KEYED ? builder.collection("counters_by_id").idKeyed().build()
        : builder.build();
  }

  @Override
  protected boolean supportsGiveBack() {
    return true;
  }
}
