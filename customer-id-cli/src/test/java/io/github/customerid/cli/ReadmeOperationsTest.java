package io.github.customerid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Runs the shell block of README.md's "Operations" section, the same text, against the embedded
 * server its {@code customer-id serve} line starts, and checks what each command's comment claims.
 * So the README and the tool cannot drift apart: a changed command, a new one or a changed output
 * fails here.
 *
 * <p>Two substitutions, both to run inside a test: the commands run in-process (the block's build
 * line is this build, and its alias names the shaded jar, which is checked), and the server listens
 * on a port that was free a moment ago instead of 27017 (the {@code export} line is rewritten to
 * match), so that a MongoDB on the developer's machine cannot get in the way.
 *
 * <p>As in a shell, the command after {@code customer-id serve ... &} starts at once: nothing waits
 * for the URI line, so a server that listened before its sample data was loaded fails here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReadmeOperationsTest {

  static final Path ROOT = Path.of(System.getProperty("customerid.repositoryRoot", ".."));

  /** What each {@code customer-id} command of the block must do, in the block's order. */
  private record Expect(String command, int exitCode, BiConsumer<CustomerIdCliTest.Run,
      MongoCollection<Document>> check) {}

  private static List<Expect> expectations() {
    return List.of(
        new Expect("peek --timeout 60", 0, (r, users) -> {
          assertThat(r.err()).contains("warning: the data already holds IDs up to PL23");
          assertThat(r.out()).contains("does not exist yet", "next ID PL24");
        }),
        new Expect("init --last 23", 0, (r, users) ->
            assertThat(r.out()).contains("the next ID is PL24")),
        new Expect("verify", 1, (r, users) ->
            assertThat(r.out()).contains("UNIQUE_INDEX_MISSING")),
        new Expect("migrate --dry-run", 0, (r, users) ->
            assertThat(users.countDocuments(Filters.exists("customerId"))).isEqualTo(23)),
        new Expect("migrate", 0, (r, users) -> {
          assertThat(r.out()).contains("PL24..PL1023");
          assertThat(users.countDocuments(Filters.exists("customerId"))).isEqualTo(1_023);
        }),
        new Expect("index", 0, (r, users) ->
            assertThat(r.out()).contains("users.customerId_1")),
        new Expect("verify", 0, (r, users) ->
            assertThat(r.out()).contains("OK: no problems found")),
        new Expect("next", 0, (r, users) -> assertThat(r.out().strip()).isEqualTo("PL1024")),
        new Expect("reconcile", 0, (r, users) ->
            assertThat(r.out()).contains("nothing to change")),
        new Expect("verify --json", 0, (r, users) ->
            assertThat(r.json().getBoolean("ok")).isTrue()));
  }

  /** The lines of the first {@code bash} block after a heading of README.md. */
  static List<String> block(String heading, String language) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int at = lines.indexOf(heading);
    assertThat(at).as("README.md has the heading " + heading).isNotNegative();
    int start = lines.subList(at, lines.size()).indexOf("```" + language);
    assertThat(start).as("a ```" + language + " block under " + heading).isNotNegative();
    List<String> block = new ArrayList<>();
    for (int i = at + start + 1; !lines.get(i).equals("```"); i++) {
      block.add(lines.get(i));
    }
    return block;
  }

  @Test
  void shouldRunTheOperationsSectionAsWritten() throws Exception {
    List<Expect> expected = expectations();
    int next = 0;
    Map<String, String> env = new HashMap<>();
    String served = "mongodb://127.0.0.1:" + CustomerIdCliTest.closedPort();
    boolean started = false;
    ServeCommand serve = null;
    FutureTask<Integer> serving = null;
    StringWriter serveOut = new StringWriter();
    MongoClient client = null;
    try {
      for (String raw : block("## Operations", "bash")) {
        String line = raw.replaceFirst("\\s+#\\s.*$", "").strip();
        if (line.startsWith("# ")) {
          continue; // a comment line: a hint for the reader
        }
        if (line.startsWith("./mvnw ") && line.contains("-pl customer-id-cli -am package")) {
          continue; // this build
        }
        if (line.startsWith("alias customer-id=")) {
          assertThat(line).isEqualTo(
              "alias customer-id='java -jar customer-id-cli/target/customer-id-cli.jar'");
          assertThat(Files.readString(ROOT.resolve("customer-id-cli/pom.xml")))
              .as("the alias names the jar the shade plugin writes")
              .contains("<outputFile>${project.build.directory}/customer-id-cli.jar</outputFile>");
          continue;
        }
        if (line.startsWith("customer-id serve") && line.endsWith("&")) {
          List<String> args = args(line.substring("customer-id ".length(), line.length() - 1));
          assertThat(args).as("serve on the default port 27017").doesNotContain("--port");
          args.addAll(List.of("--port", served.substring(served.lastIndexOf(':') + 1)));
          CommandLine cl = CustomerIdCli.commandLine(new PrintWriter(serveOut, true),
              new PrintWriter(new StringWriter(), true), false, Map.of());
          serve = cl.getSubcommands().get("serve").getCommand();
          String[] serveArgs = args.toArray(String[]::new);
          serving = new FutureTask<>(() -> cl.execute(serveArgs));
          new Thread(serving, "readme-serve").start();
          started = true; // and on to the next line at once, as the shell does
          client = MongoClients.create(served);
          continue;
        }
        if (line.startsWith("export ")) {
          String[] kv = line.substring("export ".length()).split("=", 2);
          assertThat(started).as("the server starts before the URI is exported").isTrue();
          assertThat(kv[1]).startsWith("mongodb://127.0.0.1:27017/");
          env.put(kv[0], kv[1].replace("mongodb://127.0.0.1:27017", served));
          continue;
        }
        if (line.equals("kill %1")) {
          assertThat(serve).isNotNull();
          serve.stop();
          assertThat(serving.get(30, TimeUnit.SECONDS)).isZero();
          serving = null;
          continue;
        }
        if (line.startsWith("customer-id ")) {
          String command = line.substring("customer-id ".length());
          assertThat(next).as("a README command without an expectation here: " + command)
              .isLessThan(expected.size());
          Expect e = expected.get(next++);
          assertThat(command).as("README command " + next).isEqualTo(e.command());
          CustomerIdCliTest.Run run =
              CustomerIdCliTest.cli(env, args(command).toArray(String[]::new));
          assertThat(run.code()).as(line + "\n" + run.out() + run.err()).isEqualTo(e.exitCode());
          e.check().accept(run, client.getDatabase("shop").getCollection("users"));
          continue;
        }
        fail("README.md's Operations block has a line this test does not know: " + raw);
      }
      assertThat(next).as("every expected command is in the README").isEqualTo(expected.size());
      assertThat(serving).as("the block stops the server it started").isNull();
      assertThat(serveOut.toString().strip()).as("serve printed its URI").isEqualTo(served);
    } finally {
      if (serving != null) {
        serve.stop();
      }
      if (client != null) {
        client.close();
      }
    }
  }

  private static List<String> args(String line) {
    assertThat(line).as("no quoting in the commands").doesNotContain("'").doesNotContain("\"");
    return new ArrayList<>(List.of(line.strip().split("\\s+")));
  }
}
