package io.github.customerid.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application as a user writes one: entities, repositories, nothing else. */
@SpringBootApplication
public class ShopApplication {}
