package io.github.customerid.benchmarks;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.mongo.MongoSequenceStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 2 of {@code benchmarks/README.md}: strict {@code next()} on {@link MongoSequenceStore}
 * against the call an
 * application would write by hand with the driver ({@code findOneAndUpdate} of {@code $inc} with
 * {@code upsert}, returning the document after the update, then {@code "PL" + seq}). Both run against
 * the linearizable embedded server (customer-id-mongo-embedded) on loopback, through the same client,
 * on the same collection layout (the Node service's {@code counters} with a unique index on {@code
 * name}), with the store's default write concern ({@code majority}, journaled). The goal: our overhead
 * over the hand-written call is at most 10%.
 *
 * <pre>{@code
 * benchmarks/run.sh --only 2                          # 1/2/4/8 threads
 * benchmarks/run.sh --jmh MongoStrictBenchmark -t 4   # plain JMH, one thread count
 * # on a loaded machine: warm up long enough for the JIT, and count the CPU of client and server
 * benchmarks/run.sh --jmh MongoStrictBenchmark -t 1 -f 1 -wi 25 -w 2s -i 8 -r 2s \
 *     -prof io.github.customerid.benchmarks.JvmCpuTimeProfiler
 * }</pre>
 *
 * <p>Both sides need about 50 s of warm-up on a 2-core machine shared with other builds before the
 * JIT has compiled the driver's and the embedded server's paths; the short profile's 0.5 s of
 * warm-up measures mostly the interpreter, whichever side happens to be compiled first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MongoStrictBenchmark {

  /** The contenders; {@link #DRIVER_FIND_ONE_AND_UPDATE} is the baseline. */
  public enum Impl {
    /** Baseline: the driver's {@code findOneAndUpdate} written by hand, plus concatenation. */
    DRIVER_FIND_ONE_AND_UPDATE {
      @Override
      Supplier<String> create(MongoDatabase db) {
        return handWritten(db, Filters.eq("name", MongoFixture.SEQUENCE));
      }
    },
    /**
     * Informative: the hand-written call with the store's guard added to its filter ({@code seq: {$type:
     * ["int", "long"], $gte: 0, $lte: MAX - 1}}), so that the difference between this row and the
     * baseline is the guard's cost on the server, and the difference between the library and this row
     * is everything else the library does.
     */
    DRIVER_GUARDED {
      @Override
      Supplier<String> create(MongoDatabase db) {
        return handWritten(db, new Document("name", MongoFixture.SEQUENCE).append("seq",
            new Document("$type", List.of("int", "long")).append("$gte", 0L)
                .append("$lte", Long.MAX_VALUE - 1)));
      }
    },
    /** The library: {@code IdAllocator.next()}, strict mode, {@code MongoSequenceStore} defaults. */
    ALLOCATOR_STRICT {
      @Override
      Supplier<String> create(MongoDatabase db) {
        IdAllocator ids = IdAllocator.builder(MongoSequenceStore.builder(db).build())
            .sequence(MongoFixture.SEQUENCE).strict().build();
        ids.initialize(MemoryStrictBenchmark.START);
        return ids::next;
      }
    };

    abstract Supplier<String> create(MongoDatabase db);

    /**
     * The hand-written call on the store's collection layout ({@code counters}, unique index on {@code
     * name}, the counter at the benchmark's start): {@code findOneAndUpdate} of {@code $inc} with
     * {@code filter}, upsert, returning the document after the update, then {@code "PL" + seq}.
     */
    private static Supplier<String> handWritten(MongoDatabase db, Bson filter) {
      MongoCollection<Document> counters = db.getCollection(MongoSequenceStore.DEFAULT_COLLECTION)
          .withWriteConcern(MongoFixture.WRITE_CONCERN);
      counters.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
      counters.insertOne(new Document("name", MongoFixture.SEQUENCE)
          .append("seq", MemoryStrictBenchmark.START));
      Bson increment = Updates.inc("seq", 1L);
      FindOneAndUpdateOptions options =
          new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
      return () -> "PL" + counters.findOneAndUpdate(filter, increment, options).getLong("seq");
    }
  }

  @Param
  Impl impl;

  private MongoFixture mongo;
  private Supplier<String> ids;

  @Setup
  public void setUp() {
    mongo = MongoFixture.start();
    ids = impl.create(mongo.database());
  }

  @TearDown
  public void tearDown() {
    mongo.close();
  }

  @Benchmark
  public String next() {
    return ids.get();
  }
}
