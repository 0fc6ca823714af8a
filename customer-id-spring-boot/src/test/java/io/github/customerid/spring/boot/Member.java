package io.github.customerid.spring.boot;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/** An immutable record in its own collection; every member is a customer; the field is renamed. */
@Document("members")
public record Member(@Id String id, @CustomerId(whenProperty = "") @Field("memberNo") String number,
    String name) {}
