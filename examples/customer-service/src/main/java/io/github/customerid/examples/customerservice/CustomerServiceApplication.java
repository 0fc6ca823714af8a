package io.github.customerid.examples.customerservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The customer backend of the Node/Mongoose system this library replaces, on Spring Boot with
 * customer-id-spring-boot-starter: registration gives every customer the next ID (PL1, PL2, ...),
 * the customer list shows them, and receptionists search by a typed ID.
 *
 * <p>Run it from the repository's root (the README's "The example service" has a {@code curl} for
 * every endpoint):
 *
 * <pre>
 * ./mvnw -B -q -pl examples/customer-service -am package -DskipTests -Dmaven.javadoc.skip=true \
 *     &amp;&amp; java -jar examples/customer-service/target/customer-service.jar
 * </pre>
 */
@SpringBootApplication
public class CustomerServiceApplication {

  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments, e.g. {@code --spring.mongodb.uri=mongodb://localhost/shop}
   */
  public static void main(String[] args) {
    SpringApplication.run(CustomerServiceApplication.class, args);
  }
}
