package io.github.customerid.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code String} property of a Spring Data MongoDB entity that holds the customer ID. When
 * an entity of that type is saved ({@code MongoTemplate.insert/save/insertAll}, repository {@code
 * save/saveAll}, bulk inserts) and it is a customer whose property is empty ({@code null} or blank),
 * the property gets the next ID ({@code PL1}, {@code PL2}, ...) before the entity is converted and
 * written. A value that is already there is kept.
 *
 * <pre>{@code
 * @Document("users")
 * public record User(@Id String id, @CustomerId String customerId, String name, String role) {}
 *
 * users.save(new User(null, null, "John Doe", "customer")); // customerId "PL24"
 * }</pre>
 *
 * <p><b>Who is a customer.</b> By default, as in the Node/Mongoose system this library replaces, an
 * entity whose property {@code role} holds {@code "customer"} (a {@code String} equal to it, or an
 * enum constant whose name equals it ignoring case). {@link #whenProperty()} and {@link #whenValue()}
 * change the rule per entity type; {@code whenProperty = ""} makes every entity of the type a
 * customer.
 *
 * <p>Mutable classes get the ID through their setter or field; records and immutable classes get a
 * new instance, built with a wither ({@code withCustomerId(String)}) or the all-arguments
 * constructor, which Spring Data then writes and returns from {@code save}.
 *
 * <p>The property is also where the start-up index (unique, sparse) and reconcile look, in the
 * entity's collection. One property per entity type may carry the annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE, ElementType.RECORD_COMPONENT})
public @interface CustomerId {

  /**
   * Names the property whose value tells whether an entity is a customer.
   *
   * @return the Java property name; empty means every entity of the type is a customer. Default
   *     {@code "role"}
   */
  String whenProperty() default "role";

  /**
   * Names the value of {@link #whenProperty()} that makes an entity a customer. Compared with a
   * {@code String} property's value exactly, with an enum constant's name ignoring case, and with the
   * {@code toString()} of any other value.
   *
   * @return the value; default {@code "customer"}
   */
  String whenValue() default "customer";
}
