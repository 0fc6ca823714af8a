package io.github.customerid.examples.customerservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.github.customerid.core.spi.SequenceStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.mapping.event.BeforeConvertCallback;

/**
 * The example's HTTP API, called over HTTP, in its default mode (embedded MongoDB-wire server).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerServiceApiTest {

  private static final AtomicInteger emails = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();

  /** How many of the next saves the counter is set back to 0 before. */
  private static final AtomicInteger counterSetBacks = new AtomicInteger();

  @LocalServerPort
  int port;

  /** Sets the counter back before a save while {@link #counterSetBacks} says so. */
  @TestConfiguration(proxyBeanMethods = false)
  static class CounterTampering {
    @Bean
    BeforeConvertCallback<User> setCounterBack(SequenceStore store) {
      return new SetBack(store);
    }
  }

  /** Runs before the customer-id callback, which runs last. */
  static final class SetBack implements BeforeConvertCallback<User>, Ordered {
    private final SequenceStore store;

    SetBack(SequenceStore store) {
      this.store = store;
    }

    @Override
    public User onBeforeConvert(User entity, String collection) {
      if (counterSetBacks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        store.resetAllowingDuplicates("customerId", 0);
      }
      return entity;
    }

    @Override
    public int getOrder() {
      return 0;
    }
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String registration(String name, String role) {
    return "{\"name\":\"" + name + "\",\"email\":\"user" + emails.incrementAndGet()
        + "@example.com\",\"phone\":\"+237123456789\",\"password\":\"correct horse\""
        + (role == null ? "" : ",\"role\":\"" + role + "\"") + "}";
  }

  private HttpResponse<String> register(String name, String role) throws Exception {
    return post("/api/auth/register", registration(name, role));
  }

  private static String id(HttpResponse<String> response) {
    return JsonPath.read(response.body(), "$.customerId");
  }

  @Test
  void shouldRegisterACustomerWithTheNextCustomerIdInTheOriginalSystemsShape() throws Exception {
    HttpResponse<String> response = register("John Doe", null);
    assertThat(response.statusCode()).isEqualTo(201);
    Map<String, Object> body = JsonPath.read(response.body(), "$");
    // Exactly the Node system's registration response: the user and a token, no success wrapper.
    assertThat(body.keySet()).containsExactlyInAnyOrder("_id", "customerId", "name", "email",
        "phone", "role", "token");
    assertThat((String) body.get("customerId")).matches("PL[1-9][0-9]*");
    assertThat(body).containsEntry("name", "John Doe").containsEntry("role", "customer")
        .containsEntry("phone", "+237123456789");
  }

  @Test
  void shouldListCustomersAndFindOneInTheOriginalSystemsShapes() throws Exception {
    String customerId = id(register("Shape", null));

    Map<String, Object> list = JsonPath.read(get("/api/customers").body(), "$");
    assertThat(list.keySet()).containsExactlyInAnyOrder("success", "count", "data");
    List<Map<String, Object>> entries = JsonPath.read(get("/api/customers").body(), "$.data");
    assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry.keySet())
        .containsExactlyInAnyOrder("_id", "customerId", "name", "email", "role"));

    String search = get("/api/customers/search?customerId=" + customerId).body();
    Map<String, Object> found = JsonPath.read(search, "$");
    assertThat(found.keySet()).containsExactlyInAnyOrder("success", "data");
    Map<String, Object> user = JsonPath.read(search, "$.data");
    assertThat(user.keySet()).containsExactlyInAnyOrder("_id", "customerId", "name", "email",
        "phone", "role");
  }

  @Test
  void shouldGiveStaffNoCustomerIdAndLeaveThemOutOfTheCustomerList() throws Exception {
    HttpResponse<String> staff = register("Rita Receptionist", "receptionist");
    assertThat(staff.statusCode()).isEqualTo(201);
    assertThat(staff.body()).doesNotContain("customerId");
    String staffId = JsonPath.read(staff.body(), "$._id");

    HttpResponse<String> list = get("/api/customers");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat((Boolean) JsonPath.read(list.body(), "$.success")).isTrue();
    List<Map<String, Object>> data = JsonPath.read(list.body(), "$.data");
    assertThat((Integer) JsonPath.read(list.body(), "$.count")).isEqualTo(data.size());
    assertThat(data).noneMatch(c -> staffId.equals(c.get("_id")));
    assertThat(data).allSatisfy(c -> assertThat(c).containsKey("customerId")
        .containsEntry("role", "customer"));
  }

  @Test
  void shouldFindACustomerByATypedIdForTheReceptionist() throws Exception {
    String customerId = id(register("Findable", null));
    String typed = URLEncoder.encode("  " + customerId.toLowerCase() + " ", StandardCharsets.UTF_8);
    HttpResponse<String> found = get("/api/customers/search?customerId=" + typed);
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat((String) JsonPath.read(found.body(), "$.data.customerId")).isEqualTo(customerId);
    assertThat((String) JsonPath.read(found.body(), "$.data.name")).isEqualTo("Findable");

    HttpResponse<String> nobody = get("/api/customers/search?customerId=PL999999");
    assertThat(nobody.statusCode()).isEqualTo(404);
    assertThat(nobody.body()).contains("\"success\":false").contains("PL999999");
  }

  @Test
  void shouldAnswerBadInputWithAClear4xx() throws Exception {
    HttpResponse<String> malformedId = get("/api/customers/search?customerId="
        + URLEncoder.encode("P L24", StandardCharsets.UTF_8));
    assertThat(malformedId.statusCode()).isEqualTo(400);
    assertThat(malformedId.body()).contains("\"success\":false").contains("P L24");

    assertThat(get("/api/customers/search").statusCode()).isEqualTo(400);

    HttpResponse<String> badEmail = post("/api/auth/register",
        "{\"name\":\"X\",\"email\":\"not-an-address\",\"phone\":\"+237123456789\","
            + "\"password\":\"correct horse\"}");
    assertThat(badEmail.statusCode()).isEqualTo(400);
    assertThat(badEmail.body()).contains("email is not an e-mail address");

    HttpResponse<String> missing = post("/api/auth/register", "{\"email\":\"a@example.com\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("name is required").contains("password is required")
        .contains("phone is required");

    HttpResponse<String> badRole = post("/api/auth/register", registration("Y", "superuser"));
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(badRole.body()).contains("role must be customer, receptionist or admin");

    HttpResponse<String> notJson = post("/api/auth/register", "{name:");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not the expected JSON");
  }

  @Test
  void shouldRefuseASecondRegistrationWithTheSameEmail() throws Exception {
    String body = registration("Twin", null);
    assertThat(post("/api/auth/register", body).statusCode()).isEqualTo(201);
    HttpResponse<String> again = post("/api/auth/register", body);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already registered");
  }

  @Test
  void shouldAnswerACustomerIdCollisionAsSuchNotAsATakenEmail() throws Exception {
    assertThat(register("Holds an early ID", null).statusCode()).isEqualTo(201);
    // Someone sets the counter back to 0 before each of the next two saves: the registration's
    // insert and its one retry both draw PL1, which is taken.
    counterSetBacks.set(2);
    HttpResponse<String> collided = register("Unlucky", null);
    assertThat(counterSetBacks.get()).isZero();
    assertThat(collided.statusCode()).isEqualTo(503);
    assertThat(collided.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(collided.body()).contains("\"success\":false")
        .contains("customer ID PL1 was already taken").contains("send the registration again")
        .doesNotContain("email");

    HttpResponse<String> again = register("Unlucky", null);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
  }

  @Test
  void shouldGiveEightConcurrentRegistrationThreadsDistinctIds() throws Exception {
    int threads = 8;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            HttpResponse<String> r = register("Rush " + thread + "-" + i, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ids.add(id(r));
          }
          return ids;
        }));
      }
      start.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<List<String>> f : results) {
        distinct.addAll(f.get(5, TimeUnit.MINUTES));
      }
      assertThat(distinct).hasSize(threads * perThread);
      List<String> listed = JsonPath.read(get("/api/customers").body(), "$.data[*].customerId");
      assertThat(listed).containsAll(distinct).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }
}
