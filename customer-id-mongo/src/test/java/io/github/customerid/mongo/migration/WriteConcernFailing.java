package io.github.customerid.mongo.migration;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoCollection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * A collection whose bulk writes are applied and then answered with a write-concern error (code 64,
 * "waiting for replication timed out", no write errors), as a primary answers when the majority does
 * not confirm in time.
 */
final class WriteConcernFailing {

  private WriteConcernFailing() {}

  @SuppressWarnings("unchecked")
  static MongoCollection<Document> wrap(MongoCollection<Document> real) {
    return (MongoCollection<Document>) Proxy.newProxyInstance(
        WriteConcernFailing.class.getClassLoader(), new Class<?>[] {MongoCollection.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("bulkWrite")) {
            throw new MongoBulkWriteException((BulkWriteResult) result, List.of(),
                new WriteConcernError(64, "WriteConcernFailed",
                    "waiting for replication timed out", new BsonDocument()),
                new ServerAddress(), Set.of());
          }
          return result;
        });
  }
}
