package io.github.customerid.spring.boot.app;

import org.springframework.data.mongodb.repository.MongoRepository;

/** Repository of records. */
public interface GuestRepository extends MongoRepository<Guest, String> {}
