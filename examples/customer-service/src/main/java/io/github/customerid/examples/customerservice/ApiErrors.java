package io.github.customerid.examples.customerservice;

import io.github.customerid.core.InvalidIdException;
import io.github.customerid.spring.boot.CustomerIdCollisionException;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/** Clear 4xx answers in the Node/Mongoose system's shape: {@code {success: false, message}}. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<Api.Failure> invalid(MethodArgumentNotValidException e) {
    String message = e.getBindingResult().getFieldErrors().stream()
        .map(f -> f.getDefaultMessage()).sorted().collect(Collectors.joining("; "));
    return answer(HttpStatus.BAD_REQUEST, message);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Api.Failure> unreadable(HttpMessageNotReadableException e) {
    return answer(HttpStatus.BAD_REQUEST, "the request body is not the expected JSON object");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Api.Failure> missing(MissingServletRequestParameterException e) {
    return answer(HttpStatus.BAD_REQUEST, e.getParameterName() + " is required");
  }

  @ExceptionHandler(InvalidIdException.class)
  ResponseEntity<Api.Failure> invalidId(InvalidIdException e) {
    return answer(HttpStatus.BAD_REQUEST, "not a customer ID: " + e.getMessage());
  }

  /**
   * A customer ID handed out was taken twice in a row (the counter is being set back while the
   * service runs). The counter has been moved past the data: sending the registration again works.
   */
  @ExceptionHandler(CustomerIdCollisionException.class)
  ResponseEntity<Api.Failure> collision(CustomerIdCollisionException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
        .body(new Api.Failure("customer ID " + String.join(", ", e.ids()) + " was already taken: "
            + "the customer ID counter was behind the stored customers and has been moved past "
            + "them; send the registration again"));
  }

  /** Another unique key than the e-mail address (which the controller answers itself). */
  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<Api.Failure> duplicate(DuplicateKeyException e) {
    return answer(HttpStatus.CONFLICT, "the user conflicts with a stored one on a unique key");
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Api.Failure> status(ResponseStatusException e) {
    return answer(HttpStatus.valueOf(e.getStatusCode().value()), e.getReason());
  }

  private static ResponseEntity<Api.Failure> answer(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(new Api.Failure(message));
  }
}
