package io.github.customerid.examples.customerservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The JSON shapes of the Node/Mongoose system's API, as its documentation shows them: the
 * registration answers with the user itself and a token, at the top level and without {@code
 * success}; the customer list wraps its entries in {@code {success, count, data}}, each entry {@code
 * {_id, customerId, name, email, role}}. The receptionist search, which that system planned but did
 * not have, answers like the list ({@code {success, data}}), with the user as its front end knows it
 * ({@code _id, customerId, name, email, phone, role}). Errors are {@code {success: false, message}}.
 */
final class Api {

  private Api() {}

  /**
   * {@code POST /api/auth/register} body.
   *
   * @param name 1 to 100 characters
   * @param email an e-mail address
   * @param phone digits, spaces, an optional leading +
   * @param password at least 8 characters
   * @param role {@code customer} (default), {@code receptionist} or {@code admin}
   */
  record RegisterRequest(
      @NotBlank(message = "name is required") @Size(max = 100, message = "name is longer than 100 characters") String name,
      @NotBlank(message = "email is required") @Email(message = "email is not an e-mail address") String email,
      @NotBlank(message = "phone is required") @Pattern(regexp = "\\+?[0-9 ]{6,20}", message = "phone must be 6 to 20 digits or spaces, optionally after a +") String phone,
      @NotBlank(message = "password is required") @Size(min = 8, max = 200, message = "password must have 8 to 200 characters") String password,
      @Pattern(regexp = "customer|receptionist|admin", message = "role must be customer, receptionist or admin") String role) {}

  /** The registration response: the user, with {@code customerId} for customers, and a token. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Registered(@JsonProperty("_id") String id, String customerId, String name, String email,
      String phone, String role, String token) {}

  /** One entry of the customer list, as the Node system lists customers (no phone). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CustomerEntry(@JsonProperty("_id") String id, String customerId, String name, String email,
      String role) {

    static CustomerEntry of(User u) {
      return new CustomerEntry(u.id(), u.customerId(), u.name(), u.email(), u.role());
    }
  }

  /** A user as the Node system's front end knows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UserView(@JsonProperty("_id") String id, String customerId, String name, String email,
      String phone, String role) {

    static UserView of(User u) {
      return new UserView(u.id(), u.customerId(), u.name(), u.email(), u.phone(), u.role());
    }
  }

  /** {@code GET /api/customers}. */
  record CustomerList(boolean success, int count, List<CustomerEntry> data) {}

  /** The receptionist search's answer. */
  record Found(boolean success, UserView data) {}

  /** Every error: {@code success: false} and a message saying what was wrong. */
  record Failure(boolean success, String message) {
    Failure(String message) {
      this(false, message);
    }
  }
}
