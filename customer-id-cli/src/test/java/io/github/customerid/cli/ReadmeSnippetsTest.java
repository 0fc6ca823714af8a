package io.github.customerid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** README.md's Maven snippets name this build's version, and its Example compiles and runs. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReadmeSnippetsTest {

  private static final Pattern OUR_DEPENDENCY = Pattern.compile(
      "<dependency>\\s*<groupId>io\\.github\\.customerid</groupId>\\s*<artifactId>([^<]+)"
          + "</artifactId>(?:\\s*<!--[^>]*-->)?\\s*<version>([^<]+)</version>");

  @Test
  void shouldNameTheProjectVersionInEveryMavenSnippet() throws Exception {
    String readme = Files.readString(ReadmeOperationsTest.ROOT.resolve("README.md"));
    String version = System.getProperty("customerid.projectVersion");
    Matcher m = OUR_DEPENDENCY.matcher(readme);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
      assertThat(m.group(2)).as("version of " + m.group(1) + " in README.md").isEqualTo(version);
    }
    assertThat(found).contains("customer-id-bom", "customer-id-memory", "customer-id-mongo");
  }

  @Test
  void shouldCompileAndRunTheExample(@TempDir Path dir) throws Exception {
    String source = String.join("\n", ReadmeOperationsTest.block("## Example", "java"));
    Path file = dir.resolve("Example.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
        "-cp", classpath, file.toString());
    assertThat(compiled).as("javac exit code").isZero();

    Process run = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", dir + java.io.File.pathSeparator + classpath, "Example")
        .redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("PL24 24 PL24");
  }
}
