package io.github.customerid.examples.customerservice;

import io.github.customerid.spring.boot.CustomerIdCollisionException;
import io.github.customerid.spring.boot.CustomerIdLookup;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The three endpoints of the Node/Mongoose system that concern customer IDs. */
@RestController
@RequestMapping("/api")
class CustomerController {

  private final UserRepository users;
  private final CustomerIdLookup lookup;

  CustomerController(UserRepository users, CustomerIdLookup lookup) {
    this.users = users;
    this.lookup = lookup;
  }

  /** Registers a user; a customer gets the next customer ID as it is saved. */
  @PostMapping("/auth/register")
  @ResponseStatus(HttpStatus.CREATED)
  Api.Registered register(@Valid @RequestBody Api.RegisterRequest request) {
    String role = request.role() == null ? "customer" : request.role();
    User user = new User(null, null, request.name().strip(),
        request.email().strip().toLowerCase(Locale.ROOT), request.phone().strip(), role,
        Passwords.hash(request.password()), Instant.now());
    User saved;
    try {
      saved = insert(user);
    } catch (DuplicateKeyException e) {
      if (!(e instanceof CustomerIdCollisionException) && users.existsByEmail(user.email())) {
        throw new ResponseStatusException(HttpStatus.CONFLICT,
            "a user with this email is already registered");
      }
      throw e; // see ApiErrors
    }
    return new Api.Registered(saved.id(), saved.customerId(), saved.name(), saved.email(),
        saved.phone(), saved.role(), Passwords.token());
  }

  private User insert(User user) {
    try {
      return users.insert(user);
    } catch (CustomerIdCollisionException e) {
      // The counter was behind the data (set back while the service ran) and has just been moved
      // forward: the same insert now gets a free ID. A second collision goes to the caller.
      return users.insert(user);
    }
  }

  /** Lists the customers, oldest first, with their customer IDs. */
  @GetMapping("/customers")
  Api.CustomerList customers() {
    List<Api.CustomerEntry> data = users.findByRoleOrderByCreatedAtAsc("customer").stream()
        .map(Api.CustomerEntry::of).toList();
    return new Api.CustomerList(true, data.size(), data);
  }

  /** The receptionist's search: a customer ID as typed ({@code " pl24 "}) finds PL24. */
  @GetMapping("/customers/search")
  Api.Found search(@RequestParam("customerId") String typed) {
    String id = lookup.normalize(typed); // a malformed ID is a 400, see ApiErrors
    return users.findByCustomerId(id).map(u -> new Api.Found(true, Api.UserView.of(u)))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
            "no customer has the ID " + id));
  }
}
